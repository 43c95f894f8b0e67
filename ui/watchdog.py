"""Feeds systemd's watchdog from the UI thread, so a hung UI stops the pings and systemd restarts it.

The ping is a QTimer on the UI thread's event loop: if that loop is blocked (a device call on the UI
thread, a deadlock, an endless layout), no ping leaves and ``WatchdogSec=`` later systemd kills and
restarts the kiosk. Pinging from any other thread would keep a frozen screen alive forever.
The timer also measures its own lateness and reports a stall it lived through, for the log.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.diag.sd_notify import SdNotifier

log = logging.getLogger("ui.watchdog")


class UiWatchdog(QObject):
    #: The UI thread came back after being blocked this many milliseconds.
    stalled = Signal(float)

    def __init__(self, notifier: SdNotifier, interval_s: float | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.notifier = notifier
        self.interval_s = interval_s or notifier.watchdog_interval_s or 5.0
        self.pings = 0
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(self.interval_s * 1000)))
        self._timer.timeout.connect(self._ping)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self, status: str = "attract") -> None:
        """Tell systemd the kiosk is up (READY=1) and start feeding the watchdog."""
        self.notifier.ready(status)
        self._last = time.monotonic()
        self._ping()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.notifier.stopping()

    def set_status(self, text: str) -> None:
        self.notifier.status(text)

    def _ping(self) -> None:
        now = time.monotonic()
        late_ms = (now - self._last - self.interval_s) * 1000
        self._last = now
        # Twice the interval late means the UI thread was not running events; systemd will act at 2x.
        if late_ms > self.interval_s * 1000:
            log.warning("UI thread was blocked for about %.0f ms", late_ms + self.interval_s * 1000)
            self.stalled.emit(late_ms + self.interval_s * 1000)
        if self.notifier.watchdog():
            self.pings += 1


def start_watchdog(model: QObject, notifier: SdNotifier | None = None) -> UiWatchdog:
    """READY=1 and the first ping now; STATUS= follows the session's state (``systemctl status`` shows it)."""
    watchdog = UiWatchdog(notifier or SdNotifier.from_env(), parent=model)
    model.stateChanged.connect(lambda _old, new, _reason: watchdog.set_status(new))  # type: ignore[attr-defined]
    watchdog.start(getattr(getattr(model, "state", None), "value", "attract"))
    return watchdog
