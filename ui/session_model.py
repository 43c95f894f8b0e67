"""Qt face of the Qt-free :class:`kiosk.session.Session`: signals for views, a timer for timeouts."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.session import Fault, Session
from kiosk.session_states import State


class SessionModel(QObject):
    #: (old state value, new state value, reason)
    stateChanged = Signal(str, str, str)
    #: The session's data changed without a move (records loaded, a search answered, a job printed).
    dataChanged = Signal()
    #: A fault was reported (the Fault) or cleared (None).
    faultChanged = Signal(object)
    wiped = Signal()

    def __init__(self, session: Session, parent: QObject | None = None, tick_ms: int = 1000,
                 goodbye_ms: int = 3000):
        super().__init__(parent)
        self.session = session
        self.goodbye_ms = goodbye_ms
        session.subscribe(self._on_transition)
        session.on_wipe(self.wiped.emit)
        session.on_fault(self._on_fault)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(session.tick)
        self._timer.start()
        self._stopped = False

    def stop(self) -> None:
        """At shutdown: no more ticks into a session whose audit log is closing."""
        self._timer.stop()
        self._stopped = True

    @property
    def state(self) -> State:
        return self.session.state

    def notify(self) -> None:
        self.dataChanged.emit()

    def _on_fault(self, fault: Fault | None) -> None:
        self.faultChanged.emit(fault)

    def _on_transition(self, src: State, dst: State, reason: str) -> None:
        self.stateChanged.emit(src.value, dst.value, reason)
        if dst is State.WIPE:
            # WIPE is a moment, not a place: the goodbye screen shows while the data are already gone.
            QTimer.singleShot(self.goodbye_ms, self._finish_wipe)

    def _finish_wipe(self) -> None:
        if not self._stopped:
            self.session.finish_wipe()
