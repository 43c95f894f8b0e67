"""Touch rows for a list of things to open (a resident's records): each a large card — a title in bold,
a line of facts under it and a clear "View ›" at its right — that opens on a touch anywhere on it. Rows that
do not fit the screen go on further pages ("◀ Previous / Next ▶"), never behind a scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.buttons import BigButton
from ui.widgets.page_turner import PageTurner


class CardRow(BigButton):
    """One row; the whole card is the button, and its "View ›" is a button of its own doing the same."""

    def __init__(self, title: str, facts: str, view_text: str, parent: QWidget | None = None):
        super().__init__("", "row", parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 16, 20, 16)
        row.setSpacing(24)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("row_title")
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel(facts, self)
        self.facts_label.setObjectName("row_facts")
        self.facts_label.setWordWrap(True)
        for label in (self.title_label, self.facts_label):
            # A touch on the words is a touch on the row.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label)
        row.addLayout(column, 1)
        self.view_button = BigButton(view_text, "secondary", self)
        self.view_button.setObjectName("btn_view_record")
        self.view_button.clicked.connect(self.click)
        row.addWidget(self.view_button, 0, Qt.AlignmentFlag.AlignVCenter)

    # The button's own hints know only its (empty) text: the row is as large as what its layout holds.
    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().totalHeightForWidth(width), self.view_button.sizeHint().height() + 32)


class CardPages(QWidget):
    """Card rows, as many on a page as fit whole, with page buttons when there are more."""

    #: The row at this index was touched.
    opened = Signal(int)

    def __init__(self, parent: QWidget | None = None, name: str = "cards"):
        super().__init__(parent)
        self.setObjectName(f"{name}_pages")
        self.setProperty("pager", True)
        self.rows: list[CardRow] = []
        self.page = 0
        self.per_page = 1
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(16)
        self._column = QVBoxLayout()
        self._column.setSpacing(16)
        outer.addLayout(self._column)
        outer.addStretch(1)
        self.nav = PageTurner(name, self)
        self.prev, self.next, self.label = self.nav.prev, self.nav.next, self.nav.label
        outer.addWidget(self.nav)
        self.nav.turned.connect(self.turn)
        self.retranslate()

    def set_rows(self, rows: list[tuple[str, str]], view_text: str) -> None:
        """``rows``: (title, facts) of each row, in order."""
        self.clear()
        for i, (title, facts) in enumerate(rows):
            row = CardRow(title, facts, view_text, self)
            row.setObjectName(f"row_{i}")
            row.clicked.connect(lambda _=False, n=i: self.opened.emit(n))
            self._column.addWidget(row)
            self.rows.append(row)
        self.page = 0
        self._paginate()

    def clear(self) -> None:
        for row in self.rows:
            row.hide()
            self._column.removeWidget(row)
            row.deleteLater()
        self.rows = []
        self._paginate()

    def set_view_text(self, text: str) -> None:
        for row in self.rows:
            row.view_button.setText(text)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // self.per_page))

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self._show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._paginate()

    def _paginate(self) -> None:
        spacing = self._column.spacing()
        row_h = max((r.heightForWidth(self.width()) for r in self.rows), default=1)
        room = self.height()
        fits = max(1, (room + spacing) // (row_h + spacing))
        if len(self.rows) > fits:  # the page buttons take a row's room
            fits = max(1, (room - self.next.sizeHint().height()) // (row_h + spacing))
        self.per_page = fits
        self.page = min(self.page, self.pages - 1)
        self._show()

    def _show(self) -> None:
        first = self.page * self.per_page
        for i, row in enumerate(self.rows):
            row.setVisible(first <= i < first + self.per_page)
        self.nav.show_page(self.page, self.pages)

    def retranslate(self) -> None:
        self.nav.retranslate()
        self._show()
