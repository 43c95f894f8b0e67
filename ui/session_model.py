"""Qt face of the Qt-free :class:`kiosk.session.Session`: signals for views, a timer for timeouts."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.session import Session
from kiosk.session_states import State


class SessionModel(QObject):
    #: (old state value, new state value, reason)
    stateChanged = Signal(str, str, str)
    wiped = Signal()

    def __init__(self, session: Session, parent: QObject | None = None, tick_ms: int = 1000):
        super().__init__(parent)
        self.session = session
        session.subscribe(self._on_transition)
        session.on_wipe(self.wiped.emit)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(session.tick)
        self._timer.start()

    @property
    def state(self) -> State:
        return self.session.state

    def _on_transition(self, src: State, dst: State, reason: str) -> None:
        self.stateChanged.emit(src.value, dst.value, reason)
        if dst is State.WIPE:
            # WIPE is a moment, not a place: the goodbye screen shows while the data are already gone.
            QTimer.singleShot(0, self.session.finish_wipe)
