"""The kiosk's start when its own storage cannot be used: out of service on screen, not an exit.

A full disk, a data folder the kiosk's user may not open, a file where its data folder belongs or a folder
where its cache file belongs stop :func:`ui.app.build_kiosk`. Exiting then would only have systemd
restart the kiosk every two seconds in front of a resident, with nothing on the screen. Instead the kiosk
shows the out-of-service screen (:class:`ui.screens.start_fault.StartFaultScreen`), writes the fault with
its path and remedy to the log and the journal, tells systemd it is up (so the watchdog keeps it and
``systemctl status`` shows the fault), and tries again every ``retry_s``: once the technician has freed
the disk or given the folder back, the kiosk comes up by itself.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.config import KioskConfig
from kiosk.errors import StorageError
from kiosk.storage_faults import storage_fault
from ui.appearance import Appearance
from ui.screens.start_fault import StartFaultScreen
from ui.watchdog import UiWatchdog

log = logging.getLogger("ui.start")

T = TypeVar("T")

RETRY_S = 30.0


def start_fault(error: BaseException, config: KioskConfig) -> StorageError | None:
    """The storage fault that stopped the start (typed already, or an OS error on a path), or None."""
    where = getattr(error, "filename", None) or config.resolve(config.data.dir)
    return storage_fault(error, where)


class StartFaultWait:
    """The out-of-service screen while the kiosk cannot start, trying the start again now and then."""

    def __init__(self, app: QApplication, config: KioskConfig, build: Callable[[], T], fault: StorageError, *,
                 retry_s: float = RETRY_S, notifier: object | None = None):
        from kiosk.diag.sd_notify import SdNotifier

        self.config = config
        self.build = build
        self.built: T | None = None
        self.failure: BaseException | None = None
        ui = config.ui
        self.appearance = Appearance(app, paths.TRANSLATIONS, language=ui.language, elder=ui.elder_mode,
                                     high_contrast=ui.high_contrast)
        self.appearance.apply()
        self.screen = StartFaultScreen(config.point.name, config.point.phone)
        self.screen.setWindowTitle(config.point.name)
        self.screen.resize(ui.width, ui.height)
        self.watchdog = UiWatchdog(notifier or SdNotifier.from_env(), parent=self.screen)  # type: ignore[arg-type]
        self._loop = QEventLoop()
        self._timer = QTimer(self.screen)
        self._timer.setInterval(max(1, int(retry_s * 1000)))
        self._timer.timeout.connect(self.try_again)
        self.screen.closed.connect(self._loop.quit)
        self._show(fault)
        if ui.fullscreen:
            self.screen.showFullScreen()
        else:
            self.screen.show()
        self.watchdog.start(f"out of service: {fault.code}")

    def _show(self, fault: StorageError) -> None:
        changed = self.screen.fault is None or self.screen.fault.code != fault.code
        self.screen.show_fault(fault)
        self.watchdog.set_status(f"out of service: {fault.code}")
        if changed:  # once per fault, not once per retry
            log.error("the kiosk cannot start: %s: %s", fault.code, fault.message)
            print(f"kiosk: out of service: {fault.code}: {fault.message}", file=sys.stderr, flush=True)

    def try_again(self) -> None:
        try:
            self.built = self.build()
        except Exception as e:  # noqa: BLE001 - sorted below: a storage fault waits, anything else is raised
            fault = start_fault(e, self.config)
            if fault is None:
                self.failure = e
                self._loop.quit()
            else:
                self._show(fault)
            return
        log.info("storage usable again: the kiosk starts")
        self._loop.quit()

    def wait(self) -> T | None:
        """Until the start succeeds (its result) or the screen is closed (None)."""
        self._timer.start()
        self._loop.exec()
        self._timer.stop()
        # The watchdog's timer goes with the screen (no STOPPING=1: the kiosk goes on, or the app quits).
        self.screen.closed.disconnect(self._loop.quit)
        self.screen.close()
        self.screen.deleteLater()
        self.appearance.close()
        if self.failure is not None:
            raise self.failure
        return self.built


def build_or_wait(app: QApplication, config: KioskConfig, build: Callable[[], T], *,
                  retry_s: float = RETRY_S) -> T | None:
    """``build()``; if a storage fault stops it, the out-of-service screen until a retry succeeds (that
    result) or its window is closed (None). Any other error is raised as it is."""
    try:
        return build()
    except Exception as e:
        fault = start_fault(e, config)
        if fault is None:
            raise
    return StartFaultWait(app, config, build, fault, retry_s=retry_s).wait()
