"""The row under a paged list: "◀ Previous", "2 / 5", "Next ▶" — one for every paged list on the kiosk, so
each looks and reads the same. Hidden while everything fits on one page."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.widgets.buttons import BigButton


class PageTurner(QWidget):
    #: -1 for the page before, +1 for the page after.
    turned = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        nav = QHBoxLayout(self)
        nav.setContentsMargins(0, 0, 0, 0)
        self.prev = BigButton("", "secondary", self)
        self.prev.setObjectName(f"{name}_prev")
        self.next = BigButton("", "secondary", self)
        self.next.setObjectName(f"{name}_next")
        self.label = QLabel("1 / 1", self)
        self.label.setObjectName(f"{name}_page_no")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.prev)
        nav.addWidget(self.label, 1)
        nav.addWidget(self.next)
        self.prev.clicked.connect(lambda: self.turned.emit(-1))
        self.next.clicked.connect(lambda: self.turned.emit(1))
        self.retranslate()

    def show_page(self, page: int, pages: int) -> None:
        """Page ``page`` (from 0) of ``pages`` is shown."""
        many = pages > 1
        for w in (self.prev, self.next, self.label):
            w.setVisible(many)
        self.prev.setEnabled(page > 0)
        self.next.setEnabled(page < pages - 1)
        self.label.setText(f"{page + 1} / {pages}")

    def retranslate(self) -> None:
        self.prev.setText(self.tr("◀ Previous"))
        self.next.setText(self.tr("Next ▶"))
