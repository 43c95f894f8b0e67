"""Staff sign-in against the synced registry: PIN hashes, roles, the 5-wrong-PIN lock for 15 minutes."""

from __future__ import annotations

import json

import pytest

from kiosk.audit import AuditLog
from kiosk.identity.card import IdCard
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.errors import BadPin, Locked, NotStaff
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffMember, StaffRegistry
from tests.storage_key import TEST_KEY, TEST_PEPPER as PEPPER

AGENT_ID_NUMBER = "440304198802210043"
CARD = IdCard("resident", "李娜", AGENT_ID_NUMBER)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup(tmp_path):
    doc = StaffMember("A-007", PEPPER.card_key(AGENT_ID_NUMBER), frozenset({"agent"}), PEPPER.hash_pin("1357")
                      ).to_document()
    registry = StaffRegistry.from_documents([json.dumps(doc), "{not json", {"staff_id": "broken"}], PEPPER)
    clock = Clock()
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    yield StaffAuthenticator(lambda: registry, PinLockout(clock), audit), clock, audit
    audit.close()


def test_registry_skips_malformed_rows_and_hides_the_pin_hash():
    registry = StaffRegistry.from_documents([{"staff_id": "x"}, "[]"], PEPPER)
    assert len(registry) == 0
    member = StaffMember("A-1", "k", frozenset({"agent"}), PEPPER.hash_pin("1"))
    assert "argon2" not in repr(member)


def test_right_pin_signs_in(setup):
    auth, _clock, audit = setup
    assert auth.login(CARD, "1357").staff_id == "A-007"
    assert [(r["kind"], r["actor"]) for r in audit.rows()] == [("staff.login", "staff:A-007")]


def test_wrong_role_and_unknown_card_are_not_staff(setup):
    auth, _clock, _audit = setup
    with pytest.raises(NotStaff) as e:
        auth.login(CARD, "1357", role="technician")
    assert e.value.code == "AUTH_NOT_STAFF"
    with pytest.raises(NotStaff):
        auth.login(IdCard("resident", "张三", "330106195203142628"), "1357")


def test_five_wrong_pins_lock_for_fifteen_minutes(setup):
    auth, clock, audit = setup
    for left in (4, 3, 2, 1):
        with pytest.raises(BadPin) as e:
            auth.login(CARD, "0000")
        assert e.value.code == "AUTH_BAD_PIN" and e.value.detail["attempts_left"] == left
    with pytest.raises(Locked) as e:
        auth.login(CARD, "0000")
    assert e.value.code == "AUTH_LOCKED"
    clock.now += 15 * 60 - 1
    with pytest.raises(Locked):
        auth.login(CARD, "1357")  # the right PIN does not open a locked card
    clock.now += 1
    assert auth.login(CARD, "1357").staff_id == "A-007"
    text = json.dumps(audit.rows(), ensure_ascii=False)
    assert "1357" not in text and "0000" not in text and AGENT_ID_NUMBER not in text


def test_a_success_resets_the_count(setup):
    auth, _clock, _audit = setup
    for _ in range(4):
        with pytest.raises(BadPin):
            auth.login(CARD, "0000")
    auth.login(CARD, "1357")
    with pytest.raises(BadPin) as e:
        auth.login(CARD, "0000")
    assert e.value.detail["attempts_left"] == 4


def test_a_lock_kept_on_disk_survives_switching_the_kiosk_off_and_on(tmp_path):
    path = tmp_path / "staff-lockout.sqlite"
    clock = Clock()
    clock.now = 1_764_000_000.0  # wall-clock seconds: they go on counting while the kiosk is off
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    registry = StaffRegistry.from_documents([StaffMember("A-007", PEPPER.card_key(AGENT_ID_NUMBER), frozenset({"agent"}),
                                                         PEPPER.hash_pin("1357")).to_document()], PEPPER)
    first = PinLockout(clock, path=path, key=TEST_KEY)
    auth = StaffAuthenticator(lambda: registry, first, audit)
    for _ in range(3):
        with pytest.raises(BadPin):
            auth.login(CARD, "0000")
    first.close()
    # Restarted: the count goes on from 3, and the fifth wrong PIN still locks.
    second = PinLockout(clock, path=path, key=TEST_KEY)
    auth = StaffAuthenticator(lambda: registry, second, audit)
    with pytest.raises(BadPin) as e:
        auth.login(CARD, "0000")
    assert e.value.detail["attempts_left"] == 1
    with pytest.raises(Locked):
        auth.login(CARD, "0000")
    second.close()
    third = PinLockout(clock, path=path, key=TEST_KEY)
    auth = StaffAuthenticator(lambda: registry, third, audit)
    clock.now += 10 * 60
    with pytest.raises(Locked):
        auth.login(CARD, "1357")
    clock.now += 5 * 60
    assert auth.login(CARD, "1357").staff_id == "A-007"
    third.close()
    assert AGENT_ID_NUMBER.encode() not in path.read_bytes()
    audit.close()


def test_the_tally_outlives_the_lock_and_each_lock_within_the_day_is_longer(setup):
    auth, clock, audit = setup
    locks = []
    for _round in range(3):
        for _ in range(4):
            with pytest.raises(BadPin):
                auth.login(CARD, "0000")
        with pytest.raises(Locked) as e:
            auth.login(CARD, "0000")
        locks.append(e.value.detail["seconds_left"])
        clock.now += e.value.detail["seconds_left"]  # the lock runs out: five more tries, not a fresh start
    assert locks == [15 * 60, 30 * 60, 60 * 60]
    assert [r["detail"]["minutes"] for r in audit.rows("staff.locked")] == [15, 30, 60]
    # A quiet day forgives; the right PIN clears the tally at once.
    clock.now += 24 * 3600 + 1
    with pytest.raises(BadPin) as e:
        auth.login(CARD, "0000")
    assert e.value.detail["attempts_left"] == 4
    assert auth.login(CARD, "1357").staff_id == "A-007"
