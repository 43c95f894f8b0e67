"""Staff credentials at rest: the registry keyed by the district pepper, Argon2id PIN hashes, the old
format migrated, and the attack that reversed the old registry failing against the new one."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import sys

import pytest

from kiosk.cli import main
from kiosk.gateway.stores import open_store
from kiosk.identity.idnumber import complete
from kiosk.staff.district import DistrictRegistry, StaffRegistryError
from kiosk.staff.pins import Pepper, pin_hash_parameters
from kiosk.staff.registry import StaffRegistry
from kiosk.storage.key import write_key_file
from tests.storage_key import TEST_PEPPER

AGENT_ID_NUMBER = "440304198802210043"  # assets/demo/cards/li_na.toml
OLD_PIN_HASH = ("scrypt$16384$8$1$26aeca96e68ef622fadfa596d3fc2a49$"
                "410884436408f68d849e1dc9ed6dd8615548a25fc27efced8c2ed0345f04cdbd")  # PIN 246810
OLD_DOC = {"staff_id": "A-007", "card_sha256": hashlib.sha256(AGENT_ID_NUMBER.encode()).hexdigest(),
           "roles": ["agent"], "pin_hash": OLD_PIN_HASH, "display_name": "李*", "archive_code": "440304",
           "active": True}


@pytest.fixture
def district(tmp_path):
    store = open_store(str(tmp_path / "gateway.sqlite"))
    yield DistrictRegistry(store, TEST_PEPPER), store
    store.close()


def test_an_enrolled_member_is_keyed_and_the_pin_hash_is_argon2id_with_its_cost(district):
    registry, store = district
    registry.enrol("A-007", AGENT_ID_NUMBER, "246810", ["agent"], display_name="李*")
    doc = store.get("staff", "A-007")
    assert set(doc) == {"staff_id", "card_hmac", "roles", "pin_hash", "display_name", "archive_code", "active"}
    assert doc["card_hmac"] == "hmac-sha256:" + hmac.new(TEST_PEPPER.raw, AGENT_ID_NUMBER.encode(),
                                                         hashlib.sha256).hexdigest()
    assert doc["pin_hash"].startswith("$argon2id$v=19$")
    params = pin_hash_parameters(doc["pin_hash"])
    assert params["type"] == "id" and params["memory_kib"] >= 64 * 1024 and params["time_cost"] >= 3
    assert AGENT_ID_NUMBER not in json.dumps(doc) and "246810" not in json.dumps(doc)
    kiosk = StaffRegistry.from_documents([doc], TEST_PEPPER)
    member = kiosk.by_id_number(AGENT_ID_NUMBER)
    assert member is not None and kiosk.check_pin(member, "246810") and not kiosk.check_pin(member, "246811")
    # The same registry under another district's pepper knows nobody and lets nobody in.
    other = StaffRegistry.from_documents([doc], Pepper(bytes(32)))
    assert other.by_id_number(AGENT_ID_NUMBER) is None and not other.check_pin(member, "246810")


def test_reset_pin_and_disable(district):
    registry, store = district
    registry.enrol("A-007", AGENT_ID_NUMBER, "246810", ["agent"])
    registry.reset_pin("A-007", "135790")
    kiosk = StaffRegistry.from_documents([store.get("staff", "A-007")], TEST_PEPPER)
    member = kiosk.by_id_number(AGENT_ID_NUMBER)
    assert kiosk.check_pin(member, "135790") and not kiosk.check_pin(member, "246810")
    registry.disable("A-007")
    assert StaffRegistry.from_documents([store.get("staff", "A-007")], TEST_PEPPER).by_id_number(AGENT_ID_NUMBER) is None
    with pytest.raises(StaffRegistryError):
        registry.enrol("A-008", "440304198802210044", "246810", ["agent"])  # not a valid ID number
    with pytest.raises(StaffRegistryError):
        registry.reset_pin("A-007", "12")  # too short


def test_the_old_format_is_migrated_and_members_keep_their_pins(district):
    registry, store = district
    store.put_document("staff", "A-007", OLD_DOC)
    assert [e.card for e in registry.list()] == ["plain hash"]
    # A kiosk does not use an entry of the old format at all.
    assert len(StaffRegistry.from_documents([OLD_DOC], TEST_PEPPER)) == 0
    with pytest.raises(StaffRegistryError):
        registry.migrate({"A-007": "330106195203142627"})  # not the member's number: nothing changes
    assert store.get("staff", "A-007") == OLD_DOC
    assert registry.migrate({"A-007": AGENT_ID_NUMBER})["migrated"] == ["A-007"]
    doc = store.get("staff", "A-007")
    assert "card_sha256" not in doc and doc["card_hmac"].startswith("hmac-sha256:")
    assert doc["pin_hash"].startswith("scrypt-argon2id$") and pin_hash_parameters(doc["pin_hash"])["type"] == "id"
    kiosk = StaffRegistry.from_documents([doc], TEST_PEPPER)
    member = kiosk.by_id_number(AGENT_ID_NUMBER)
    assert kiosk.check_pin(member, "246810") and not kiosk.check_pin(member, "246811")
    assert registry.migrate({"A-007": AGENT_ID_NUMBER})["already"] == ["A-007"]


def _candidates(region: str, year: int):
    """Every ID number of one region and birth year: what the attack on the old registry enumerated."""
    day = dt.date(year, 1, 1)
    while day.year == year:
        head = f"{region}{day:%Y%m%d}"
        for seq in range(1000):
            yield complete(f"{head}{seq:03d}")
        day += dt.timedelta(days=1)


def _attack(card_field: str, targets: set[str], region: str, year: int) -> str | None:
    """Hash candidates the ways a thief without the pepper can: plain SHA-256, or HMAC under a guessed key."""
    for number in _candidates(region, year):
        raw = number.encode()
        guesses = (hashlib.sha256(raw).hexdigest(), "hmac-sha256:" + hmac.new(b"", raw, hashlib.sha256).hexdigest())
        if any(g in targets for g in guesses):
            return number
    return None


def test_a_stolen_registry_gives_no_id_number_without_the_pepper(district):
    registry, store = district
    # Even told the region and the birth year (366,000 candidates), the attack that reverses the old
    # registry in seconds finds the member there and nobody in the keyed one.
    assert _attack("card_sha256", {OLD_DOC["card_sha256"]}, "440304", 1988) == AGENT_ID_NUMBER
    registry.enrol("A-007", AGENT_ID_NUMBER, "246810", ["agent"])
    stolen = json.loads(json.dumps(store.get("staff", "A-007")))
    assert _attack("card_hmac", {stolen["card_hmac"]}, "440304", 1988) is None


def test_the_command_line_enrols_lists_and_never_takes_a_pin_as_an_argument(tmp_path, capsys, monkeypatch):
    pepper = tmp_path / "pepper"
    write_key_file(pepper, TEST_PEPPER.raw)
    db = str(tmp_path / "gateway.sqlite")
    monkeypatch.setattr(sys, "stdin", io.StringIO("246810\n"))
    assert main(["staff", "enrol", "--db", db, "--pepper", str(pepper), "--staff-id", "A-007", "--id-number",
                 AGENT_ID_NUMBER, "--role", "agent", "--role", "technician", "--json"]) == 0
    capsys.readouterr()
    assert main(["staff", "list", "--db", db, "--pepper", str(pepper), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["staff"]
    assert row["roles"] == ["agent", "technician"] and row["card"] == "keyed"
    assert row["pin_hash"]["type"] == "id" and row["pin_hash"]["memory_kib"] >= 65536
    with pytest.raises(SystemExit):
        main(["staff", "enrol", "--db", db, "--pepper", str(pepper), "--staff-id", "A-8", "--id-number",
              AGENT_ID_NUMBER, "--role", "agent", "--pin", "246810"])
