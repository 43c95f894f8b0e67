"""The warning before a session ends for lack of touches: a countdown and a big "more time"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.waiting import CountdownRing


class TimeoutWarningScreen(Screen):
    prompt_key = "timeout_warning"

    def __init__(self, parent: QWidget | None = None, total_s: float = 30.0):
        super().__init__(parent)
        self.total_s = total_s
        self.set_title(lambda: self.tr("Are you still there?"))
        self.countdown = self.add_text(name="countdown")
        self.ring = CountdownRing(self)
        self.body.addWidget(self.ring, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addStretch(1)
        self.add_button(lambda: self.tr("Finish now"), "logout", "neutral")
        self.buttons.addStretch(1)
        self.more = self.add_button(lambda: self.tr("More time"), "more_time", "primary")
        self.more.setMinimumHeight(200)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._refresh)

    def render(self, session: Session) -> None:
        self._refresh()
        self._timer.start()

    def _refresh(self) -> None:
        if self.session is None:
            return
        left = int(round(self.session.seconds_left()))
        self.ring.set_remaining(left, self.total_s)
        self.countdown.setText(self.tr("For your privacy this session ends in %n second(s).", "", left))

    def forget(self) -> None:
        self._timer.stop()
        self.countdown.clear()
