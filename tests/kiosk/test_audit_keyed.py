"""The audit chain keyed by the kiosk's chain key, pushed through the outbox and checked by the district
without trusting the kiosk: an edited or forged row is found, and the district needs nothing from the kiosk
but its rows."""

from __future__ import annotations

import json

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import KEYED, AuditLog, chain_key_for, row_hash, verify_chain
from kiosk.audit_push import check_pushed, queue_audit
from kiosk.cli import main
from kiosk.gateway.intake import IntakeRegistry
from kiosk.gateway.stores import open_store
from kiosk.storage import open_db
from kiosk.storage.key import write_key_file
from kiosk.sync.outbox import Outbox
from tests.storage_key import TEST_KEY, TEST_PEPPER

KIOSK = "xh-wenxin-03"
CHAIN_KEY = chain_key_for(TEST_PEPPER.raw, KIOSK)


class Gateway:
    """The gateway's intake on a real store, as the outbox route hands items to it."""

    def __init__(self, store) -> None:
        self.store, self.intake = store, IntakeRegistry()

    def push_outbox(self, items):
        return [self.intake.receive(self.store, i["key"], i["kind"], i["payload"]) for i in items]


@pytest.fixture
def kiosk(tmp_path):
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY, chain_key=CHAIN_KEY)
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    store = open_store(str(tmp_path / "gateway.sqlite"))
    yield audit, cache, store
    audit.close()
    cache.close()
    store.close()


def test_rows_are_hmac_chained_and_a_recomputed_plain_hash_does_not_pass(kiosk, tmp_path):
    audit, _cache, _store = kiosk
    for n in range(3):
        audit.append("session.transition", {"n": n})
    rows = audit.chain_rows()
    assert all(r["hash"].startswith(KEYED) for r in rows)
    assert verify_chain(tmp_path / "audit.sqlite", TEST_KEY, CHAIN_KEY).ok
    # Someone with the file and the storage key edits row 2 and recomputes the hashes the only way they can.
    db = open_db(tmp_path / "audit.sqlite", TEST_KEY)
    db.execute("DROP TRIGGER audit_no_update")
    r = rows[1]
    forged = row_hash(r["prev_hash"], 2, r["ts"], r["kind"], r["actor"], '{"n":9}')
    db.execute("UPDATE audit SET detail = ?, hash = ? WHERE id = 2", ('{"n":9}', KEYED + forged))
    db.close()
    report = verify_chain(tmp_path / "audit.sqlite", TEST_KEY, CHAIN_KEY)
    assert not report.ok and report.first_broken == 2


def test_pushed_rows_are_checked_at_the_district_and_a_rewrite_after_the_push_is_found(kiosk):
    audit, cache, store = kiosk
    gateway = Gateway(store)
    outbox = Outbox(cache)
    for n in range(5):
        audit.append("session.transition", {"n": n})
    assert queue_audit(audit, outbox, cache, KIOSK, batch=2) == 5
    assert queue_audit(audit, outbox, cache, KIOSK) == 0  # nothing twice
    outbox.push(gateway)
    audit.append("session.transition", {"n": 5})
    assert queue_audit(audit, outbox, cache, KIOSK) == 1
    outbox.push(gateway)
    report = check_pushed(store, KIOSK, TEST_PEPPER.raw)
    assert report.ok and report.rows == 6
    # Another district's pepper (or a kiosk's own made-up key) does not make the chain check out.
    assert not check_pushed(store, KIOSK, bytes(32)).ok
    # The same rows pushed again unchanged (a lost answer) are no news.
    gateway.push_outbox([{"key": "audit:repeat", "kind": "audit",
                          "payload": {"kiosk_id": KIOSK, "rows": audit.chain_rows(0, 2)}}])
    assert check_pushed(store, KIOSK, TEST_PEPPER.raw).ok
    # The kiosk pushes a rewritten row 3 later under a new idempotency key: the district sees it told twice.
    forged = dict(audit.chain_rows(2, 1)[0], detail='{"n":99}')
    gateway.push_outbox([{"key": "audit:again", "kind": "audit", "payload": {"kiosk_id": KIOSK, "rows": [forged]}}])
    report = check_pushed(store, KIOSK, TEST_PEPPER.raw)
    assert not report.ok and report.first_broken == 3 and "other content" in report.reason


def test_a_row_forged_at_the_gateway_or_by_another_kiosk_breaks_the_chain(kiosk, tmp_path, capsys):
    audit, cache, store = kiosk
    gateway = Gateway(store)
    for n in range(3):
        audit.append("staff.login", {"n": n}, actor="staff:A-007")
    queue_audit(audit, Outbox(cache), cache, KIOSK)
    rows = audit.chain_rows()
    rows[1]["actor"] = "staff:T-001"  # what the kiosk pushed, with one field changed on the way
    gateway.push_outbox([{"key": "audit:tampered", "kind": "audit", "payload": {"kiosk_id": KIOSK, "rows": rows}}])
    pepper = tmp_path / "pepper"
    write_key_file(pepper, TEST_PEPPER.raw)
    code = main(["audit", "verify-pushed", "--db", str(tmp_path / "gateway.sqlite"), "--pepper", str(pepper),
                 "--kiosk-id", KIOSK, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["first_broken"] == 2 and "does not match" in out["reason"]
