"""One record: its page in a reader (readable at once, zoom, full screen, read aloud), and the way to a
certified copy."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.archive.page_content import page_content
from kiosk.archive.record_words import record_title
from kiosk.archive.types import label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.page_reader import PageReader


class RecordViewScreen(Screen):
    prompt_key = "record_view"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = PageReader(self)
        self.reader.used.connect(self._used)
        self.reader.readAloud.connect(lambda text: self.action.emit("read_aloud", text))
        self.body.addWidget(self.reader, 1)
        # The button grammar: Finish in its fixed corner, Back beside it, the next step at the right.
        self.add_button(lambda: self.tr("Finish"), "checkout", "neutral")
        self.add_button(lambda: self.tr("◀ Back"), "back_to_records")
        self.buttons.addStretch(1)
        self.add_button(lambda: self.tr("Print a certified copy"), "open_print", "primary")
        self._shown_record: str | None = None

    @property
    def viewer(self):
        """The page canvas (pages, index, zoom) — what tests and the walkthrough look at."""
        return self.reader.canvas

    def _used(self) -> None:
        if self.session is not None:
            self.session.touch()

    def render(self, session: Session) -> None:
        r = session.data.current_record
        if r is None:
            return
        # The title only: the page shows the record's type, year and every field, and each line of facts
        # here would be taken from the page's height.
        lang = self.language()
        # In English the record's own English title: its type would only say the same twice.
        self.title.setText(f"{r.title}\u3000{label(r.record_type, lang)} · {r.year}" if lang == "zh_CN"
                           else f"{record_title(r, lang)} · {r.year}")
        pages = self.view.page_images
        if pages is None:
            self.reader.clear()
            self._shown_record = None
        elif self._shown_record != r.record_id:
            self.reader.set_document(pages, [page_content(r).spoken()])
            self._shown_record = r.record_id

    def forget(self) -> None:
        self.reader.clear()
        self._shown_record = None
        self.title.clear()
