"""Who may enter a resident's archives, shown over every path of the session from ATTRACT.

The exploration drives real :class:`Session` objects with every move the transition table offers and every
event the kiosk can feed it (cards, consent, face verdicts of every kind, staff sign-ins that succeed or
fail, an agent's confirmation, timeouts). Configurations that behave alike are visited once; what the visit
has proven travels with each of them. Wherever a resident's state is reached, the path must hold a read
card and either a face match that passed liveness or an agent who signed in (own card + PIN) in this visit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from kiosk.errors import KioskError
from kiosk.session import Session
from kiosk.session_states import IDLE, RESIDENT, TRANSITIONS, State
from tests.kiosk.identity_proofs import AGENT, PIN, RESIDENT as CARD, TECHNICIAN, staff_gate, verdict


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


Action = tuple[str, ...]

EVENTS: list[Action] = [
    ("card_presented",), ("card_read",), ("card_failed",), ("consent", "yes"), ("consent", "no"),
    ("face", "matched", "live"), ("face", "matched", "not live"), ("face", "no match", "live"),
    ("face", "no match", "not live"),
    ("agent", "right pin"), ("agent", "wrong pin"), ("agent", "technician"), ("agent", "resident's own card"),
    ("agent_signed_in",), ("assisted_confirmed",), ("more_time",), ("idle",), ("finish_wipe",),
]


def apply(s: Session, clock: Clock, action: Action) -> None:
    kind = action[0]
    calls: dict[str, Callable[[], object]] = {
        "move": lambda: s.transition(State(action[1]), "explore"),
        "card_presented": s.card_presented,
        "card_read": lambda: s.card_read(CARD, b"photo"),
        "card_failed": lambda: s.card_failed("IDCARD_LIFTED"),
        "consent": lambda: s.consent(action[1] == "yes"),
        "face": lambda: s.face_result(verdict(matched=action[1] == "matched", live=action[2] == "live")),
        "agent": lambda: s.authenticate_agent(
            {"right pin": AGENT, "wrong pin": AGENT, "technician": TECHNICIAN, "resident's own card": CARD}[action[1]],
            "000000" if action[1] == "wrong pin" else PIN),
        "agent_signed_in": s.agent_signed_in,
        "assisted_confirmed": lambda: s.assisted_confirmed("checked against the card"),
        "more_time": s.more_time,
        "idle": lambda: (setattr(clock, "t", clock.t + s.seconds_left() + 1), s.tick()),
        "finish_wipe": s.finish_wipe,
    }
    calls[kind]()


def replay(path: list[Action]) -> tuple[Session, frozenset[str]]:
    """A fresh session driven along ``path``, and what the path has shown in the current visit, read from
    the actions themselves (not from the session's own record)."""
    clock = Clock()
    # A fresh gate each time: a lockout from one explored path must not leak into another.
    s = Session(clock=clock, staff=staff_gate(clock), max_face_attempts=2)
    shown: set[str] = set()
    for action in path:
        before = s.state
        try:
            apply(s, clock, action)
        except KioskError:
            assert s.state is before  # a refusal leaves the session where it was
            continue
        if s.state in IDLE or s.state is State.WIPE:
            shown.clear()
        if action == ("card_read",) and before is State.READING_CARD:
            shown.add("card")
        if action == ("face", "matched", "live") and before is State.FACE_CHECK:
            shown.add("face+liveness")
        if action == ("agent", "right pin"):
            shown.add("agent signed in")
    return s, frozenset(shown)


def key(s: Session, shown: frozenset[str]) -> tuple:
    d = s.data
    return (s.state, s.resume_to, d.card is not None, s.verified_by, s.agent_id, d.face_attempts,
            d.consented_to_face, shown)


Visit = tuple[list[Action], frozenset[str], State]


def explore(max_depth: int = 40) -> tuple[set[tuple], int, list[Visit], list[Visit]]:
    """Breadth-first over configurations until no new one appears. Returns how many were found, the longest
    path needed, every configuration in a resident's state (with its path and evidence), and the doors: the
    moves by which a visit first entered one."""
    start: list[Action] = []
    s0, shown0 = replay(start)
    seen = {key(s0, shown0)}
    q = deque([start])
    longest = 0
    inside: list[Visit] = []
    doors: list[Visit] = []
    while q:
        path = q.popleft()
        s, _ = replay(path)
        assert len(path) < max_depth, "the exploration did not close"
        longest = max(longest, len(path))
        moves = [("move", dst.value) for dst in sorted(TRANSITIONS[s.state], key=lambda x: x.value)]
        if s.resume_to is not None:
            moves.append(("move", s.resume_to.value))
        for action in moves + EVENTS:
            nxt = [*path, action]
            s2, shown = replay(nxt)
            k = key(s2, shown)
            if k in seen:
                continue
            seen.add(k)
            if s2.state in RESIDENT or (s2.state is State.TIMEOUT_WARNING and s2.resume_to in RESIDENT):
                inside.append((nxt, shown, s2.state))
                if s.verified_by is None:
                    doors.append((nxt, shown, s2.state))
            q.append(nxt)
    return seen, longest, inside, doors


def test_every_path_into_a_residents_archives_holds_the_card_and_a_face_or_an_agent():
    configurations, longest, inside, doors = explore()
    # The search ran out of new configurations, along paths of up to ``longest`` actions, and every state of
    # the table was among them: the exploration really went through the whole table.
    assert len(configurations) > 300 and longest >= 10
    assert {c[0] for c in configurations} == set(State)
    assert len(inside) > 100
    for path, shown, _state in inside:
        assert "card" in shown, path
        assert "face+liveness" in shown or "agent signed in" in shown, path
    ways = set()
    for path, _shown, state in doors:
        assert state is State.HOME, (state, path)  # HOME is the only door
        ways.add(path[-1][0])
    # Both doors exist, and nothing else opens one.
    assert ways == {"face", "assisted_confirmed"}


def test_declined_consent_then_confirmation_without_an_agent_stays_put():
    s, _ = replay([("card_presented",), ("card_read",), ("consent", "no"), ("assisted_confirmed",),
                   ("move", "home")])
    assert s.state is State.ASSISTED_VERIFY and s.verified_by is None


def test_a_sign_in_from_an_earlier_visit_does_not_carry_over():
    s, _ = replay([("move", "agent_login"), ("agent", "right pin"), ("agent_signed_in",), ("move", "wipe"),
                   ("finish_wipe",), ("card_presented",), ("card_read",), ("consent", "no"),
                   ("assisted_confirmed",)])
    assert s.state is State.ASSISTED_VERIFY and s.agent is None


def test_an_agent_cannot_confirm_their_own_card():
    clock = Clock()
    s = Session(clock=clock, staff=staff_gate(clock))
    s.card_presented()
    s.card_read(AGENT)
    s.consent(False)
    s.authenticate_agent(AGENT, PIN)
    try:
        s.assisted_confirmed("checked against the card")
    except KioskError as e:
        assert e.code == "SESSION_IDENTITY_NOT_CONFIRMED"
    assert s.state is State.ASSISTED_VERIFY


def test_a_sign_in_that_finishes_after_the_visit_ended_is_not_kept():
    clock = Clock()
    s = Session(clock=clock, staff=staff_gate(clock))
    s.card_presented()
    s.card_read(CARD)
    s.consent(False)

    class SlowGate:
        def login(self, card, pin, *, role="agent"):
            member = staff_gate(clock).login(card, pin, role=role)
            s.transition(State.WIPE, "resident left")  # the visit ends while the PIN is being checked
            return member

    s._staff = SlowGate()
    try:
        s.authenticate_agent(AGENT, PIN)
    except KioskError as e:
        assert e.code == "SESSION_VISIT_ENDED"
    assert s.agent is None
