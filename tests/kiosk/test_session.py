"""The session state machine, exhaustively over its transitions table."""

from __future__ import annotations

import itertools

import pytest

from kiosk.audit import AuditLog
from kiosk.errors import IllegalTransition, UsageError
from kiosk.session import IdentityNotConfirmed, Session
from kiosk.session_records import VisitCopy, VisitRequest
from kiosk.session_states import (ACTIVE, AGENT_ONLY, AUTHENTICATED, IDENTIFYING, IDENTITY_EDGES, PERSONAL, RESIDENT,
                                  STAFF, TRANSITIONS, State, is_legal)
from tests.kiosk.identity_proofs import RESIDENT as CARD
from tests.kiosk.identity_proofs import AGENT, PIN, VERIFIED, staff_gate, step, verdict
from tests.storage_key import TEST_KEY


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def session_in(state: State, clock: Clock | None = None, audit: AuditLog | None = None) -> Session:
    """A session brought into ``state`` along legal moves (breadth-first over the table), with the card and
    the proofs the kiosk would have on the way."""
    s = Session(clock=clock or Clock(), audit=audit, staff=staff_gate())
    for nxt in _path_to(state):
        step(s, nxt)
    assert s.state is state
    return s


def _path_to(target: State) -> list[State]:
    """Shortest path from ATTRACT; a resident's states only after an identity edge, the agent's only after
    sign-in (a public guide leads to none of them)."""
    from collections import deque

    Node = tuple[State, bool, bool]  # state, identity confirmed, agent signed in
    start: Node = (State.ATTRACT, False, False)
    prev: dict[Node, Node | None] = {start: None}
    q = deque([start])
    found = None
    while q:
        cur = q.popleft()
        state, identified, agent = cur
        if state is target:
            found = cur
            break
        for nxt in sorted(TRANSITIONS[state], key=lambda s: s.value):
            if nxt is State.TIMEOUT_WARNING:
                continue
            now_identified = identified or (state, nxt) in IDENTITY_EDGES
            now_agent = agent or (state, nxt) == (State.AGENT_LOGIN, State.AGENT_SESSION)
            if (nxt in RESIDENT and not now_identified) or (nxt in AGENT_ONLY and not now_agent):
                continue
            if nxt in (State.ATTRACT, State.WIPE):
                now_identified = now_agent = False
            node = (nxt, now_identified, now_agent)
            if node not in prev:
                prev[node] = cur
                q.append(node)
    if target is State.TIMEOUT_WARNING:
        return [State.READING_CARD, State.TIMEOUT_WARNING]
    assert found is not None, target
    path = []
    node: Node | None = found
    while node is not None and node != start:
        path.append(node[0])
        node = prev[node]
    return path[::-1]


def _needs_proof(s: Session, src: State, dst: State) -> bool:
    return ((src, dst) in IDENTITY_EDGES or (dst in RESIDENT and s.verified_by is None)
            or (dst in AGENT_ONLY and s.agent is None)
            or (dst in IDENTIFYING and dst is not State.READING_CARD and s.data.card is None))


def test_every_state_is_in_the_table_and_reachable():
    assert set(TRANSITIONS) == set(State)
    for state in State:
        assert session_in(state).state is state


@pytest.mark.parametrize("src,dst", list(itertools.product(State, State)))
def test_table_decides_every_pair(src: State, dst: State):
    s = session_in(src)
    if src is State.TIMEOUT_WARNING:
        legal = dst in TRANSITIONS[src] or dst is s.resume_to
    else:
        legal = dst in TRANSITIONS[src]
    if legal and _needs_proof(s, src, dst):
        # The table allows the move, the guard does not: no screen gets there by asking.
        with pytest.raises(IdentityNotConfirmed) as e:
            s.transition(dst)
        assert e.value.code == "SESSION_IDENTITY_NOT_CONFIRMED"
        assert s.state is src
        if (src, dst) in IDENTITY_EDGES or (src, dst) in ((State.AGENT_LOGIN, State.AGENT_SESSION),
                                                           (State.READING_CARD, State.CONSENT)):
            step(s, dst)  # with the proof it goes
            assert s.state is dst
    elif legal:
        s.transition(dst)
        assert s.state is dst
    else:
        with pytest.raises(IllegalTransition) as e:
            s.transition(dst)
        assert e.value.code in ("SESSION_ILLEGAL_TRANSITION", "SESSION_IDENTITY_NOT_CONFIRMED")
        assert s.state is src


def test_groups_are_consistent():
    assert not (IDENTIFYING & AUTHENTICATED)
    assert not (AUTHENTICATED & STAFF)
    assert State.ATTRACT not in ACTIVE and State.WIPE not in ACTIVE
    assert AUTHENTICATED <= PERSONAL and IDENTIFYING <= PERSONAL
    for s in ACTIVE:
        assert State.TIMEOUT_WARNING in TRANSITIONS[s] and State.WIPE in TRANSITIONS[s]
    # Identity can only be skipped by going through a check: nothing jumps from the card to HOME.
    assert State.HOME not in TRANSITIONS[State.READING_CARD] | TRANSITIONS[State.CONSENT] | TRANSITIONS[State.ATTRACT]


