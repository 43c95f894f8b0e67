"""Technician mode: sign-in with the technician role, the diagnostics screen's actions, the way out.

The technician signs in in a state of their own (TECHNICIAN_LOGIN: the service key, or "Staff sign-in" on
the out-of-service screen); only that sign-in, with the technician role, leads to DIAGNOSTICS. Every self-test runs on the worker pool, bounded in time; the screen only shows results.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject

from hardware.idcard.events import ReaderEvent
from kiosk.diag.model import Check, CheckResult
from kiosk.diag.runner import run_checks, run_one
from kiosk.errors import IllegalTransition, KioskError
from kiosk.ports import AuditSink
from kiosk.privacy import mask_name
from kiosk.session import Session
from kiosk.session_states import IDLE, State
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.errors import BadPin, Locked, NotStaff
from ui.screens.base import Screen
from ui.screens.diagnostics import DiagnosticsScreen, TechnicianLoginScreen
from ui.flows.camera_preview import CameraPreview
from ui.flows.service_monitor import ServiceMonitor
from ui.session_model import SessionModel
from ui.workers import Worker

log = logging.getLogger("ui.diagnostics")

#: The exit status that tells systemd not to restart the kiosk (RestartPreventExitStatus=64) and the X
#: session to open the maintenance terminal.
MAINTENANCE_EXIT = 64
TECHNICIAN = "technician"


@dataclass
class DiagnosticsTools:
    """What the screen's buttons do, bound by the composition root to this kiosk's devices."""

    checks: Mapping[str, Check]
    read_card: Callable[[], CheckResult]
    test_receipt: Callable[[], CheckResult]
    test_page: Callable[[], CheckResult]
    info: Callable[[], dict[str, Any]]
    export: Callable[[list[CheckResult]], dict[str, Any]]
    #: The camera (``add_listener``/``start``/``stop``) for the live preview, opened when first asked.
    open_camera: Callable[[], Any] | None = None
    #: A frame (BGR) → face box (top, right, bottom, left) or None; runs on the worker pool.
    find_face: Callable[[np.ndarray], tuple[int, int, int, int] | None] | None = None
    timeout_s: float = 10.0
    extra: dict[str, Any] = field(default_factory=dict)


class DiagnosticsFlow(QObject):
    def __init__(self, session: Session, model: SessionModel, worker: Worker,
                 tools: DiagnosticsTools, authenticator: StaffAuthenticator, audit: AuditSink,
                 monitor: ServiceMonitor, *, login: TechnicianLoginScreen, screen: DiagnosticsScreen,
                 out_of_service: Screen, preview: CameraPreview, exit_app: Callable[[int], None],
                 maintenance_flag: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.worker = worker
        self.tools = tools
        self.auth = authenticator
        self.audit = audit
        self.monitor = monitor
        self.exit_app = exit_app
        self.maintenance_flag = maintenance_flag
        self.model = model
        #: False once the kiosk shuts down: results still on the worker pool are dropped, never shown on
        #: screens that die with the window or written to an audit log that is closed.
        self.open = True
        self._card_events: Any = None
        # The window's screens for TECHNICIAN_LOGIN, DIAGNOSTICS and OUT_OF_SERVICE: their buttons come here.
        self.login = login
        self.screen = screen
        self.results: dict[str, CheckResult] = {}
        self.technician: str | None = None
        self._card: Any = None
        self.preview = preview
        for s in (login, screen, out_of_service):
            s.action.connect(self.on_action)
        model.stateChanged.connect(self._on_state)
        session.on_wipe(self._forget)
        self._actions: dict[str, Callable[[object], None]] = {
            "technician_start": lambda _p: self.start_sign_in(),
            "technician_cancel": lambda _p: self._back_to_service("technician sign-in cancelled"),
            "technician_sign_in": self._sign_in,
            "diag_test": lambda device: self._test(str(device)),
            "diag_run_all": lambda _p: self.run_all(),
            "diag_read_card": lambda _p: self._tool("idcard", self.tools.read_card, self._card_read),
            "diag_test_receipt": lambda _p: self._tool("receipt", self.tools.test_receipt),
            "diag_test_page": lambda _p: self._tool("docprinter", self.tools.test_page),
            "diag_camera": lambda _p: self.toggle_preview(),
            "diag_export": lambda _p: self._export(),
            "diag_out_of_service": lambda _p: self._out_of_service(),
            "diag_done": lambda _p: self._back_to_service(),
            "diag_leave": lambda _p: self._leave_kiosk(),
        }

    # --- entry and end -------------------------------------------------------------------------------
    def listen_to_reader(self, card_events: Any) -> None:
        """The kiosk's card-reader events (a Qt signal of ReaderEvent): sign-in cards, reader lost."""
        self._card_events = card_events
        card_events.connect(self.on_card_event)

    def close(self) -> None:
        """The kiosk shuts down: stop the preview, stop listening, and drop every late result."""
        if not self.open:
            return
        self.open = False
        self.preview.close()
        self.model.stateChanged.disconnect(self._on_state)
        if self._card_events is not None:
            self._card_events.disconnect(self.on_card_event)
            self._card_events = None

    def _run(self, job: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[KioskError], None] | None = None) -> None:
        """``worker.run`` whose answer reaches the screens only while this kiosk is open."""
        on_error = on_error or self._failed

        def done(result: Any) -> None:
            if self.open:
                on_done(result)

        def failed(err: KioskError) -> None:
            if self.open:
                on_error(err)

        self.worker.run(job, done, failed)

    def on_action(self, action: str, payload: object) -> None:
        if not self.open:
            return
        self.session.touch()
        handler = self._actions.get(action)
        if handler is None:
            log.warning("unknown diagnostics action %s", action)
            return
        try:
            handler(payload)
        except IllegalTransition as e:
            log.info("diagnostics action %s refused: %s", action, e.code)

    def start_sign_in(self) -> None:
        """The service key or the out-of-service screen."""
        if self.session.state not in IDLE:
            return
        self.session.transition(State.TECHNICIAN_LOGIN, "technician sign-in")

    def on_card_event(self, ev: ReaderEvent) -> None:
        if not self.open:
            return
        if ev.kind == "lost":
            self.monitor.device_lost("idcard", ev.error.message if ev.error else "reader lost")
            self._own_the_fault()
        elif ev.kind == "restored":
            self.monitor.check_now()
        elif ev.kind == "read" and ev.card is not None and self._signing_in():
            self._card = ev.card
            self.login.card_read(mask_name(ev.card.name))

    def _own_the_fault(self) -> None:
        """With nobody at the kiosk, or a technician at it, a lost reader is told by the out-of-service
        or the diagnostics screen, not by the resident's error screen ("call staff")."""
        fault = self.session.fault
        if fault is not None and fault.device == "idcard" and \
                self.session.state in (State.OUT_OF_SERVICE, State.DIAGNOSTICS):
            self.session.clear_fault()

    def _signing_in(self) -> bool:
        return self.session.state is State.TECHNICIAN_LOGIN

    def _sign_in(self, pin: object) -> None:
        card = self._card
        if card is None:
            self.login.show_message(self.login.tr("Place your own ID card on the reader first."))
            return

        def signed_in(member: Any) -> None:
            self._card = None
            self.technician = member.staff_id
            self.session.transition(State.DIAGNOSTICS, "technician signed in")
            self.run_all()

        self._run(lambda: self.auth.login(card, str(pin), role=TECHNICIAN), signed_in, self._refused)

    def _refused(self, err: KioskError) -> None:
        if not isinstance(err, (Locked, BadPin, NotStaff)):
            log.warning("technician sign-in failed: %s", err.code)
        self.login.show_refusal(err)

    # --- self-tests ----------------------------------------------------------------------------------
    def run_all(self) -> None:
        self._run(self.tools.info, self.screen.show_info)
        for device in self.tools.checks:
            self.screen.show_running(device)
        checks, timeout_s = self.tools.checks, self.tools.timeout_s
        self._run(lambda: run_checks(checks, timeout_s=timeout_s), self._show_all)

    def _test(self, device: str) -> None:
        check = self.tools.checks.get(device)
        if check is not None:
            self._tool(device, check)

    def _tool(self, device: str, fn: Callable[[], CheckResult],
              then: Callable[[CheckResult], None] | None = None) -> None:
        self.screen.show_running(device)
        timeout_s = self.tools.timeout_s * 3  # a test print or a card read takes longer than a status query

        def done(result: CheckResult) -> None:
            self._show(result)
            if then is not None:
                then(result)

        self._run(lambda: run_one(device, fn, timeout_s=timeout_s), done)

    def _show_all(self, results: list[CheckResult]) -> None:
        for r in results:
            self._show(r)

    def _show(self, result: CheckResult) -> None:
        if self.session.state is not State.DIAGNOSTICS:
            return  # the technician left (or timed out) while the test ran
        self.results[result.device] = result
        self.screen.show_result(result)

    def _card_read(self, result: CheckResult) -> None:
        card = result.to_dict().get("facts", {}).get("card")
        if card and self.session.state is State.DIAGNOSTICS:
            self.screen.show_card(card)

    def _failed(self, err: KioskError) -> None:
        self.screen.show_message(err.message)

    # --- camera preview ------------------------------------------------------------------------------
    def toggle_preview(self) -> None:
        if self.preview.camera is not None:
            self.preview.stop()
        else:
            self.preview.start(self.tools.open_camera, self.tools.find_face)

    # --- leaving -------------------------------------------------------------------------------------
    def _export(self) -> None:
        results = list(self.results.values())
        self._run(lambda: self.tools.export(results),
                  lambda out: self.screen.show_message(self.screen.tr("Support bundle: %1").replace(
                      "%1", str(out.get("zip", "")))))

    def _out_of_service(self) -> None:
        self.monitor.hold(True)
        self.audit.append("technician.out_of_service", {}, actor=self._actor())
        self.session.transition(State.OUT_OF_SERVICE, "taken out of service by a technician")

    def _back_to_service(self, reason: str = "technician finished") -> None:
        self.monitor.hold(False)
        self.session.transition(State.ATTRACT, reason)
        # Straight back out of service if a critical device is still down.
        self.monitor.check_now()

    def _leave_kiosk(self) -> None:
        """The only way out of the kiosk: the X session opens a maintenance terminal instead."""
        self.audit.append("technician.left_kiosk", {}, actor=self._actor())
        self.maintenance_flag.parent.mkdir(parents=True, exist_ok=True)
        self.maintenance_flag.write_text(self._actor() + "\n", encoding="utf-8")
        self.preview.stop()
        self.exit_app(MAINTENANCE_EXIT)

    def _actor(self) -> str:
        return f"technician:{self.technician or 'unknown'}"

    def _on_state(self, old: str, new: str, _reason: str) -> None:
        if old == State.TECHNICIAN_LOGIN.value and new != State.TECHNICIAN_LOGIN.value:
            self._card = None
            self.login.forget()
        if old == State.DIAGNOSTICS.value and new != State.DIAGNOSTICS.value:
            self.preview.stop()
            self.technician = None
        if new == State.OUT_OF_SERVICE.value and old != State.DIAGNOSTICS.value:
            self.monitor.hold(False)

    def _forget(self) -> None:
        if not self.open:
            return
        self._card = None
        self.technician = None
        self.preview.stop()
        self.results.clear()
