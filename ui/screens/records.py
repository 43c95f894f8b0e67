"""The records of one type: a list of big rows; touching one opens it."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from kiosk.archive.types import label
from kiosk.session import Session
from ui.screens.base import Screen


class RecordsScreen(Screen):
    prompt_key = "records"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("records")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._open)
        self.body.addWidget(self.list, 1)
        self.add_button(lambda: self.tr("◀ Back"), "home")
        # Finish keeps its corner: the first button at the bottom left, on every screen.
        self.buttons.insertWidget(0, self.make_button(lambda: self.tr("Finish"), "checkout", "neutral"))

    def render(self, session: Session) -> None:
        rtype = self.view.record_type
        self.title.setText(label(rtype, self.language()))
        self.list.clear()
        for r in session.data.records:
            if r.record_type == rtype:
                item = QListWidgetItem(f"{r.year} · {r.title}\n{r.office}")
                item.setData(256, r.record_id)
                self.list.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.action.emit("open_record", item.data(256))

    def forget(self) -> None:
        self.title.clear()
        self.list.clear()
