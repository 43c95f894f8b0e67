"""Technician mode, the out-of-service monitor and health reporting, held together for the kiosk's start
and end (built by the composition root, ``ui/assembly/staff.py``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.diag.restart import RestartReport
from ui.flows.diagnostics import DiagnosticsFlow
from ui.flows.service_monitor import ServiceMonitor
from ui.screens.out_of_service import OutOfServiceScreen

log = logging.getLogger("ui.field_operations")


@dataclass
class FieldOperations:
    flow: DiagnosticsFlow
    monitor: ServiceMonitor
    out_of_service: OutOfServiceScreen
    closers: list[Callable[[], None]]
    #: Settles what the previous run left (its session, open print jobs); run once by ``start``.
    settle: Callable[[], RestartReport] | None = None

    def start(self) -> None:
        """As the kiosk comes up (``run_app``): settle the last run off the UI thread, watch the devices."""
        if self.settle is not None:
            settle, self.settle = self.settle, None
            self.flow.worker.run(settle, lambda report: log.info("start-up settled: %s", report.to_dict()),
                                 lambda err: log.warning("start-up settling failed: %s", err.code))
        self.monitor.start()

    def shutdown(self) -> None:
        """Before the kiosk closes its audit log and cache; safe to call twice."""
        self.monitor.stop()
        self.flow.close()
        closers, self.closers[:] = list(self.closers), []
        for close in closers:
            close()
