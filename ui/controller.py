"""Turns screen actions and device events into session calls. Holds no state of its own.

Actions are looked up in a registry: each flow (``ui/flows/``) registers the actions it serves, and a
screen added later registers its own with :meth:`Controller.register` — nothing here needs editing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.errors import IllegalTransition, KioskError, UsageError
from kiosk.logs import MaskingFilter
from kiosk.session import Session
from kiosk.session_states import AUTHENTICATED, State
from ui.screens.base import Screen
from ui.services import Services
from ui.session_model import SessionModel
from ui.view_model import VisitView
from ui.workers import Worker

log = logging.getLogger("ui.controller")

Handler = Callable[[Any], None]


class Controller(QObject):
    def __init__(self, session: Session, model: SessionModel, services: Services, worker: Worker,
                 mask: MaskingFilter | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.model = model
        self.services = services
        self.worker = worker
        self.mask = mask
        self.actions: dict[str, Handler] = {}
        #: What the screens show of the visit; cleared at WIPE.
        self.view = VisitView()
        #: What "Try again" on the error screen repeats (set by the flow whose call failed).
        self.retry: Callable[[], None] | None = None
        session.on_wipe(self._forget)
        session.on_wipe(self.view.clear)
        for name, handler in {
            "more_time": lambda _p: session.more_time(),
            "logout": lambda _p: session.transition(State.WIPE, "resident finished"),
            "home": lambda _p: session.transition(State.HOME, "home"),
            "call_staff": self._call_staff,
            "fault_back": lambda _p: session.clear_fault(),
            "fault_retry": self._retry,
        }.items():
            self.register(name, handler)

    def register(self, action: str, handler: Handler) -> None:
        """One handler per action: a second registration is a wiring mistake, refused at start-up rather
        than silently replacing the first (which is how a screen once took over identity confirmation)."""
        if action in self.actions:
            raise UsageError(f"screen action {action!r} is already handled", code="UI_ACTION_DUPLICATE",
                             detail={"action": action})
        self.actions[action] = handler

    def attach(self, screen: Screen) -> None:
        screen.view = self.view
        screen.action.connect(self.on_action)

    def on_action(self, action: str, payload: object) -> None:
        self.session.touch()
        handler = self.actions.get(action)
        if handler is None:
            log.warning("unknown screen action %s", action)
            return
        try:
            handler(payload)
        except (IllegalTransition, UsageError) as e:
            # A double tap or a stale screen: the session refused the move; the screen shows the truth.
            log.info("action %s refused: %s", action, e.code)
            self.model.notify()

    # --- helpers for flows ------------------------------------------------------------------------
    def changed(self) -> None:
        self.model.notify()

    def in_session(self, token: object) -> bool:
        """A background result belongs to the visit that asked for it, never to a later one."""
        return token is self.session.data

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[KioskError], None] | None = None) -> None:
        """Run ``fn`` off the UI thread; drop the answer if the visit ended meanwhile."""
        token = self.session.data

        def done(result: Any) -> None:
            if self.in_session(token):
                on_done(result)

        def failed(err: KioskError) -> None:
            if self.in_session(token):
                (on_error or self.log_error)(err)

        self.worker.run(fn, done, failed)

    def fault(self, device: str, remedy: str = "back",
              retry: Callable[[], None] | None = None) -> Callable[[KioskError], None]:
        """An on_error callback that shows the error screen for ``device``."""

        def report(err: KioskError) -> None:
            log.warning("%s failed: %s", device, err.code)
            self.retry = retry
            self.session.report_fault(err.code, device, remedy)

        return report

    def log_error(self, err: KioskError) -> None:
        log.error("background task failed: %s", err)

    def back_home_or_attract(self) -> None:
        target = State.HOME if self.session.authenticated else State.ATTRACT
        self.session.transition(target, "back")

    # --- shared actions ---------------------------------------------------------------------------
    def _call_staff(self, _payload: object) -> None:
        self.view.staff_called = True
        if self.session.fault is not None:
            log.warning("staff called for fault %s", self.session.fault.code)
        self.changed()

    def _retry(self, _payload: object) -> None:
        retry, self.retry = self.retry, None
        self.session.clear_fault()
        if retry is not None:
            retry()

    def _forget(self) -> None:
        self.retry = None
        if self.mask is not None:
            self.mask.forget()

    @property
    def authenticated_state(self) -> bool:
        return self.session.state in AUTHENTICATED
