"""Running something once a widget has first been painted: start-up work that can wait (device checks,
settling the last run) must not compete with the first picture the resident sees."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Emits ``painted`` once, on the turn of the event loop after ``widget``'s first paint."""

    painted = Signal()

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self._done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            watched.removeEventFilter(self)
            # After the paint event is handled: the frame is out when the loop next runs.
            QTimer.singleShot(0, self.painted.emit)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None], *, latest_ms: int = 3000) -> None:
    """``callback`` once, after ``widget``'s first paint, or after ``latest_ms`` should it never be painted
    (a window left hidden must not leave the devices unwatched)."""
    ran = [False]

    def once() -> None:
        if not ran[0]:
            ran[0] = True
            callback()

    FirstPaint(widget).painted.connect(once)
    QTimer.singleShot(latest_ms, widget, once)
