"""Agent mode, technician mode (with the out-of-service monitor and health reports) and the public
certificate check, built from their screens in the window's table and this kiosk's devices.

``ui/app.py`` runs these once the attract screen is up (``add_staff_modes``): their imports (requests, PDF
and QR printing, QR reading, self-tests) are a third of the start-up, and no resident waits for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from hardware.registry import open_camera, open_docprinter
from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.diag.restart import RestartReport, session_cut_short, settle_after_restart
from kiosk.requests.kiosk_service import KioskRequests, archive_directory
from kiosk.requests.notice import ready_notices
from kiosk.session import Session
from kiosk.session_states import State
from kiosk.staff.auth import StaffAuthenticator
from ui.adapters.certificate_camera import CertificateReader
from ui.adapters.certificate_codes import GatewayCodes
from ui.assembly.devices import (camera_still, certificate_printer, certificate_verifier, device_tools,
                                 docprinter_options, health_reporter)
from ui.controller import Controller
from ui.flows.agent import AgentFlow
from ui.flows.camera_preview import CameraPreview
from ui.flows.diagnostics import DiagnosticsFlow, DiagnosticsTools
from ui.flows.field_operations import FieldOperations
from ui.flows.ready_requests import ReadyRequestsFlow
from ui.flows.service_monitor import ServiceMonitor
from ui.flows.verify_certificate import VerifyCertificateFlow
from ui.screen_registry import ScreenContext, StaffScreenContext, build_staff_screens
from ui.screens.base import Screen
from ui.session_model import SessionModel
from ui.workers import Worker

#: The staff screens whose buttons the controller dispatches; technician mode's go to its own flow.
CONTROLLER_SCREENS = (State.VERIFY_CERTIFICATE, State.AGENT_LOGIN, State.AGENT_SESSION, State.PROXY_REQUEST)


def staff_screens(base: ScreenContext, gateway: Any) -> dict[State, Screen]:
    """The rest of the window's screen table, over what this kiosk trusts and the archives it knows."""
    ctx = StaffScreenContext(base.config, base.session, base.services, base.worker, base.cache,
                             certificate_reader=CertificateReader(certificate_verifier(base.config, base.cache)),
                             certificate_codes=GatewayCodes(gateway),
                             archives=[(a.code, a.name) for a in archive_directory(base.cache).all()])
    return build_staff_screens(ctx)


def build_verify_certificate(config: KioskConfig, controller: Controller,
                             screens: Mapping[State, Screen]) -> VerifyCertificateFlow:
    url = config.devices.camera
    return VerifyCertificateFlow(controller, screens[State.VERIFY_CERTIFICATE],  # type: ignore[arg-type]
                                 open_camera=lambda: open_camera(url).driver)


def build_agent_mode(config: KioskConfig, controller: Controller, audit: AuditLog, cache: ArchiveCache,
                     screens: Mapping[State, Screen], *, requests: KioskRequests, set_elder: Callable[[bool], None],
                     card_events: Any = None, window: QWidget | None = None) -> AgentFlow:
    """``requests``: the one request service the resident's requests use too (one book, one outbox)."""
    service = requests.service
    # Results of earlier requests (filed by an agent or by the resident) are told at the next card tap.
    ready = ReadyRequestsFlow(controller, notices=lambda id_number: ready_notices(service, id_number),
                              print_ready=certificate_printer(config, service),
                              acknowledge=service.acknowledge_rejection)
    flow = AgentFlow(controller, requests=service, audit=audit, capture_still=camera_still(config.devices.camera),
                     set_elder=set_elder, origin_archive=config.point.archive_code, kiosk_id=config.point.kiosk_id,
                     login_screen=screens[State.AGENT_LOGIN], session_screen=screens[State.AGENT_SESSION],  # type: ignore[arg-type]
                     verify_screen=screens[State.ASSISTED_VERIFY], proxy_screen=screens[State.PROXY_REQUEST],  # type: ignore[arg-type]
                     reload_archives=lambda: archive_directory(cache), ready_requests=ready)
    if window is not None:
        ready.attach(window)
        # Staff reach sign-in with the service key on the kiosk's keyboard drawer, never from a resident's screen.
        QShortcut(QKeySequence("Ctrl+Alt+S"), window, lambda: controller.on_action("agent_start", None))
    if card_events is not None:
        card_events.connect(flow.on_card_event)
    return flow


def build_field_operations(config: KioskConfig, session: Session, model: SessionModel, worker: Worker,
                           audit: AuditLog, cache: ArchiveCache, card_reader: Any, screens: Mapping[State, Screen], *,
                           authenticator: StaffAuthenticator, card_events: Any = None, window: QWidget | None = None,
                           tools: DiagnosticsTools | None = None, monitor_interval_s: float = 60.0,
                           exit_app: Callable[[int], None] | None = None,
                           clock: Callable[[], float] = time.monotonic) -> FieldOperations:
    """``authenticator``: the kiosk's one staff sign-in, so a card locked at the agent sign-in is locked here."""
    closers: list[Callable[[], None]] = []
    tools = tools or device_tools(config, card_reader, closers)
    monitor = ServiceMonitor(session, worker, tools.checks, interval_s=monitor_interval_s,
                             timeout_s=tools.timeout_s, report=health_reporter(config, cache, clock))
    diagnostics = screens[State.DIAGNOSTICS]
    preview = CameraPreview(diagnostics, worker.run, lambda: session.state is State.DIAGNOSTICS)  # type: ignore[arg-type]
    oos = screens[State.OUT_OF_SERVICE]
    flow = DiagnosticsFlow(session, model, worker, tools, authenticator, audit, monitor,
                           login=screens[State.TECHNICIAN_LOGIN], screen=diagnostics,  # type: ignore[arg-type]
                           out_of_service=oos, preview=preview,
                           exit_app=exit_app or (lambda code: QApplication.exit(code)),
                           maintenance_flag=Path(config.resolve(config.data.dir)) / "maintenance-requested")
    if card_events is not None:
        flow.listen_to_reader(card_events)
    if window is not None:
        # The service key on the kiosk's keyboard drawer; residents have no keyboard.
        QShortcut(QKeySequence("Ctrl+Alt+D"), window, flow.start_sign_in)
    data_dir = config.resolve(config.data.dir)
    docprinter_url, doc_options = config.devices.docprinter, docprinter_options(config)
    interrupted = session_cut_short(audit, this_run_moved=session.state is not State.ATTRACT)

    def settle() -> RestartReport:
        return settle_after_restart(audit, data_dir, lambda: open_docprinter(docprinter_url, **doc_options).driver,
                                    key=cache.key, interrupted_state=interrupted)

    return FieldOperations(flow, monitor, oos, closers, settle)  # type: ignore[arg-type]
