"""The gateway store (SQLite and PostgreSQL alike) and the feed cut from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.archive.demo_records import demo_records
from kiosk.crypto.keys import generate, verifier_for
from kiosk.gateway.feed import next_batch
from kiosk.gateway.intake import IntakeRegistry
from kiosk.gateway.store import GatewayStore
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.batch import decode
from tests.kiosk.sync.gateway_fixture import postgres_store

SIGNER = generate("ed25519")
VERIFIER = verifier_for(SIGNER.algorithm, SIGNER.public_hex)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def store(request, tmp_path: Path) -> Iterator[GatewayStore]:
    if request.param == "sqlite":
        s = SqliteStore(tmp_path / "gw.sqlite")
        yield s
        s.close()
    else:
        with postgres_store() as s:
            yield s


def feed(store: GatewayStore, cursor: int, feed_id: str = "", limit: int = 100, snapshot: bool = False):
    return decode(next_batch(store, SIGNER, cursor=cursor, feed=feed_id, snapshot=snapshot, limit=limit), VERIFIER)


def test_changes_come_in_sequence_with_tombstones(store):
    records = demo_records()
    assert store.put_records(records) == len(records) == store.count()
    assert store.delete("record", [records[0].record_id, "no-such-record"]) == 1
    store.put_records([records[1]])  # a second change of the same record moves it to the end
    part = store.changes(0, 100)
    assert [c.seq for c in part.changes] == sorted(c.seq for c in part.changes)
    assert part.changes[-1].key == records[1].record_id and part.head == part.changes[-1].seq
    tomb = [c for c in part.changes if c.deleted]
    assert [c.key for c in tomb] == [records[0].record_id] and tomb[0].body_json is None
    assert store.count() == len(records) - 1 and store.get("record", records[0].record_id) is None


def test_feed_batches_cover_the_archive_and_end_complete(store):
    store.put_records(demo_records())
    first = feed(store, 0, limit=4)
    assert first.snapshot and (first.start, first.end) == (0, 4) and not first.complete
    rest = feed(store, first.end, first.feed, limit=100, snapshot=True)
    assert rest.complete and rest.end == rest.head == len(demo_records())
    store.delete("record", [demo_records()[0].record_id])
    delta = feed(store, rest.end, rest.feed)
    assert not delta.snapshot and [o["op"] for o in delta.ops] == ["delete"]


def test_stale_cursors_get_a_snapshot(store):
    records = demo_records()
    store.put_records(records)
    head = store.changes(0, 0).head
    feed_id = store.changes(0, 0).feed_id
    store.delete("record", [records[0].record_id])
    assert not feed(store, head, feed_id).snapshot
    assert store.purge_tombstones(head + 1) == 1
    behind = feed(store, head, feed_id)  # its cursor is older than the tombstones the gateway still keeps
    assert behind.snapshot and behind.start == 0 and all(o["op"] == "put" for o in behind.ops)
    assert feed(store, head, "another-feed").snapshot  # the archive was rebuilt under a new feed id
    assert feed(store, head + 100, feed_id).snapshot  # a cursor ahead of the head: the gateway lost data


def test_blobs_are_kept_by_content(store):
    sha = store.put_blob(b"page one")
    assert store.put_blob(b"page one") == sha
    assert store.blob(sha) == (b"page one", "image/png") and store.blob("0" * 64) is None


def test_intake_stores_each_key_once_and_runs_its_handler_once(store):
    registry, calls = IntakeRegistry(), []
    registry.register("probe", lambda payload: calls.append(payload) or {"took": payload["n"]})
    first = registry.receive(store, "k-1", "probe", {"n": 1})
    again = registry.receive(store, "k-1", "probe", {"n": 1})
    assert first["status"] == "accepted" and first["result"] == {"took": 1}
    assert again["status"] == "duplicate" and calls == [{"n": 1}]
    assert store.intake_get("k-1")["result"] == {"took": 1}
    assert [i["key"] for i in store.intake_items("probe")] == ["k-1"]


def test_a_failing_handler_leaves_the_key_free_for_a_retry(store):
    registry = IntakeRegistry()
    attempts = []

    def flaky(payload):
        attempts.append(payload)
        if len(attempts) == 1:
            raise RuntimeError("down for a moment")
        return "ok"

    registry.register("probe", flaky)
    assert registry.receive(store, "k-2", "probe", {})["status"] == "rejected"
    assert store.intake_get("k-2") is None
    assert registry.receive(store, "k-2", "probe", {})["status"] == "accepted" and len(attempts) == 2


def test_the_feed_endpoint_refuses_impossible_parameters(tmp_path):
    from tests.kiosk.sync.gateway_fixture import gateway, make_district

    district = make_district(tmp_path / "district")
    s = SqliteStore(tmp_path / "gw.sqlite")
    with gateway(s, district, signer=SIGNER) as url, district.client(base_url=url) as client:
        for params in ({"cursor": -1}, {"cursor": 2**70}, {"limit": 0}, {"limit": 10**6}, {"feed": "x" * 100}):
            assert client.get("/feed", params=params).status_code == 422, params
        assert client.get("/blobs/" + "0" * 64).status_code == 404
        assert decode(client.get("/feed", params={"cursor": 0}).content, VERIFIER).complete
    s.close()
