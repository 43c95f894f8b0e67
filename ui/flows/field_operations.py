"""Builds technician mode, the out-of-service monitor and health reporting for ``ui/app.py``.

The device self-tests use the kiosk's own open reader (a serial port cannot be opened twice) and open
the other devices from their URLs per test, as ``kiosk diag`` does.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from hardware import diagnostics as selftests
from hardware.registry import open_camera, open_docprinter, open_receipt
from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.diag.config_view import config_in_force
from kiosk.diag.export import export_bundle
from kiosk.diag.gateway_check import check_gateway, read_sync_status
from kiosk.diag.health_report import build_health_report, push_health
from kiosk.diag.model import CheckResult
from kiosk.diag.names import names_in_cache
from kiosk.diag.restart import RestartReport, session_cut_short, settle_after_restart
from kiosk.diag.storage import check_storage
from kiosk.diag.test_prints import self_test_receipt, test_page_pdf
from kiosk.storage import storage_key_for
from kiosk.diag.in_force import config_report, running_versions
from kiosk.diag.versions import versions
from kiosk.session import Session
from kiosk.session_states import State
from kiosk.staff.auth import StaffAuthenticator
from kiosk.sync.outbox import Outbox
from ui.flows.diagnostics import DiagnosticsFlow, DiagnosticsTools
from ui.screens.base import ScreenHost
from ui.flows.service_monitor import ServiceMonitor
from ui.screens.out_of_service import OutOfServiceScreen
from ui.session_model import SessionModel
from ui.workers import Worker

log = logging.getLogger("ui.field_operations")

#: Seconds between health reports queued for the gateway (checks run more often, reports need not).
REPORT_INTERVAL_S = 300.0


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


def docprinter_options(config: KioskConfig) -> dict[str, Any]:
    # The simulated document printer writes its PDFs somewhere a technician can look, not a fresh temp dir.
    if config.devices.docprinter.startswith("sim:"):
        return {"folder": str(config.resolve(config.devices.sim_paper_dir))}
    return {}


def device_tools(config: KioskConfig, card_reader: Any, closers: list[Callable[[], None]]) -> DiagnosticsTools:
    urls = config.devices
    data_dir = config.resolve(config.data.dir)
    key = storage_key_for(config)
    point = config.point
    gw = config.gateway
    doc_options = docprinter_options(config)
    checks = {
        "idcard": lambda: selftests.test_idcard(card_reader),
        "camera": lambda: selftests.check_camera(urls.camera),
        "receipt": lambda: selftests.check_receipt(urls.receipt),
        "docprinter": lambda: selftests.check_docprinter(urls.docprinter, **doc_options),
        "gateway": lambda: check_gateway(gw.url, embedded=gw.embedded, timeout_s=gw.timeout_s,
                                         sync_interval_s=gw.sync_interval_s,
                                         sync_status=lambda: read_sync_status(config.resolve(config.cache.path), key),
                                         credentials=config.resolve(gw.credentials) if gw.credentials else None,
                                         storage_key=key),
        "storage": lambda: check_storage(data_dir, config.resolve(config.cache.path), key=key,
                                         min_free_mb=config.data.min_free_mb, warn_free_mb=config.data.warn_free_mb),
    }

    def test_receipt() -> CheckResult:
        opened = open_receipt(urls.receipt)
        try:
            layout = self_test_receipt(point.kiosk_id, point.name, columns=opened.driver.profile.columns)
            return selftests.test_receipt(opened.driver, opened.simulator, test_layout=layout)
        finally:
            opened.driver.close()

    def test_page() -> CheckResult:
        opened = open_docprinter(urls.docprinter, **doc_options)
        return selftests.test_docprinter(opened.driver, opened.simulator,
                                         test_page=test_page_pdf(point.kiosk_id, point.name))

    engine: list[Any] = []

    def find_face(frame: np.ndarray) -> tuple[int, int, int, int] | None:
        # The face engine is a worker process that takes seconds to start: only when a preview asks.
        if not engine:
            from hardware.camera.faces import FaceEngine

            engine.append(FaceEngine())
            closers.append(engine[0].close)
        return engine[0].analyse_live(frame, encode=False).box

    def export(results: list[CheckResult]) -> dict[str, Any]:
        return export_bundle(data_dir / "support", kiosk_id=point.kiosk_id, results=results,
                             config_view=config_in_force(config), versions=versions(),
                             log_dir=config.resolve(config.logging.dir),
                             names=names_in_cache(config.resolve(config.cache.path), key))

    return DiagnosticsTools(
        checks=checks,
        read_card=lambda: selftests.read_card_once(card_reader, 15.0),
        test_receipt=test_receipt, test_page=test_page,
        info=lambda: {"versions": versions(), "config": config_in_force(config)},
        export=export, open_camera=lambda: open_camera(urls.camera).driver, find_face=find_face)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def health_reporter(config: KioskConfig, cache: ArchiveCache, clock: Callable[[], float] = time.monotonic,
                    wall_clock: Callable[[], dt.datetime] = _utc_now) -> Callable[[list[CheckResult]], None] | None:
    """Queues a health report in the outbox every REPORT_INTERVAL_S; None for a kiosk with no gateway."""
    if not (config.gateway.url or config.gateway.embedded):
        return None
    outbox = Outbox(cache)
    last: list[float] = []

    def report(results: list[CheckResult]) -> None:
        now = clock()
        if last and now - last[0] < REPORT_INTERVAL_S:
            return
        last[:] = [now]
        push_health(outbox, build_health_report(config.point.kiosk_id, config.point.name, results,
                                                running_versions(config), at=wall_clock(),
                                                config=config_report(config)))

    return report


def build_field_operations(config: KioskConfig, session: Session, model: SessionModel, worker: Worker,
                           host: ScreenHost, audit: AuditLog, cache: ArchiveCache, card_reader: Any, *,
                           authenticator: StaffAuthenticator, card_events: Any = None,
                           tools: DiagnosticsTools | None = None, monitor_interval_s: float = 60.0,
                           exit_app: Callable[[int], None] | None = None,
                           clock: Callable[[], float] = time.monotonic) -> FieldOperations:
    closers: list[Callable[[], None]] = []
    tools = tools or device_tools(config, card_reader, closers)
    # The kiosk's one staff sign-in: a card locked at the agent sign-in is locked here too.
    auth = authenticator
    monitor = ServiceMonitor(session, worker, tools.checks, interval_s=monitor_interval_s,
                             timeout_s=tools.timeout_s, report=health_reporter(config, cache, clock))
    oos = OutOfServiceScreen(config.point.name, config.point.phone)
    host.screens[State.OUT_OF_SERVICE] = oos
    host.stack.addWidget(oos)
    flow = DiagnosticsFlow(session, model, worker, host, tools, auth, audit, monitor,
                           exit_app=exit_app or (lambda code: QApplication.exit(code)),
                           maintenance_flag=Path(config.resolve(config.data.dir)) / "maintenance-requested")
    oos.action.connect(flow.on_action)
    if card_events is not None:
        flow.listen_to_reader(card_events)
    if isinstance(host, QWidget):
        # The service key on the kiosk's keyboard drawer; residents have no keyboard.
        QShortcut(QKeySequence("Ctrl+Alt+D"), host, flow.start_sign_in)
    data_dir = config.resolve(config.data.dir)
    docprinter_url, doc_options = config.devices.docprinter, docprinter_options(config)
    interrupted = session_cut_short(audit, this_run_moved=session.state is not State.ATTRACT)

    def settle() -> RestartReport:
        return settle_after_restart(audit, data_dir, lambda: open_docprinter(docprinter_url, **doc_options).driver,
                                    key=cache.key, interrupted_state=interrupted)

    return FieldOperations(flow, monitor, oos, closers, settle)
