"""Catalogue search: names, years, titles. Own records open; others show masked and lead to a request.

Three ways to type, behind three big labelled switches: 手写 (write a character with a finger — the
first choice in elder mode, since many elderly residents write but do not type pinyin), 拼音, and 123 for
years and certificate numbers. The query stays in its field after searching, and the results say what
was searched for.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QStackedWidget, QVBoxLayout, QWidget)

from hardware.handwriting import Recogniser
from kiosk.archive.types import label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.theme import MIN_ELDER_PX
from ui.widgets.buttons import BigButton
from ui.widgets.handwriting_pad import HandwritingPad
from ui.widgets.keyboard import OnScreenKeyboard

#: The input methods, in the order their switches show.
INPUTS = ("handwriting", "pinyin", "digits")
#: The query's text size, in multiples of the screen's.
QUERY_EM = 1.5


class SearchScreen(Screen):
    prompt_key = "search"

    def __init__(self, open_recogniser: Callable[[], Recogniser] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # No title: the pad and the keys need the height; each says beside itself what to do.
        self.title.hide()
        row = QHBoxLayout()
        self.query = QLineEdit(self)
        self.query.setObjectName("query")
        self._query_px = 0
        # No placeholder text: Qt paints it half-transparent, below 7:1.
        row.addWidget(self.query, 1)
        self.go = self.make_button(lambda: self.tr("Search"), "search", "primary")
        self.go.clicked.disconnect()
        self.go.clicked.connect(lambda: self.action.emit("search", self.query.text()))
        row.addWidget(self.go)
        self.show_keys = self.make_button(lambda: self.tr("✎ Change the search"), "show_keyboard")
        self.show_keys.clicked.disconnect()
        self.show_keys.clicked.connect(self._show_input)
        self.show_keys.clicked.connect(self._used)
        row.addWidget(self.show_keys)
        self.body.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setProperty("role", "small")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.results = QListWidget(self)
        self.results.setObjectName("results")
        self.results.setWordWrap(True)
        self.results.itemClicked.connect(self._pick)
        self.body.addWidget(self.results, 1)
        self.input_area = QWidget(self)
        self.input_area.setObjectName("search_input")
        area = QHBoxLayout(self.input_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(24)
        # The switches' column is as wide as their widest words (「✔ 拼音」): a button's style-sheet minimum
        # would otherwise let the keys beside them squeeze the words.
        self.switch_column = QWidget(self.input_area)
        switches = QVBoxLayout(self.switch_column)
        switches.setContentsMargins(0, 0, 0, 0)
        switches.setSpacing(8)
        self.switch_group = QButtonGroup(self)
        self.switches: dict[str, BigButton] = {}
        for name in INPUTS:
            b = BigButton("", "secondary", self.switch_column)
            b.setObjectName(f"input_{name}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=name: self.use_input(n))
            b.clicked.connect(self._used)
            self.switch_group.addButton(b)
            switches.addWidget(b)
            self.switches[name] = b
        switches.addStretch(1)
        area.addWidget(self.switch_column)
        self.inputs = QStackedWidget(self.input_area)
        self.pad = HandwritingPad(self.query, open_recogniser, self.inputs)
        self.keyboard = OnScreenKeyboard(self.query, self.inputs)
        self.pad.used.connect(self._used)
        self.keyboard.used.connect(self._used)
        self.inputs.addWidget(self.pad)
        self.inputs.addWidget(self.keyboard)
        area.addWidget(self.inputs)
        area.addStretch(1)
        self.body.addWidget(self.input_area, 1)
        self.input_name = ""
        # The input shows first; hidden results keep the screen's height (a stacked screen counts toward the
        # window's minimum even while another one shows) within a 1080-line screen.
        self._show_input()
        self.add_button(lambda: self.tr("◀ Back"), "home")
        self.add_button(lambda: self.tr("Request a record"), "open_request")
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "switches"):
            return
        names = {"handwriting": self.tr("Write"), "pinyin": self.tr("Pinyin"), "digits": self.tr("123")}
        for name, b in self.switches.items():
            # The chosen switch says so with a tick, not by colour alone.
            b.setText(("✔ " if name == self.input_name else "") + names[name])
        self._fit_switches()

    def _fit_switches(self) -> None:
        self.switch_column.setMinimumWidth(max(b.sizeHint().width() for b in self.switches.values()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "switches"):
            self._fit_switches()
            self._size_query()

    def _size_query(self) -> None:
        """What was written is checked by eye before searching: larger than the screen's text."""
        px = round(QFontInfo(self.font()).pixelSize() * QUERY_EM)
        if px != self._query_px:
            self._query_px = px
            self.query.setStyleSheet(f"QLineEdit {{ font-size: {px}px; }}")

    # --- input methods ----------------------------------------------------------------------------
    def default_input(self) -> str:
        """Handwriting in elder mode (when the pad can recognise), pinyin otherwise."""
        self.ensurePolished()  # the style sheet's text size is the widget's font only once polished
        elder = QFontInfo(self.font()).pixelSize() >= MIN_ELDER_PX
        return "handwriting" if elder and self.pad.available else "pinyin"

    def use_input(self, name: str) -> None:
        if name not in INPUTS:
            raise ValueError(f"unknown input {name!r}")
        self.input_name = name
        self.switches[name].setChecked(True)
        if name == "handwriting":
            self.inputs.setCurrentWidget(self.pad)
        else:
            self.keyboard.set_mode(name)
            self.inputs.setCurrentWidget(self.keyboard)
        self.retranslate()

    def _used(self) -> None:
        if self.session is not None:
            self.session.touch()

    def _show_input(self) -> None:
        # What goes is hidden before the input shows: for a moment both would ask for more than a
        # 1080-line screen, and the window would grow. The summary line is the results' own: its height
        # goes to the keys (four rows of 128 px keys fit in elder mode).
        self.results.hide()
        self.show_keys.hide()
        self.summary.hide()
        self.input_area.show()

    # --- the session ------------------------------------------------------------------------------
    def prompt(self) -> str:
        # The results, or the input brought back over them: the prompt follows what is shown.
        if self.session is not None and self.view.search_hits is not None and self.input_area.isHidden():
            return "search_results"
        # The pad asks for something else than typing: its own words.
        return "search_handwriting" if self.input_name == "handwriting" else "search"

    def enter(self, session: Session) -> None:
        if not self.isVisible():
            # Shown afresh (not redrawn): the input the current look suggests, even if the look changed.
            self.use_input(self.default_input())
        super().enter(session)

    def render(self, session: Session) -> None:
        hits = self.view.search_hits
        self.results.clear()
        if self.view.search_query and self.query.text() != self.view.search_query:
            self.query.setText(self.view.search_query)
        # Results take the input's place; the query stays above them and one touch brings the input back.
        if hits is None:
            self._show_input()
            return
        self.input_area.hide()
        self.results.show()
        self.show_keys.show()
        self.summary.show()
        self.summary.setText(self.tr("“%1”: %n result(s).", "", len(hits)).replace("%1", self.view.search_query)
                             + " " + self.tr("Records marked ▶ are yours and can be opened; the others can be "
                                             "requested."))
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
        self.query.clear()
        self.keyboard.reset()
        self.pad.reset()
        self.results.clear()
        self.summary.clear()
        self._show_input()
