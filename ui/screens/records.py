"""The records of one type: a large card row per record (its title, the office that holds it, the year)
with "View ›" at the right; a touch anywhere on the row opens it. Rows that do not fit are paged."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.archive.record_words import record_office, record_title
from kiosk.archive.types import label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.card_rows import CardPages


class RecordsScreen(Screen):
    prompt_key = "records"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cards = CardPages(self, "records")
        self.cards.opened.connect(self._open)
        self.body.addWidget(self.cards, 1)
        self.record_ids: list[str] = []
        # Finish keeps its corner: the first button at the bottom left, on every screen.
        self.add_button(lambda: self.tr("Finish"), "checkout", "neutral")
        self.add_button(lambda: self.tr("◀ Back"), "home")
        self.buttons.addStretch(1)

    @property
    def rows(self):
        return self.cards.rows

    def render(self, session: Session) -> None:
        rtype = self.view.record_type
        lang = self.language()
        self.title.setText(label(rtype, lang))
        shown = [r for r in session.data.records if r.record_type == rtype]
        ids = [r.record_id for r in shown]
        rows = [(record_title(r, lang), self.tr("%1 · %2", "office, year").replace("%1", record_office(r, lang))
                 .replace("%2", str(r.year))) for r in shown]
        self.record_ids = ids
        self.cards.set_rows(rows, self.tr("View ›"))

    def _open(self, index: int) -> None:
        if 0 <= index < len(self.record_ids):
            self.action.emit("open_record", self.record_ids[index])

    def retranslate(self) -> None:
        super().retranslate()
        self.cards.retranslate()

    def forget(self) -> None:
        self.title.clear()
        self.record_ids = []
        self.cards.clear()
