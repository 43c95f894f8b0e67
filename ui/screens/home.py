"""Home: the resident's own archives, one big button per record type with its count."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.archive.types import label
from kiosk.privacy import mask_name
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton


class HomeScreen(Screen):
    prompt_key = "home"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Your archives"))
        self.greeting = self.add_text(name="greeting")
        self.status = self.add_text(role="small", name="status")
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.type_buttons: list[BigButton] = []
        self.add_button(lambda: self.tr("Search the catalogue"), "open_search")
        self.add_button(lambda: self.tr("Request a record"), "open_request")
        self.add_button(lambda: self.tr("Service guides"), "open_guide")
        # Finish keeps its corner: the first button at the bottom left, on every screen.
        self.buttons.insertWidget(0, self.make_button(lambda: self.tr("Finish"), "checkout", "neutral"))

    def render(self, session: Session) -> None:
        card = session.data.card
        # The name is shown half-masked: a passer-by should not learn it from a glance.
        self.greeting.setText(self.tr("Hello, %1").replace("%1", mask_name(card.name) if card else ""))
        self._clear_types()
        counts = Counter(r.record_type for r in session.data.records)
        loading = self.view.records_loading
        if loading:
            self.status.setText(self.tr("Loading your archives…"))
        elif not counts:
            self.status.setText(self.tr("No archives linked to your card are held here. Search the catalogue "
                                        "or request a record."))
        else:
            self.status.setText(self.tr("%n record(s) found.", "", sum(counts.values())))
        lang = self.language()
        for i, (rtype, n) in enumerate(sorted(counts.items())):
            b = BigButton(f"{label(rtype, lang)}  ({n})", "secondary", self)
            b.setObjectName(f"type_{rtype}")
            b.clicked.connect(lambda _=False, t=rtype: self.action.emit("open_type", t))
            self.grid.addWidget(b, i // 2, i % 2)
            self.type_buttons.append(b)

    def _clear_types(self) -> None:
        for b in self.type_buttons:
            b.hide()
            self.grid.removeWidget(b)
            b.deleteLater()
        self.type_buttons.clear()

    def forget(self) -> None:
        self.greeting.clear()
        self.status.clear()
        self._clear_types()
