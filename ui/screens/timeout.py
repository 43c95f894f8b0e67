"""The warning before a session ends for lack of touches: a countdown and a big "more time"."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui.screens.base import Screen


class TimeoutWarningScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(self.tr("Are you still there?"))
        self.countdown = self.add_text()
        self.add_button(self.tr("Finish now"), "logout", "danger")
        self.more = self.add_button(self.tr("More time"), "more_time", "primary")
        self._session: Session | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._refresh)

    def enter(self, session: Session) -> None:
        self._session = session
        self._refresh()
        self._timer.start()

    def _refresh(self) -> None:
        if self._session is None:
            return
        left = int(round(self._session.seconds_left()))
        self.countdown.setText(self.tr("For your privacy this session ends in %n second(s).", "", left))

    def clear(self) -> None:
        self._timer.stop()
        self._session = None
