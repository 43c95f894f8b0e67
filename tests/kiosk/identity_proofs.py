"""Real proofs of identity for session tests: a staff registry with one agent and one technician (real PIN
hashes, a real authenticator), and face verdicts as the face check gives them."""

from __future__ import annotations

from argon2 import PasswordHasher

from kiosk.identity.card import IdCard
from kiosk.identity.policy import FaceVerdict
from kiosk.session import Session
from kiosk.session_states import State
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffMember, StaffRegistry
from tests.storage_key import TEST_PEPPER

RESIDENT = IdCard("resident", "欧阳秀英", "330106195203142627", birth="19520314")
AGENT = IdCard("resident", "李娜", "440304198802210043")
TECHNICIAN = IdCard("resident", "王强", "110101198001011238")
PIN = "246810"
#: A real Argon2id PIN hash at a low cost: these tests sign in thousands of times (the cost the district
#: enrols with is tested with the staff credentials).
_CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _hash(pin: str) -> str:
    return TEST_PEPPER.hash_pin(pin, hasher=_CHEAP)


_REGISTRY = StaffRegistry([
    StaffMember("A-007", TEST_PEPPER.card_key(AGENT.id_number), frozenset({"agent"}), _hash(PIN), display_name="李*"),
    StaffMember("T-001", TEST_PEPPER.card_key(TECHNICIAN.id_number), frozenset({"technician"}), _hash(PIN)),
], TEST_PEPPER)


class NullAudit:
    def append(self, kind, detail, *, actor="kiosk"):
        return None


def staff_gate(clock=lambda: 0.0, audit=None) -> StaffAuthenticator:
    return StaffAuthenticator(lambda: _REGISTRY, PinLockout(clock), audit or NullAudit())


def verdict(*, matched: bool, live: bool) -> FaceVerdict:
    return FaceVerdict(matched=matched, live=live, distance=0.3 if matched else 0.8, threshold=0.5,
                       reason="verified" if matched and live else "no_match" if not matched else "liveness_failed")


VERIFIED = verdict(matched=True, live=True)


def step(s: Session, dst: State) -> None:
    """Move as the kiosk does: through the session's own methods where a move needs a card or a proof."""
    src = s.state
    if (src, dst) == (State.READING_CARD, State.CONSENT):
        s.card_read(RESIDENT)
    elif (src, dst) == (State.FACE_CHECK, State.HOME):
        s.face_result(VERIFIED)
    elif (src, dst) == (State.ASSISTED_VERIFY, State.HOME):
        if s.agent is None:
            s.authenticate_agent(AGENT, PIN)
        s.assisted_confirmed("checked against the card")
    elif (src, dst) == (State.AGENT_LOGIN, State.AGENT_SESSION):
        s.authenticate_agent(AGENT, PIN)
        s.agent_signed_in()
    else:
        s.transition(dst)
