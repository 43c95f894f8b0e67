"""The one session state machine (DESIGN.md "The session").

A :class:`Session` owns where the kiosk is and the resident's data for this visit. The UI renders
``session.state`` and calls the methods here; it never keeps its own idea of where the session is.
Time is injected (``clock``) so timeouts are tested without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.errors import IllegalTransition, UsageError
from kiosk.identity.card import IdCard
from kiosk.identity.policy import FaceVerdict
from kiosk.ports import AuditSink
from kiosk.privacy import mask_id, mask_name
from kiosk.session_records import VisitCopy, VisitRequest
from kiosk.session_states import (ACTIVE, AGENT_ONLY, AUTHENTICATED, IDENTIFYING, IDENTITY_EDGES, IDLE, PERSONAL,
                                  RESIDENT, State, is_legal)


class StaffMemberLike(Protocol):
    staff_id: str
    display_name: str

    def has_role(self, role: str) -> bool: ...


class StaffGate(Protocol):
    """Checks a member of staff's own card and PIN (``kiosk.staff.auth.StaffAuthenticator``)."""

    def login(self, card: IdCard, pin: str, *, role: str = ...) -> StaffMemberLike: ...


class IdentityNotConfirmed(IllegalTransition):
    """A move into a resident's archives (or the agent's screens) without the proof this visit needs."""

    code = "SESSION_IDENTITY_NOT_CONFIRMED"
    message_key = "error.session.identity"


@dataclass(frozen=True)
class AgentOnDuty:
    """The agent who signed in, with their own card and PIN, in this visit."""

    staff_id: str
    display_name: str
    #: The agent's own card number, kept in memory to refuse an agent confirming their own card.
    id_number: str = field(repr=False)


class _Proofs:
    """What this visit has proven, kept out of :class:`SessionData` so no screen or flow sets it: only
    the session's own methods below do. A fresh instance at every WIPE and every return to an idle state."""

    def __init__(self) -> None:
        self.identity: str | None = None  # "face" | "agent", set on the move that confirms it
        self.agent: AgentOnDuty | None = None


@dataclass
class SessionData:
    """Everything personal about one visit. Replaced by a fresh empty instance at WIPE."""

    card: IdCard | None = None
    #: Photo bytes from the card, decoded or not; memory only.
    card_photo: bytes | None = None
    assisted_reason: str | None = None
    face_attempts: int = 0
    consented_to_face: bool | None = None
    records: list[Any] = field(default_factory=list)
    current_record: Any = None
    viewed: list[str] = field(default_factory=list)
    #: What was printed for the resident, in the order it came out.
    printed: list[VisitCopy] = field(default_factory=list)
    #: The requests filed in this visit.
    requests: list[VisitRequest] = field(default_factory=list)
    rating: int | None = None
    #: The "next step" lines the resident put on the receipt (from the service guides).
    next_steps: list[str] = field(default_factory=list)

    def subject(self) -> dict[str, str]:
        if self.card is None:
            return {}
        return {"subject": mask_id(self.card.id_number), "subject_name": mask_name(self.card.name)}


@dataclass(frozen=True)
class Fault:
    """A device or network problem the resident must be told about. Holds codes only, nothing personal."""

    code: str  # the KioskError code, e.g. PRINTER_PAPER_OUT
    device: str  # "idcard" | "camera" | "printer" | "receipt" | "network" | ...
    #: What the resident can do next from the error screen ("retry", "assisted", "back").
    remedy: str = "back"


Listener = Callable[[State, State, str], None]


