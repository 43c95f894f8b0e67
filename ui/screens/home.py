"""Home: the resident's own archives, grouped by type."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from kiosk.archive.types import label
from kiosk.privacy import mask_name
from kiosk.session import Session
from ui.screens.base import Screen


class HomeScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.greeting = self.add_text()
        self.records = QListWidget(self)
        self.records.setObjectName("records")
        self.body.addWidget(self.records, 1)
        self.add_button(self.tr("Finish"), "logout", "danger")

    def enter(self, session: Session) -> None:
        card = session.data.card
        # The screen shows the name half-masked: a passer-by should not learn it from a glance.
        self.title.setText(self.tr("Your archives"))
        self.greeting.setText(self.tr("Hello, %1").replace("%1", mask_name(card.name) if card else ""))
        self.records.clear()
        for r in session.data.records:
            item = QListWidgetItem(f"{label(r.record_type)} · {r.year} · {r.title}")
            self.records.addItem(item)

    def clear(self) -> None:
        self.greeting.clear()
        self.records.clear()
