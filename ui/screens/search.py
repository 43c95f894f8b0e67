"""Catalogue search: names, years, titles. Own records open; others show masked and lead to a request."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.archive.types import label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.keyboard import OnScreenKeyboard


class SearchScreen(Screen):
    prompt_key = "search"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # No title: the keyboard needs the height; the summary line says what to type.
        self.title.hide()
        row = QHBoxLayout()
        self.query = QLineEdit(self)
        self.query.setObjectName("query")
        # No placeholder text: Qt paints it half-transparent, below 7:1; the summary line says what to type.
        row.addWidget(self.query, 1)
        self.go = self.make_button(lambda: self.tr("Search"), "search", "primary")
        self.go.clicked.disconnect()
        self.go.clicked.connect(lambda: self.action.emit("search", self.query.text()))
        row.addWidget(self.go)
        self.show_keys = self.make_button(lambda: self.tr("⌨ Keyboard"), "show_keyboard")
        self.show_keys.clicked.disconnect()
        self.show_keys.clicked.connect(self._show_keyboard)
        row.addWidget(self.show_keys)
        self.body.addLayout(row)
        lower = QHBoxLayout()
        left = QVBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setProperty("role", "small")
        self.summary.setWordWrap(True)
        left.addWidget(self.summary)
        self.results = QListWidget(self)
        self.results.setObjectName("results")
        self.results.setWordWrap(True)
        self.results.itemClicked.connect(self._pick)
        left.addWidget(self.results, 1)
        lower.addLayout(left, 1)
        self.keyboard = OnScreenKeyboard(self.query, self)
        lower.addWidget(self.keyboard)
        self.body.addLayout(lower, 1)
        self.add_button(lambda: self.tr("◀ Back"), "home")
        self.add_button(lambda: self.tr("Request a record"), "open_request")

    def _show_keyboard(self) -> None:
        self.keyboard.show()
        self.show_keys.hide()

    def prompt(self) -> str:
        showing = self.session is not None and self.view.search_hits is not None
        return "search_results" if showing else "search"

    def render(self, session: Session) -> None:
        hits = self.view.search_hits
        self.results.clear()
        # Results take the whole width; the keyboard comes back with one touch.
        self.keyboard.setVisible(hits is None)
        self.show_keys.setVisible(hits is not None)
        if hits is None:
            self.summary.setText(self.tr("Search the catalogue: type a name with the pinyin keys, or a year "
                                         "with 123."))
            return
        self.summary.setText(self.tr("%n result(s).", "", len(hits)) + " " +
                             self.tr("Records marked ▶ are yours and can be opened; the others can be requested."))
        lang = self.language()
        for i, hit in enumerate(hits):
            mark = "▶" if hit.openable else "✉"
            what = hit.title if hit.openable else hit.masked_names
            item = QListWidgetItem(f"{mark} {label(hit.record_type, lang)} · {hit.year} · {what}")
            item.setData(256, i)
            self.results.addItem(item)

    def _pick(self, item: QListWidgetItem) -> None:
        self.action.emit("open_hit", item.data(256))

    def forget(self) -> None:
        self.keyboard.show()
        self.query.clear()
        self.keyboard.reset()
        self.results.clear()
        self.summary.clear()
