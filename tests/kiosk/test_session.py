"""The session state machine, exhaustively over its transitions table."""

from __future__ import annotations

import itertools

import pytest

from kiosk.audit import AuditLog
from kiosk.errors import IllegalTransition, UsageError
from kiosk.identity.card import IdCard
from kiosk.session import Session
from kiosk.session_states import ACTIVE, AUTHENTICATED, IDENTIFYING, PERSONAL, STAFF, TRANSITIONS, State, is_legal

CARD = IdCard("resident", "欧阳秀英", "330106195203142627", birth="19520314")


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def session_in(state: State, clock: Clock | None = None, audit: AuditLog | None = None) -> Session:
    """A session forced into ``state`` along legal moves (breadth-first over the table)."""
    s = Session(clock=clock or Clock(), audit=audit)
    path = _path_to(state)
    for step in path:
        s.transition(step)
    assert s.state is state
    return s


def _path_to(target: State) -> list[State]:
    from collections import deque

    prev: dict[State, State | None] = {State.ATTRACT: None}
    q = deque([State.ATTRACT])
    while q:
        cur = q.popleft()
        if cur is target:
            break
        for nxt in sorted(TRANSITIONS[cur], key=lambda s: s.value):
            if nxt not in prev and nxt is not State.TIMEOUT_WARNING:
                prev[nxt] = cur
                q.append(nxt)
    if target is State.TIMEOUT_WARNING:
        return [State.READING_CARD, State.TIMEOUT_WARNING]
    path = []
    node: State | None = target
    while node is not None and node is not State.ATTRACT:
        path.append(node)
        node = prev[node]
    return path[::-1]


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
    if legal:
        s.transition(dst)
        assert s.state is dst
    else:
        with pytest.raises(IllegalTransition) as e:
            s.transition(dst)
        assert e.value.code == "SESSION_ILLEGAL_TRANSITION"
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
    s = Session(clock=Clock())
    s.transition(State.READING_CARD)
    s.card_read(CARD)
    s.consent(True)
    s.face_result(False)
    s.face_result(False)
    assert s.state is State.FACE_CHECK
    s.face_result(False)
    assert s.state is State.ASSISTED_VERIFY
    assert "3" in (s.data.assisted_reason or "")
    s.assisted_confirmed("agent-7", "checked against the card")
    assert s.state is State.HOME and s.data.verified_by == "agent"


def test_consent_declined_goes_to_agent_path():
    s = Session(clock=Clock())
    s.transition(State.READING_CARD)
    s.card_read(CARD)
    s.consent(False)
    assert s.state is State.ASSISTED_VERIFY


def test_transitions_are_audited_masked(tmp_path):
    audit = AuditLog(tmp_path / "audit.sqlite")
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