def test_idle_warning_then_more_time_returns_where_it_was():
    clock = Clock()
    s = session_in(State.RECORDS, clock)
    clock.t += 89
    s.tick()
    assert s.state is State.RECORDS
    clock.t += 1
    s.tick()
    assert s.state is State.TIMEOUT_WARNING and s.resume_to is State.RECORDS
    assert s.seconds_left() == pytest.approx(30)
    s.more_time()
    assert s.state is State.RECORDS
    with pytest.raises(UsageError):
        s.more_time()


def test_warning_runs_out_to_wipe_and_data_are_gone():
    clock = Clock()
    s = Session(clock=clock)
    s.transition(State.READING_CARD)
    s.card_read(CARD, b"photo-bytes")
    s.data.printed.append(VisitCopy(title="结婚登记档案", verification_code="K7Q2", record_id="r1"))
    s.data.requests.append(VisitRequest(request_id="q1", record_type="marriage", pickup="12345678"))
    wiped = []
    s.on_wipe(lambda: wiped.append(True))
    clock.t += 90
    s.tick()
    assert s.state is State.TIMEOUT_WARNING
    clock.t += 30
    s.tick()
    assert s.state is State.WIPE
    assert wiped == [True]
    assert s.data.card is None and s.data.card_photo is None
    assert s.data.printed == [] and s.data.requests == []
    s.finish_wipe()
    assert s.state is State.ATTRACT


def test_hard_cap_ends_a_busy_session():
    clock = Clock()
    s = Session(clock=clock, hard_cap_s=600)
    s.transition(State.READING_CARD)
    for _ in range(20):
        clock.t += 30
        s.touch()
        s.tick()
    assert s.state is State.ATTRACT or s.state is State.WIPE
    assert s.data.card is None


def test_face_fails_three_times_then_assisted():
    s = Session(clock=Clock(), staff=staff_gate())
    s.transition(State.READING_CARD)
    s.card_read(CARD)
    s.consent(True)
    s.face_result(verdict(matched=False, live=True))
    s.face_result(verdict(matched=True, live=False))  # a photo held up matches, and fails liveness
    assert s.state is State.FACE_CHECK
    s.face_result(verdict(matched=False, live=False))
    assert s.state is State.ASSISTED_VERIFY
    assert "3" in (s.data.assisted_reason or "")
    with pytest.raises(IdentityNotConfirmed):
        s.assisted_confirmed("checked against the card")  # nobody signed in yet
    s.authenticate_agent(AGENT, PIN)
    s.assisted_confirmed("checked against the card")
    assert s.state is State.HOME and s.verified_by == "agent" and s.agent_id == "A-007"


def test_a_verified_face_opens_home():
    s = Session(clock=Clock())
    s.transition(State.READING_CARD)
    s.card_read(CARD)
    s.consent(True)
    s.face_result(VERIFIED)
    assert s.state is State.HOME and s.verified_by == "face" and s.authenticated


def test_consent_declined_goes_to_agent_path():
    s = Session(clock=Clock())
    s.transition(State.READING_CARD)
    s.card_read(CARD)
    s.consent(False)
    assert s.state is State.ASSISTED_VERIFY


def test_transitions_are_audited_masked(tmp_path):
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    s = Session(clock=Clock(), audit=audit)
    s.transition(State.READING_CARD)
    s.card_read(CARD)
    rows = audit.rows("session.transition")
    assert [r["detail"]["to"] for r in rows] == ["reading_card", "consent"]
    text = str(rows)
    assert "330106195203142627" not in text and "欧阳秀英" not in text
    assert rows[1]["detail"]["subject"] == "3301**********2627"


def test_is_legal_resume_rule():
    assert is_legal(State.TIMEOUT_WARNING, State.RECORDS, resume_to=State.RECORDS)
    assert not is_legal(State.TIMEOUT_WARNING, State.RECORDS, resume_to=State.HOME)


def test_what_a_visit_handed_out_cannot_be_changed_after_the_fact():
    """A copy on the visit's list is what was printed: a flow cannot alter the code the receipt names."""
    import dataclasses

    copy = VisitCopy.from_print({"record_id": "r1", "copies": "2", "verification_code": "K7Q2", "title": "t",
                                 "pages": None, "certificate_id": "ignored"})
    assert (copy.copies, copy.pages, copy.verification_code, copy.record_id) == (2, 1, "K7Q2", "r1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.verification_code = "FAKE"  # type: ignore[misc]


def test_only_a_technicians_sign_in_leads_to_the_self_tests():
    """Agent and technician sign in in separate states: an agent's sign-in never opens diagnostics."""
    into_diagnostics = {src for src, dsts in TRANSITIONS.items() if State.DIAGNOSTICS in dsts}
    assert into_diagnostics == {State.TECHNICIAN_LOGIN}
    assert not is_legal(State.AGENT_LOGIN, State.DIAGNOSTICS)
    assert State.TECHNICIAN_LOGIN in STAFF and State.TECHNICIAN_LOGIN not in PERSONAL
