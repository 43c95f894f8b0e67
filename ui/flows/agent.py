"""Agent mode (代办员): staff sign-in, the assisted session and the proxy request, wired to the session.

The flow registers the actions its screens emit with the controller and reads the staff card from the
reader while the kiosk is in AGENT_LOGIN. Captured photos are held here, in memory, only until the
request is handed to the outbox; they are forgotten at WIPE in any case.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from hardware.idcard.events import ReaderEvent
from kiosk.errors import KioskError
from kiosk.identity.card import IdCard
from kiosk.ports import AuditSink
from kiosk.privacy import mask_name
from kiosk.requests.archives import ArchiveDirectory
from kiosk.requests.model import Attachment, Channel, Commitment, Request
from kiosk.requests.service import RequestService
from kiosk.session import IdentityNotConfirmed
from kiosk.session_records import VisitRequest
from kiosk.session_states import State
from kiosk.staff.errors import BadPin, Locked, NotStaff
from ui.controller import Controller
from ui.screens.agent_login import AgentLoginScreen
from ui.screens.agent_session import AgentSessionScreen
from ui.screens.agent_verify import AgentVerifyScreen
from ui.screens.proxy_request import ProxyRequestScreen
from ui.flows.ready_requests import ReadyRequestsFlow

log = logging.getLogger("ui.agent")


class AgentFlow(QObject):
    def __init__(self, controller: Controller, *, requests: RequestService | None, audit: AuditSink,
                 capture_still: Callable[[], bytes], set_elder: Callable[[bool], None], origin_archive: str,
                 kiosk_id: str, login_screen: AgentLoginScreen, session_screen: AgentSessionScreen,
                 verify_screen: AgentVerifyScreen, proxy_screen: ProxyRequestScreen,
                 reload_archives: Callable[[], ArchiveDirectory] | None = None,
                 ready_requests: ReadyRequestsFlow | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.c = controller
        self.session = controller.session
        self.requests = requests
        self.audit = audit
        self.capture_still = capture_still
        self.set_elder = set_elder
        self.origin_archive = origin_archive
        self.kiosk_id = kiosk_id
        # A sync since start-up may have changed the directory: read again each time the form opens.
        self.reload_archives = reload_archives
        # The window's screens for AGENT_LOGIN, AGENT_SESSION, ASSISTED_VERIFY and PROXY_REQUEST.
        self.login_screen = login_screen
        self.session_screen = session_screen
        self.verify_screen = verify_screen
        self.proxy_screen = proxy_screen
        self._staff_card: IdCard | None = None
        self._photos: dict[str, bytes] = {}
        #: What came back for earlier requests, told at the resident's card tap.
        self.ready_requests = ready_requests
        self.session.on_wipe(self._forget)
        for name, handler in {
            "agent_start": lambda _p: self.session.transition(State.AGENT_LOGIN, "staff sign-in"),
            "agent_cancel": lambda _p: self.session.transition(State.ATTRACT, "staff sign-in cancelled"),
            "agent_sign_in": self._sign_in,
            # On the assisted screen: the agent signs in there when nobody has in this visit.
            "assisted_sign_in": self._sign_in,
            "agent_confirm": self._confirm_identity,
            "proxy_request": self._open_proxy_request,
            "proxy_back": lambda _p: self.session.transition(State.WIPE, "agent finished"),
            "capture_letter": lambda _p: self._capture("authorisation_letter"),
            "capture_id": lambda _p: self._capture("id_photo"),
            "signature_clear": lambda _p: self.proxy_screen.pad.clear(),
            "proxy_submit": self._submit_proxy,
        }.items():
            controller.register(name, handler)

    # --- sign-in ------------------------------------------------------------------------------------
    def _pin_screen(self) -> AgentLoginScreen | AgentVerifyScreen:
        return self.verify_screen if self.session.state is State.ASSISTED_VERIFY else self.login_screen

    def on_card_event(self, ev: ReaderEvent) -> None:
        s = self.session
        signing_in = s.state is State.AGENT_LOGIN or (s.state is State.ASSISTED_VERIFY and s.agent is None)
        if signing_in and ev.kind == "read" and ev.card is not None:
            self._staff_card = ev.card
            self._pin_screen().card_read(mask_name(ev.card.name))

    def _sign_in(self, pin: object) -> None:
        card = self._staff_card
        screen = self._pin_screen()
        if card is None:
            screen.show_message(screen.tr("Place your own ID card on the reader first."))
            return
        at_login = self.session.state is State.AGENT_LOGIN

        def signed_in(_agent: object) -> None:
            self._staff_card = None
            if at_login:
                self.session.agent_signed_in()
            else:
                self.c.changed()  # the assisted screen now names the agent and offers the reasons
            # Residents who come with an agent are mostly elderly: large text unless someone turns it off.
            self.set_elder(True)

        def refused(err: KioskError) -> None:
            if not isinstance(err, (Locked, BadPin, NotStaff)):
                log.warning("agent sign-in failed: %s", err.code)
            screen.show_refusal(err)

        session = self.session
        self.c.run(lambda: session.authenticate_agent(card, str(pin)), signed_in, refused)

    # --- the assisted session -----------------------------------------------------------------------
    def _confirm_identity(self, reason: object) -> None:
        """The session decides: without an agent signed in in this visit it refuses, and the screen asks
        the agent to sign in."""
        try:
            self.session.assisted_confirmed(str(reason or "confirmed against the card"))
        except IdentityNotConfirmed as e:
            log.info("identity confirmation refused: %s", e.code)
            self.verify_screen.ask_to_sign_in()

    # --- the proxy request --------------------------------------------------------------------------
    def _open_proxy_request(self, _payload: object) -> None:
        self.session.transition(State.PROXY_REQUEST, "agent files for an absent resident")
        if self.reload_archives is not None:
            reload = self.reload_archives
            self.c.run(lambda: [(a.code, a.name) for a in reload().all()], self.proxy_screen.set_archives)

    def _capture(self, kind: str) -> None:
        def captured(image: bytes) -> None:
            self._photos[kind] = image
            self.c.view.proxy_captured = sorted(self._photos)
            self.proxy_screen.show_captured(sorted(self._photos))

        self.c.run(self.capture_still, captured, self._proxy_error)

    def _submit_proxy(self, form: object) -> None:
        f = dict(form)  # type: ignore[call-overload]
        screen = self.proxy_screen
        if self.requests is None:
            screen.show_result(screen.tr("Requests cannot be sent from this kiosk right now."))
            return
        commitment = None
        if f.get("missing"):
            if f.get("signature") is None:
                screen.show_result(screen.tr("A material is missing: the resident signs the commitment on the pad."))
                return
            signed_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            commitment = Commitment(tuple(f["missing"]), f["signature"], signed_at)
        request = Request(origin_archive=self.origin_archive, origin_kiosk=self.kiosk_id,
                          owner_archive=f.get("owner_archive") or "", record_type=f.get("record_type") or "",
                          purpose=f.get("purpose") or "", subject_id=f.get("subject_id", ""),
                          subject_name=f.get("subject_name", ""), channel=Channel.PROXY,
                          agent_id=self.session.agent_id, relationship=f.get("relationship") or "",
                          attachments=[Attachment(k, "image/jpeg", v) for k, v in sorted(self._photos.items())],
                          commitment=commitment)
        try:
            request.check()
        except KioskError as e:
            screen.show_result(e.message)
            return
        service = self.requests

        def sent(result: dict[str, str]) -> None:
            self._photos.clear()  # handed to the outbox: the kiosk keeps no copy of the photos
            self.c.view.proxy_captured = []
            self.session.data.requests.append(VisitRequest(request_id=result["request_id"],
                                                           record_type=request.record_type))
            screen.forget()
            screen.show_result(screen.tr("Request %1 sent. The resident's result comes back to this point.")
                               .replace("%1", result["request_id"][:8].upper()))

        self.c.run(lambda: service.submit(request), sent, self._proxy_error)

    def _proxy_error(self, err: KioskError) -> None:
        log.warning("proxy request step failed: %s", err.code)
        self.proxy_screen.show_result(err.message)

    def _forget(self) -> None:
        self._staff_card = None
        for kind in list(self._photos):
            self._photos[kind] = b""
        self._photos.clear()
