"""The offline banner: asks the network state off the UI thread every few seconds."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from ui.main_window import MainWindow
from ui.services import NetworkPort, NetworkState
from ui.workers import Worker


class NetworkWatch(QObject):
    def __init__(self, network: NetworkPort, window: MainWindow, worker: Worker, interval_ms: int = 5000,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.network = network
        self.window = window
        self.worker = worker
        self.last: NetworkState | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        self.worker.run(self.network.state, self._show)

    def _show(self, state: NetworkState) -> None:
        self.last = state
        if state.online:
            self.window.show_banner("")
            return
        if state.last_sync is None:
            age = self.tr("never updated")
        else:
            minutes = max(0, int((time.time() - state.last_sync) // 60))
            age = self.tr("updated %n minute(s) ago", "", minutes)
        self.window.show_banner(self.tr("⚠ Offline: showing the records kept at this point (%1). Requests are "
                                        "sent when the connection is back.").replace("%1", age))
