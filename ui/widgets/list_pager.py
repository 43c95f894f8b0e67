"""Pages instead of scroll bars: a list shows the whole rows that fit it, and "◀ 上一页 / 下一页 ▶" turn to
the others. A row is never cut at the list's edge, and there is no thin bar to find with a finger.

The list stays a QListWidget (its rows, their data, its click signal); the pager hides the rows of other
pages and lays its buttons under it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QVBoxLayout, QWidget

from ui.widgets.page_turner import PageTurner


class ListPager(QObject):
    def __init__(self, lst: QListWidget, parent: QWidget):
        super().__init__(parent)
        self.list = lst
        lst.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.widget = QWidget(parent)
        self.widget.setObjectName(f"{lst.objectName()}_pages")
        self.widget.setProperty("pager", True)
        column = QVBoxLayout(self.widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(lst, 1)
        self.nav = PageTurner(lst.objectName(), self.widget)
        # The buttons are reached through the pager, as before the row had a widget of its own.
        self.prev, self.next, self.label = self.nav.prev, self.nav.next, self.nav.label
        column.addWidget(self.nav)
        self.nav.turned.connect(self.turn)
        self.pages: list[list[int]] = [[]]
        self.page = 0
        self._pending = False
        # The pager's own timer: it goes with the screen, never firing into a deleted list.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._paginate)
        lst.viewport().installEventFilter(self)
        lst.model().rowsInserted.connect(self.refresh)
        lst.model().rowsRemoved.connect(self.refresh)
        lst.model().modelReset.connect(self.refresh)

    def refresh(self, *_args) -> None:
        """Re-paginate once the list has laid out its rows (after the current burst of changes)."""
        if not self._pending:
            self._pending = True
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.paginate_now()  # at once: a picture taken now must not show the old page cut
        elif event.type() == QEvent.Type.Wheel:
            return True  # the wheel would scroll past the page's rows
        return False

    def paginate_now(self) -> None:
        self._pending = True
        self._paginate()

    def _paginate(self) -> None:
        if not self._pending:
            return
        self._pending = False
        lst = self.list
        keep = lst.currentRow()
        for row in range(lst.count()):
            lst.setRowHidden(row, False)
        lst.doItemsLayout()
        room = lst.viewport().height()
        # When the rows need more than one page the buttons appear and take their height from the list.
        if not self.next.isVisibleTo(self.widget):
            total = sum(lst.visualRect(lst.model().index(r, 0)).height() for r in range(lst.count()))
            if total > room:
                room -= self.next.sizeHint().height() + self.widget.layout().spacing()
        pages: list[list[int]] = [[]]
        used = 0
        for row in range(lst.count()):
            h = lst.visualRect(lst.model().index(row, 0)).height()
            if pages[-1] and used + h > room:
                pages.append([])
                used = 0
            pages[-1].append(row)
            used += h
        self.pages = pages
        self.page = next((i for i, rows in enumerate(pages) if keep in rows), min(self.page, len(pages) - 1))
        self._show()

    def turn(self, delta: int) -> None:
        self.page = max(0, min(len(self.pages) - 1, self.page + delta))
        self._show()

    def _show(self) -> None:
        lst = self.list
        shown = set(self.pages[self.page]) if self.pages else set()
        for row in range(lst.count()):
            lst.setRowHidden(row, row not in shown)
        lst.scrollToTop()
        self.nav.show_page(self.page, len(self.pages))
        self.nav.retranslate()
