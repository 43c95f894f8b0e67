"""Watches the devices while nobody is at the kiosk, and takes it out of service (the screen:
:class:`ui.screens.out_of_service.OutOfServiceScreen`) when a critical one is down."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.diag.model import CRITICAL_DEVICES, Check, CheckResult
from kiosk.diag.runner import run_checks
from kiosk.errors import KioskError
from kiosk.session import Session
from kiosk.session_states import IDLE, State
from ui.workers import Worker

log = logging.getLogger("ui.out_of_service")


class ServiceMonitor(QObject):
    """Checks the devices while nobody is at the kiosk; takes it out of service when a critical one is down
    and back when it recovers, and hands each round of results to ``report`` (the health report).

    A technician who puts the kiosk out of service by hand holds it there: only a technician brings it
    back, however healthy the devices look.
    """

    #: Every finished round of checks (a list of CheckResult).
    checked = Signal(object)

    def __init__(self, session: Session, worker: Worker, checks: Mapping[str, Check], *,
                 critical: frozenset[str] = CRITICAL_DEVICES, interval_s: float = 60.0, timeout_s: float = 10.0,
                 report: Callable[[list[CheckResult]], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.worker = worker
        self.checks = dict(checks)
        self.critical = critical
        self.timeout_s = timeout_s
        self.report = report
        self.held_by_staff = False
        self.last_results: list[CheckResult] = []
        self._running = False
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self._running = True
        self._timer.start()
        QTimer.singleShot(0, self.check_now)

    def stop(self) -> None:
        # A round still running delivers into nothing: the session and its audit log may be closed by then.
        self._running = False
        self._timer.stop()

    def check_now(self) -> None:
        # Never while someone is at the screen: a self-test must not compete with a resident's card read.
        if not self._running or self._busy or self.session.state not in IDLE:
            return
        self._busy = True
        checks, timeout_s = self.checks, self.timeout_s
        self.worker.run(lambda: run_checks(checks, timeout_s=timeout_s), self._judge, self._failed)

    def device_lost(self, device: str, why: str) -> None:
        """A driver reported its device gone (the reader unplugged): no need to wait for the next round."""
        if self._running and device in self.critical:
            self._take_out(f"{device}: {why}")

    def hold(self, held: bool) -> None:
        self.held_by_staff = held

    def _judge(self, results: list[CheckResult]) -> None:
        self._busy = False
        if not self._running:
            return
        self.last_results = results
        if self.report is not None:
            self.report(results)
        self.checked.emit(results)
        down = [r for r in results if r.device in self.critical and not r.ok]
        if down:
            self._take_out("; ".join(r.failure_line() for r in down))
        elif self.session.state is State.OUT_OF_SERVICE and not self.held_by_staff:
            self.session.transition(State.ATTRACT, "critical devices back in order")

    def _failed(self, err: KioskError) -> None:
        self._busy = False
        log.warning("service checks failed to run: %s", err.code)

    def _take_out(self, reason: str) -> None:
        if self.session.state is State.ATTRACT:
            log.warning("out of service: %s", reason)
            self.session.transition(State.OUT_OF_SERVICE, f"critical device down: {reason}")
