"""Wrong staff PINs counted for the whole district, against a real HTTPS gateway on loopback with two kiosks
(two kiosk certificates): a card locked at kiosk A is locked at kiosk B, the fleet shows STAFF_LOCKED, a kiosk
cut off from the gateway falls back to its own tally, and nobody but a kiosk of the district reports or clears.
"""

from __future__ import annotations

import datetime as dt
import json
import ssl
import time
from pathlib import Path

import httpx
import pytest

from kiosk.audit import AuditLog
from kiosk.identity.card import IdCard
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.district_lock import GatewayLock
from kiosk.staff.errors import BadPin, Locked
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffMember, StaffRegistry
from kiosk.sync.client import GatewayClient
from kiosk.tls import pki
from kiosk.tls.credentials import Credentials
from tests.kiosk.sync.gateway_fixture import app_of, make_district, server_of, sqlite_store
from tests.storage_key import TEST_KEY, TEST_PEPPER as PEPPER

AGENT_ID_NUMBER = "440304198802210043"
CARD = IdCard("resident", "李娜", AGENT_ID_NUMBER)
KEYED = PEPPER.card_key(AGENT_ID_NUMBER)
FEATURES = ("kiosk.gateway.health_api", "kiosk.gateway.staff_lockout")


class Clock:
    """Wall-clock seconds from now on, moved by the tests (a queued report carries the time it was typed)."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def __call__(self) -> float:
        return self.now


class Kiosk:
    """One kiosk: its own encrypted tally, its audit log and its mutual-TLS link to the gateway."""

    def __init__(self, folder: Path, name: str, url: str, credentials: Path, registry: StaffRegistry, clock: Clock):
        folder.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.audit = AuditLog(folder / "audit.sqlite", key=TEST_KEY)
        self.tally = PinLockout(clock, path=folder / "staff-lockout.sqlite", key=TEST_KEY)
        self.link = GatewayClient(url, tls=Credentials.load(credentials).client_context(), deadline_s=10)
        self.auth = StaffAuthenticator(lambda: registry, self.tally, self.audit, district=GatewayLock(self.link))

    def close(self) -> None:
        self.auth.close()
        self.audit.close()


@pytest.fixture
def district_gateway(tmp_path):
    district = make_district(tmp_path / "district")
    store = sqlite_store(tmp_path / "gateway.sqlite")
    member = StaffMember("A-007", KEYED, frozenset({"agent"}), PEPPER.hash_pin("1357"), display_name="李*")
    store.put_document("staff", "A-007", member.to_document())  # as the district publishes its registry
    registry = StaffRegistry.from_documents([member.to_document()], PEPPER)
    clock = Clock()
    server = server_of(app_of(store, district, feature_routers=FEATURES, staff_lock_clock=clock), district)
    url = server.start()
    kiosks = {name: Kiosk(tmp_path / name, name, url, district.issue_kiosk(name), registry, clock)
              for name in ("kiosk-a", "kiosk-b")}
    try:
        yield district, server, url, kiosks, clock, store, registry
    finally:
        for k in kiosks.values():
            k.close()
        server.stop()
        store.close()


def _report_health(district, url: str, kiosk_id: str) -> None:
    with district.client(district.folder / f"kiosk-{kiosk_id}", base_url=url, timeout=10) as c:
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        assert c.post("/kiosks/health", json={"kiosk_id": kiosk_id, "at": at, "ok": True}).status_code == 200


def _five_wrong(kiosk: Kiosk) -> dict:
    for left in (4, 3, 2, 1):
        with pytest.raises(BadPin) as e:
            kiosk.auth.login(CARD, "0000")
        assert e.value.detail["attempts_left"] == left
    with pytest.raises(Locked) as e:
        kiosk.auth.login(CARD, "0000")
    return e.value.detail


def test_wrong_pins_at_kiosk_a_lock_the_card_at_kiosk_b_and_the_fleet_is_told(district_gateway):
    district, _server, url, kiosks, clock, _store, _registry = district_gateway
    a, b = kiosks["kiosk-a"], kiosks["kiosk-b"]
    for name in kiosks:
        _report_health(district, url, name)
    assert _five_wrong(a)["seconds_left"] == 15 * 60

    # Kiosk B has never seen a wrong PIN for this card; the right PIN there is refused all the same.
    assert b.tally.failures_today(KEYED) == 0
    with pytest.raises(Locked) as e:
        b.auth.login(CARD, "1357")
    assert e.value.detail["district"] is True and e.value.detail["seconds_left"] == 15 * 60
    assert [r["detail"] for r in b.audit.rows("staff.login_refused")] == [{"reason": "locked", "where": "district"}]

    # The fleet: STAFF_LOCKED on kiosk A, naming the member of staff by staff id, never by ID number.
    with district.client(district.issue_staff("tech-1"), base_url=url, timeout=10) as staff:
        fleet = staff.get("/kiosks").json()["kiosks"]
    alerts = {k["kiosk_id"]: k["alerts"] for k in fleet}
    assert [x["code"] for x in alerts["kiosk-a"]] == ["STAFF_LOCKED"] and alerts["kiosk-b"] == []
    assert "A-007" in alerts["kiosk-a"][0]["message"]
    assert AGENT_ID_NUMBER not in json.dumps(fleet) and "李娜" not in json.dumps(fleet)

    # The lock runs out: the card signs in at B, and the district's tally is cleared with it.
    clock.now += 15 * 60
    assert b.auth.login(CARD, "1357").staff_id == "A-007"
    with district.client(district.folder / "kiosk-kiosk-a", base_url=url, timeout=10) as c:
        state = c.post("/staff/lock-state", json={"card": KEYED}).json()
    assert state == {"locked": False, "seconds_left": 0.0, "failures_today": 0, "attempts_left": 5}


def test_wrong_pins_spread_over_two_kiosks_add_up(district_gateway):
    _district, _server, _url, kiosks, _clock, _store, _registry = district_gateway
    a, b = kiosks["kiosk-a"], kiosks["kiosk-b"]
    for kiosk in (a, b, a, b):
        with pytest.raises(BadPin):
            kiosk.auth.login(CARD, "0000")
    with pytest.raises(Locked):  # the fifth in the district, the third at A
        a.auth.login(CARD, "0000")
    assert a.tally.failures_today(KEYED) == 3
    with pytest.raises(Locked):
        b.auth.login(CARD, "1357")


def test_a_kiosk_cut_off_from_the_gateway_keeps_the_lock_it_was_told_of_and_counts_alone(district_gateway):
    _district, server, _url, kiosks, clock, _store, _registry = district_gateway
    a, b = kiosks["kiosk-a"], kiosks["kiosk-b"]
    _five_wrong(a)
    with pytest.raises(Locked):
        b.auth.login(CARD, "1357")  # B learns of the lock ...
    server.stop()  # ... and then the link goes down
    with pytest.raises(Locked):
        b.auth.login(CARD, "1357")
    clock.now += 15 * 60
    # Offline, after the lock: B's own tally counts and locks by itself, and a right PIN still signs in.
    assert b.auth.login(CARD, "1357").staff_id == "A-007"
    assert _five_wrong(b)["seconds_left"] == 15 * 60


def _raw(client: httpx.Client, path: str, card: str = KEYED) -> httpx.Response:
    return client.post(path, json={"card": card})


def test_an_anonymous_client_cannot_report_ask_or_clear(district_gateway):
    district, _server, url, kiosks, _clock, _store, _registry = district_gateway
    _five_wrong(kiosks["kiosk-a"])
    with district.anonymous(base_url=url, timeout=10) as anon:
        for path in ("/staff/pin-failures", "/staff/pin-cleared", "/staff/lock-state"):
            got = _raw(anon, path)
            assert got.status_code == 401 and got.json()["detail"]["code"] == "AUTH_CERTIFICATE_REQUIRED"
    with pytest.raises(Locked):
        kiosks["kiosk-b"].auth.login(CARD, "1357")  # still locked: nothing was cleared


def test_a_certificate_of_another_ca_is_refused_at_the_handshake(district_gateway, tmp_path):
    district, _server, url, kiosks, _clock, _store, _registry = district_gateway
    # An attacker's own CA issues a kiosk certificate with a kiosk's very name.
    rogue = pki.make_authority("330106")
    cert, key = pki.issue(rogue, "kiosk", "kiosk-a", days=30)
    folder = pki.write_credentials(tmp_path / "rogue", cert, key, [pki.load_authority(district.folder).cert])
    context = Credentials.load(folder).client_context()
    _five_wrong(kiosks["kiosk-a"])
    with httpx.Client(verify=context, base_url=url, timeout=10) as client:
        for path in ("/staff/pin-failures", "/staff/pin-cleared"):
            # TLS 1.3: the gateway checks the client's certificate after the client's half of the handshake,
            # and closes without a byte of answer.
            with pytest.raises((httpx.RemoteProtocolError, httpx.ConnectError, httpx.ReadError)):
                _raw(client, path)
    with pytest.raises(Locked):
        kiosks["kiosk-b"].auth.login(CARD, "1357")


def test_a_staff_certificate_clears_but_cannot_report_and_a_kiosk_cannot_lift_a_lock(district_gateway):
    district, _server, url, kiosks, _clock, _store, _registry = district_gateway
    _five_wrong(kiosks["kiosk-a"])
    with district.client(district.folder / "kiosk-kiosk-b", base_url=url, timeout=10) as kiosk_b:
        refused = _raw(kiosk_b, "/staff/pin-cleared")
        assert refused.status_code == 409 and refused.json()["detail"]["code"] == "STAFF_CARD_LOCKED"
    with district.client(district.issue_staff("officer-1"), base_url=url, timeout=10) as officer:
        got = _raw(officer, "/staff/pin-failures")
        assert got.status_code == 403 and got.json()["detail"]["code"] == "AUTH_WRONG_ROLE"
        # The officer has spoken to the card's holder: lifted for the district.
        assert _raw(officer, "/staff/pin-cleared").json()["locked"] is False
    kiosks["kiosk-a"].tally.succeeded(KEYED)  # and at the kiosk where it happened (its own tally)
    assert kiosks["kiosk-b"].auth.login(CARD, "1357").staff_id == "A-007"


def test_an_id_number_is_never_taken_for_a_card(district_gateway, tmp_path):
    district, _server, url, _kiosks, _clock, _store, _registry = district_gateway
    with district.client(district.folder / "kiosk-kiosk-a", base_url=url, timeout=10) as kiosk_a:
        for wrong in (AGENT_ID_NUMBER, "sha256:" + "0" * 64, KEYED.upper(), KEYED + "0"):
            assert _raw(kiosk_a, "/staff/pin-failures", wrong).status_code == 422
    assert AGENT_ID_NUMBER.encode() not in (tmp_path / "gateway.sqlite").read_bytes()


def test_the_local_tally_outlives_the_lock_across_a_restart_and_locks_longer(tmp_path):
    """Offline: the kiosk's own rolling 24 h tally, on disk, outlives the end of a lock and a restart; the
    next five wrong PINs within the day lock for twice as long."""
    clock = Clock()
    member = StaffMember("A-007", KEYED, frozenset({"agent"}), PEPPER.hash_pin("1357"))
    registry = StaffRegistry.from_documents([member.to_document()], PEPPER)
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    path = tmp_path / "staff-lockout.sqlite"
    offline = GatewayLock(GatewayClient("https://127.0.0.1:9", tls=ssl.create_default_context(), deadline_s=2))
    first = StaffAuthenticator(lambda: registry, PinLockout(clock, path=path, key=TEST_KEY), audit, district=offline)
    for _ in range(4):
        with pytest.raises(BadPin):
            first.login(CARD, "0000")
    with pytest.raises(Locked) as e:
        first.login(CARD, "0000")
    assert e.value.detail["seconds_left"] == 15 * 60
    first.close()
    clock.now += 15 * 60 + 1  # the lock has ended, the kiosk restarted
    second = StaffAuthenticator(lambda: registry, PinLockout(clock, path=path, key=TEST_KEY), audit)
    with pytest.raises(BadPin) as e:
        second.login(CARD, "0000")
    assert e.value.detail["attempts_left"] == 4  # five more tries, the day's six counted
    for _ in range(3):
        with pytest.raises(BadPin):
            second.login(CARD, "0000")
    with pytest.raises(Locked) as e:
        second.login(CARD, "0000")
    assert e.value.detail["seconds_left"] == 30 * 60
    second.close()
    audit.close()


def test_wrong_pins_typed_offline_are_counted_for_the_district_with_the_next_push_once(district_gateway, tmp_path):
    from kiosk.archive.cache import ArchiveCache
    from kiosk.staff.district_lock import OFFLINE_KIND
    from kiosk.sync.outbox import Outbox

    district, _server, url, kiosks, clock, _store, registry = district_gateway
    cache = ArchiveCache(tmp_path / "kiosk-c-cache.sqlite", key=TEST_KEY)
    outbox = Outbox(cache)
    # Kiosk A's link is down: its three wrong PINs are counted at home and queued for the district.
    unreachable = GatewayClient("https://127.0.0.1:9", tls=Credentials.load(
        district.folder / "kiosk-kiosk-a").client_context(), deadline_s=2)
    a = kiosks["kiosk-a"]
    offline = StaffAuthenticator(lambda: registry, a.tally, a.audit,
                                 district=GatewayLock(unreachable, outbox, "kiosk-a"))
    for _ in range(3):
        with pytest.raises(BadPin):
            offline.login(CARD, "0000")
    queued = outbox.pending()
    assert [q["kind"] for q in queued] == [OFFLINE_KIND] * 3
    assert all(json.loads(q["payload"])["card"] == KEYED for q in queued if isinstance(q["payload"], str)) or \
        all(q["payload"]["card"] == KEYED for q in queued if isinstance(q["payload"], dict))
    assert AGENT_ID_NUMBER.encode() not in (tmp_path / "kiosk-c-cache.sqlite").read_bytes()

    # The link is back: the push counts them, once, however often it is retried.
    link = GatewayClient(url, tls=Credentials.load(district.folder / "kiosk-kiosk-a").client_context())
    items = [{"key": q["key"], "kind": q["kind"], "payload": q["payload"] if isinstance(q["payload"], dict)
              else json.loads(q["payload"])} for q in queued]
    pushed = link.push_outbox(items)
    assert {r["status"] for r in pushed} == {"accepted"} and all(r["result"]["counted"] for r in pushed)
    assert {r["status"] for r in link.push_outbox(items)} == {"duplicate"}  # replayed: not counted again
    # Kiosk B may not report them in A's name.
    with district.client(district.folder / "kiosk-kiosk-b", base_url=url, timeout=10) as b_link:
        forged = b_link.post("/outbox", json={"items": [{"key": "forged-1", "kind": OFFLINE_KIND, "payload": {
            "card": KEYED, "kiosk_id": "kiosk-a", "at": items[0]["payload"]["at"]}}]}).json()
    assert forged["results"][0]["error"] == "AUTH_NOT_YOUR_KIOSK"
    link.close()
    unreachable.close()
    cache.close()

    # Three in the district's tally: two more at kiosk B lock the card.
    b = kiosks["kiosk-b"]
    with pytest.raises(BadPin) as e:
        b.auth.login(CARD, "0000")
    assert e.value.detail["attempts_left"] == 1
    with pytest.raises(Locked):
        b.auth.login(CARD, "0000")
