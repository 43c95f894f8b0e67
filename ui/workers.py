"""Running slow calls off the UI thread, results delivered back by signals.

``Worker.run(fn, on_done, on_error)`` queues ``fn`` on a thread pool; ``on_done(result)`` or
``on_error(KioskError)`` then run on the UI thread. The UI never waits on a device, a database or
the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.errors import KioskError

log = logging.getLogger("ui.workers")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals):
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn()
        except KioskError as e:
            self.signals.failed.emit(e)
        except Exception as e:  # noqa: BLE001 - a worker must never die silently
            log.exception("background job failed")
            self.signals.failed.emit(KioskError(f"unexpected error: {type(e).__name__}"))
        else:
            self.signals.done.emit(result)


class Worker(QObject):
    def __init__(self, parent: QObject | None = None, max_threads: int = 4):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._live: set[_Signals] = set()
        self._closed = False

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[KioskError], None] | None = None) -> None:
        if self._closed:
            return  # shutting down: nobody is left to take the answer
        signals = _Signals(self)
        self._live.add(signals)

        def finish() -> None:
            self._live.discard(signals)
            signals.deleteLater()

        def deliver(result: Any) -> None:
            finish()
            if not self._closed:
                on_done(result)

        def deliver_error(err: KioskError) -> None:
            finish()
            if not self._closed and on_error is not None:
                on_error(err)

        signals.done.connect(deliver)
        signals.failed.connect(deliver_error)
        self.pool.start(_Job(fn, signals))

    def wait(self, ms: int = 5000) -> bool:
        return self.pool.waitForDone(ms)

    def close(self, ms: int = 5000) -> bool:
        """Stop delivering: a job still running when the kiosk shuts down (a card read waits up to 15 s)
        must not call into screens that are already deleted. Queued jobs are dropped unstarted."""
        self._closed = True
        self.pool.clear()
        return self.pool.waitForDone(ms)
