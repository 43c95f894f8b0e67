"""One record: its facts, its pages (zoom, page turn), and the way to a certified copy."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.archive.types import label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.page_viewer import PageViewer


class RecordViewScreen(Screen):
    prompt_key = "record_view"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # The facts run across the screen under the title: in a side column, elder-mode text pushed the
        # page buttons off a 1080-line screen.
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.body.addWidget(self.facts)
        row = QHBoxLayout()
        self.viewer = PageViewer(self)
        row.addWidget(self.viewer, 3)
        side = QVBoxLayout()
        self.page_no = QLabel(self)
        self.page_no.setObjectName("page_no")
        self.page_no.setWordWrap(True)
        side.addWidget(self.page_no)
        grid = QHBoxLayout()
        for text, action in ((lambda: self.tr("◀ Page"), "page_prev"), (lambda: self.tr("Page ▶"), "page_next")):
            grid.addWidget(self._local(text, action))
        side.addLayout(grid)
        zoom = QHBoxLayout()
        for text, action in ((lambda: self.tr("Smaller −"), "zoom_out"), (lambda: self.tr("Larger +"), "zoom_in")):
            zoom.addWidget(self._local(text, action))
        side.addLayout(zoom)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.add_button(lambda: self.tr("◀ Back"), "back_to_records")
        self.add_button(lambda: self.tr("Print a certified copy"), "open_print", "primary")
        self.add_button(lambda: self.tr("Finish"), "checkout", "danger")
        self._shown_record: str | None = None

    def _local(self, text, action: str):
        # Page turning and zoom change only the view: they need no session call.
        b = self.make_button(text, action)
        b.clicked.disconnect()
        b.clicked.connect(lambda: self._view_action(action))
        return b

    def _view_action(self, action: str) -> None:
        if self.session is not None:
            self.session.touch()
        {"page_prev": lambda: self.viewer.turn(-1), "page_next": lambda: self.viewer.turn(1),
         "zoom_out": lambda: self.viewer.zoom_by(-1), "zoom_in": lambda: self.viewer.zoom_by(1)}[action]()
        self._show_page_no()

    def render(self, session: Session) -> None:
        r = session.data.current_record
        if r is None:
            return
        self.title.setText(r.title)
        first = [self.tr("Type: %1").replace("%1", label(r.record_type, self.language())),
                 self.tr("Year: %1").replace("%1", str(r.year)),
                 self.tr("Reference: %1").replace("%1", r.reference)]
        self.facts.setText("\u3000\u3000".join(first) + "\n" + self.tr("Issued by: %1").replace("%1", r.office))
        pages = session.data.extra.get("page_images")
        if pages is None:
            self.viewer.clear()
            self._shown_record = None
        elif self._shown_record != r.record_id:
            self.viewer.set_pages(pages)
            self._shown_record = r.record_id
        self._show_page_no()

    def _show_page_no(self) -> None:
        v = self.viewer
        if not v.pages:
            self.page_no.setText(self.tr("Loading pages…"))
            return
        self.page_no.setText(self.tr("Page %1 of %2, zoom %3×").replace("%1", str(v.index + 1))
                             .replace("%2", str(len(v.pages))).replace("%3", f"{v.zoom:g}"))

    def forget(self) -> None:
        self.viewer.clear()
        self._shown_record = None
        self.title.clear()
        self.facts.clear()
        self.page_no.clear()