class Session:
    def __init__(self, *, audit: AuditSink | None = None, clock: Callable[[], float] = time.monotonic,
                 idle_timeout_s: float = 90.0, warning_s: float = 30.0, hard_cap_s: float = 1200.0,
                 max_face_attempts: int = 3, staff: StaffGate | None = None):
        self._audit = audit
        #: Without a gate no agent can sign in, and ASSISTED_VERIFY leads nowhere but WIPE.
        self._staff = staff
        self._proofs = _Proofs()
        self._proof_lock = threading.Lock()
        self._clock = clock
        self.idle_timeout_s = idle_timeout_s
        self.warning_s = warning_s
        self.hard_cap_s = hard_cap_s
        self.max_face_attempts = max_face_attempts
        self._state = State.ATTRACT
        self._resume_to: State | None = None
        self._listeners: list[Listener] = []
        self._wipe_hooks: list[Callable[[], None]] = []
        self.data = SessionData()
        self._last_activity = clock()
        self._started_at: float | None = None
        self._warning_started: float | None = None
        self._fault: Fault | None = None
        self._fault_listeners: list[Callable[[Fault | None], None]] = []

    # --- observation ------------------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    @property
    def resume_to(self) -> State | None:
        return self._resume_to

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    @property
    def fault(self) -> Fault | None:
        return self._fault

    def on_fault(self, listener: Callable[[Fault | None], None]) -> None:
        self._fault_listeners.append(listener)

    def on_wipe(self, hook: Callable[[], None]) -> None:
        """Register something that holds personal data outside this object (caches, widgets)."""
        self._wipe_hooks.append(hook)

    @property
    def verified_by(self) -> str | None:
        """How this visit's resident was identified ("face" or "agent"); None until then."""
        return self._proofs.identity

    @property
    def agent(self) -> AgentOnDuty | None:
        return self._proofs.agent

    @property
    def agent_id(self) -> str | None:
        return self._proofs.agent.staff_id if self._proofs.agent else None

    # --- the one way to move ----------------------------------------------------------------------
    def transition(self, dst: State, reason: str = "") -> None:
        src = self._state
        if not is_legal(src, dst, resume_to=self._resume_to):
            raise IllegalTransition(f"cannot go from {src.value} to {dst.value}",
                                    detail={"from": src.value, "to": dst.value})
        self._guard(src, dst)
        if dst is State.TIMEOUT_WARNING:
            self._resume_to = src
            self._warning_started = self._clock()
        elif src is State.TIMEOUT_WARNING:
            self._resume_to = None
            self._warning_started = None
        if src not in ACTIVE and src is not State.TIMEOUT_WARNING and dst in ACTIVE:
            self._started_at = self._clock()
        self._state = dst
        self._last_activity = self._clock()
        # Moving on is the resident's answer to a fault screen; a timeout warning covers it and keeps it.
        if self._fault is not None and dst is not State.TIMEOUT_WARNING and src is not State.TIMEOUT_WARNING:
            self._set_fault(None)
        self._record(src, dst, reason)
        if dst is State.WIPE or dst in IDLE:
            # Nothing proven in one visit carries into the next.
            with self._proof_lock:
                self._proofs = _Proofs()
        if dst is State.WIPE:
            self._wipe()
        for listener in list(self._listeners):
            listener(src, dst, reason)

    def _guard(self, src: State, dst: State) -> None:
        """The identity rule (SECURITY.md): a resident's archives open only after the card with a face
        match that passed liveness, or the card with an agent who signed in in this visit. No other move
        into them exists, whatever a screen asks for."""
        p = self._proofs
        detail = {"from": src.value, "to": dst.value}
        if src in IDENTIFYING and dst in AUTHENTICATED:
            needed = IDENTITY_EDGES.get((src, dst))
            if needed is None or p.identity != needed or self.data.card is None:
                raise IdentityNotConfirmed(f"the resident's identity is not confirmed ({src.value} to {dst.value})",
                                           detail=detail)
        if dst in IDLE and src is not State.WIPE and (self.data.card is not None or p.identity or p.agent):
            # What a visit holds leaves through WIPE, never by stepping back to the attract screen.
            raise IllegalTransition(f"a visit ends through wipe, not {src.value} to {dst.value}", detail=detail)
        if dst in IDENTIFYING and dst is not State.READING_CARD and self.data.card is None:
            raise IdentityNotConfirmed(f"no card has been read for {dst.value}", detail=detail)
        if dst in RESIDENT and (p.identity is None or self.data.card is None):
            raise IdentityNotConfirmed(f"no confirmed resident for {dst.value}", detail=detail)
        if dst in AGENT_ONLY and p.agent is None:
            raise IdentityNotConfirmed(f"no agent signed in for {dst.value}", detail=detail)

    def _record(self, src: State, dst: State, reason: str) -> None:
        if self._audit is None:
            return
        detail: dict[str, Any] = {"from": src.value, "to": dst.value}
        if reason:
            detail["reason"] = reason
        detail.update(self.data.subject())
        actor = f"agent:{self.agent_id}" if self.agent_id else "resident"
        self._audit.append("session.transition", detail, actor=actor)

    def _wipe(self) -> None:
        self.data = SessionData()
        self._set_fault(None)
        self._resume_to = None
        self._started_at = None
        self._warning_started = None
        for hook in list(self._wipe_hooks):
            hook()

    # --- activity and time ------------------------------------------------------------------------
    def touch(self) -> None:
        """Someone touched the screen: the idle timer starts again."""
        self._last_activity = self._clock()

    def more_time(self) -> None:
        if self._state is not State.TIMEOUT_WARNING or self._resume_to is None:
            raise UsageError("no timeout warning is showing")
        self.transition(self._resume_to, "more time")

    def seconds_left(self) -> float:
        """Seconds until WIPE while the warning shows; until the warning otherwise."""
        now = self._clock()
        if self._state is State.TIMEOUT_WARNING and self._warning_started is not None:
            return max(0.0, self.warning_s - (now - self._warning_started))
        return max(0.0, self.idle_timeout_s - (now - self._last_activity))

    def tick(self) -> None:
        """Called about once a second by whoever owns a timer. Applies idle timeout and the hard cap."""
        now = self._clock()
        if self._state in ACTIVE and self._started_at is not None and now - self._started_at >= self.hard_cap_s:
            self.transition(State.WIPE, "session time limit")
            return
        if self._state is State.TIMEOUT_WARNING:
            if self.seconds_left() <= 0:
                self.transition(State.WIPE, "timeout")
            return
        if self._state in ACTIVE and now - self._last_activity >= self.idle_timeout_s:
            self.transition(State.TIMEOUT_WARNING, "idle")

    def finish_wipe(self) -> None:
        if self._state is State.WIPE:
            self.transition(State.ATTRACT, "wiped")

    # --- the resident's path ----------------------------------------------------------------------
    def card_presented(self) -> None:
        if self._state in (State.ATTRACT, State.AGENT_SESSION):
            self.transition(State.READING_CARD, "card placed")

    def card_read(self, card: IdCard, photo: bytes | None = None) -> None:
        if self._state is not State.READING_CARD:
            raise UsageError(f"no card is being read in {self._state.value}")
        # A new card starts its identification afresh (an agent may help several residents in turn).
        d = self.data
        d.card, d.card_photo = card, photo
        d.face_attempts, d.consented_to_face, d.assisted_reason = 0, None, None
        self.transition(State.CONSENT, "card read")

    def card_failed(self, code: str) -> None:
        if self._state is State.READING_CARD:
            # An agent who is helping stays signed in; otherwise the kiosk waits for the next card.
            back = State.AGENT_SESSION if self._proofs.agent is not None else State.ATTRACT
            self.transition(back, f"card unreadable: {code}")

    def consent(self, agreed: bool) -> None:
        if self._state is not State.CONSENT:
            raise UsageError(f"no consent is asked in {self._state.value}")
        self.data.consented_to_face = agreed
        if agreed:
            self.transition(State.FACE_CHECK, "face check consented")
        else:
            self.data.assisted_reason = "face check declined"
            self.transition(State.ASSISTED_VERIFY, "face check declined")

    def face_result(self, verdict: FaceVerdict) -> None:
        """One face-check attempt's outcome. Only a match that also passed liveness confirms identity."""
        if self._state is not State.FACE_CHECK:
            raise UsageError("no face check is running")
        if self.data.card is not None and verdict.matched and verdict.live:
            self._proofs.identity = "face"
            self.transition(State.HOME, "face matched")
            return
        self.data.face_attempts += 1
        if self.data.face_attempts >= self.max_face_attempts:
            self.data.assisted_reason = f"face check failed {self.data.face_attempts} times"
            self.transition(State.ASSISTED_VERIFY, self.data.assisted_reason)
        elif self._audit is not None:
            self._audit.append("identity.face_attempt", {"attempt": self.data.face_attempts,
                                                          "detail": verdict.summary(), **self.data.subject()})

    # --- an agent in this visit -------------------------------------------------------------------
    def authenticate_agent(self, card: IdCard, pin: str) -> AgentOnDuty:
        """Check a member of staff's own card and PIN (role agent) and remember them for this visit only.

        Blocking (the PIN hash is slow on purpose): call it off the UI thread. A sign-in that finishes after
        the visit ended is not kept. Raises the gate's typed errors (wrong PIN, locked, not staff)."""
        if self._staff is None:
            raise UsageError("no staff sign-in on this kiosk", code="STAFF_SIGN_IN_UNAVAILABLE")
        if self._state not in (State.AGENT_LOGIN, State.ASSISTED_VERIFY):
            raise UsageError(f"no staff sign-in in {self._state.value}")
        proofs = self._proofs
        member = self._staff.login(card, pin, role="agent")
        if not member.has_role("agent"):
            raise UsageError("not an agent", code="AUTH_NOT_STAFF")
        on_duty = AgentOnDuty(member.staff_id, member.display_name or member.staff_id, card.id_number)
        with self._proof_lock:
            if self._proofs is not proofs:
                raise UsageError("the visit ended before the sign-in finished", code="SESSION_VISIT_ENDED")
            proofs.agent = on_duty
        return on_duty

    def agent_signed_in(self) -> None:
        """After :meth:`authenticate_agent` from staff sign-in: the agent's own screen."""
        self.transition(State.AGENT_SESSION, "agent signed in")

    def assisted_confirmed(self, reason: str) -> None:
        """The agent signed in in this visit confirms the resident against their card, and says why."""
        agent = self._proofs.agent
        card = self.data.card
        if self._state is not State.ASSISTED_VERIFY or agent is None or card is None:
            raise IdentityNotConfirmed("an agent must sign in with their own card and PIN first",
                                       detail={"state": self._state.value})
        if agent.id_number.strip().upper() == card.id_number.strip().upper():
            raise IdentityNotConfirmed("an agent cannot confirm their own card", detail={"state": self._state.value})
        self.data.assisted_reason = reason
        if self._audit is not None:
            self._audit.append("agent.identity_confirmed", {"reason": reason, **self.data.subject()},
                               actor=f"agent:{agent.staff_id}")
        self._proofs.identity = "agent"
        self.transition(State.HOME, f"identity confirmed by agent: {reason}")

    # --- browsing, faults, the end of a visit -------------------------------------------------------
    def open_record(self, record: Any) -> None:
        """Show one record: remembered for printing, and listed as viewed on the receipt."""
        self.data.current_record = record
        record_id = getattr(record, "record_id", str(record))
        if record_id not in self.data.viewed:
            self.data.viewed.append(record_id)
        if self._state is not State.RECORD_VIEW:
            self.transition(State.RECORD_VIEW, "record opened")

    def report_fault(self, code: str, device: str, remedy: str = "back") -> None:
        """A device or the network failed; the UI shows the error screen until the fault is cleared."""
        if self._audit is not None:
            self._audit.append("session.fault", {"code": code, "device": device, "state": self._state.value})
        self._set_fault(Fault(code, device, remedy))

    def clear_fault(self) -> None:
        self._set_fault(None)

    def _set_fault(self, fault: Fault | None) -> None:
        if fault == self._fault:
            return
        self._fault = fault
        for listener in list(self._fault_listeners):
            listener(fault)

    def rate(self, stars: int) -> None:
        if not 1 <= stars <= 5:
            raise UsageError(f"a rating is 1 to 5 stars, got {stars}")
        self.data.rating = stars
        if self._audit is not None:
            self._audit.append("session.rating", {"stars": stars})

    @property
    def authenticated(self) -> bool:
        """A resident's identity is confirmed and they are in their archives (a public guide is not)."""
        if self._proofs.identity is None:
            return False
        return self._state in AUTHENTICATED or (self._state is State.TIMEOUT_WARNING
                                                and self._resume_to in AUTHENTICATED)

    @property
    def holds_personal_data(self) -> bool:
        return self._state in PERSONAL
