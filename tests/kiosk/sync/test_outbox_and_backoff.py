"""The outbox pushed to a real gateway with idempotency keys; backoff arithmetic; applying batches."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.errors import GatewayUnreachable, SyncError, SyncVerificationError
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.apply import apply_batch
from kiosk.sync.backoff import Backoff
from kiosk.sync.batch import Batch
from kiosk.sync.client import GatewayClient
from kiosk.sync.outbox import Outbox
from tests.kiosk.sync.gateway_fixture import app_of, make_district, serve
from tests.storage_key import TEST_KEY


@pytest.fixture
def cache(tmp_path: Path):
    c = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    yield c
    c.close()


def test_outbox_items_reach_the_gateway_once_even_when_pushed_twice(tmp_path: Path, cache):
    district = make_district(tmp_path / "keys")
    store = SqliteStore(tmp_path / "gw.sqlite")
    app = app_of(store, district)
    handled = []
    app.state.intake.register("probe", lambda payload: handled.append(payload) or "noted")
    outbox = Outbox(cache, clock=lambda: "2026-11-25T09:00:00+00:00")
    key = outbox.enqueue("probe", {"n": 1}, key="kiosk-01:probe:1")
    assert outbox.enqueue("probe", {"n": 1}, key=key) == key and outbox.pending_count() == 1
    outbox.enqueue("audit", {"event": "x"}, key="kiosk-01:audit:1")
    with serve(app, district) as url:
        gateway = GatewayClient(url, tls=district.kiosk_context())
        assert outbox.push(gateway) == {"pushed": 2, "rejected": 0, "pending": 0, "photos_forgotten": 0}
        # The answer was lost on the way back: the kiosk pushes the same items again.
        cache.conn.execute("UPDATE outbox SET pushed_at = NULL")
        assert outbox.push(gateway) == {"pushed": 2, "rejected": 0, "pending": 0, "photos_forgotten": 0}
        gateway.close()
    assert handled == [{"n": 1}]
    assert [i["key"] for i in store.intake_items("probe")] == [key]
    assert store.intake_get(key)["result"] == "noted" and outbox.item(key)["attempts"] == 2
    store.close()


def test_outbox_keeps_items_while_the_gateway_is_down(cache, tmp_path):
    outbox = Outbox(cache)
    key = outbox.enqueue("probe", {"n": 2})
    down = GatewayClient("https://127.0.0.1:9", timeout_s=1, tls=make_district(tmp_path / "d").kiosk_context())
    with pytest.raises(GatewayUnreachable):
        outbox.push(down)
    down.close()
    item = outbox.item(key)
    assert outbox.pending_count() == 1 and item["attempts"] == 1 and item["last_error"] == "GATEWAY_UNREACHABLE"


def test_backoff_doubles_up_to_its_cap_with_bounded_jitter():
    backoff = Backoff(initial_s=2, factor=2, max_s=60, jitter=0.2, rng=random.Random(5))
    delays = [backoff.next_delay() for _ in range(8)]
    for n, d in enumerate(delays):
        base = min(60, 2 * 2 ** n)
        assert base * 0.8 <= d <= base * 1.2
    backoff.reset()
    assert backoff.next_delay() <= 2.4


def _batch(ops, start=0, end=None, snapshot=True, feed="f"):
    end = end if end is not None else (ops[-1]["seq"] if ops else start)
    return Batch(feed, start, end, end, snapshot, ops)


def _put(record, seq):
    return {"op": "put", "kind": "record", "key": record.record_id, "seq": seq, "body": record.to_wire()}


def test_a_batch_for_another_cursor_changes_nothing(cache):
    records = demo_records()
    apply_batch(cache, _batch([_put(r, i + 1) for i, r in enumerate(records)]), "t1")
    with pytest.raises(SyncError) as e:
        apply_batch(cache, _batch([_put(records[0], 99)], start=50, end=99, snapshot=False), "t2")
    assert e.value.code == "SYNC_CURSOR_MISMATCH"
    assert cache.meta("cursor") == str(len(records)) and cache.meta("last_sync") == "t1"


def test_a_signed_record_the_kiosk_cannot_read_stops_the_whole_batch(cache):
    good = demo_records()[0]
    bad = {"op": "put", "kind": "record", "key": "x", "seq": 2, "body": {"record_id": "x", "title": ["no"]}}
    with pytest.raises(SyncVerificationError) as e:
        apply_batch(cache, _batch([_put(good, 1), bad]), "t")
    assert e.value.code == "SYNC_BATCH_MALFORMED" and cache.count() == 0 and cache.meta("cursor") is None


def test_documents_travel_beside_records_and_a_snapshot_sweeps_what_it_lacks(cache):
    records = demo_records()
    guide = {"op": "put", "kind": "guide", "key": "retire", "seq": len(records) + 1, "body": {"title": "退休"}}
    apply_batch(cache, _batch([_put(r, i + 1) for i, r in enumerate(records)] + [guide]), "t1")
    assert cache.document("guide", "retire") == {"title": "退休"} and cache.count() == len(records)
    kept = records[:2]
    result = apply_batch(cache, _batch([_put(r, 100 + i) for i, r in enumerate(kept)], start=0, end=200), "t2")
    assert result.deleted == len(records) - len(kept) + 1
    assert cache.count() == 2 and cache.document("guide", "retire") is None


@pytest.mark.parametrize("answer", [b"not json", b"[1, 2]", b'{"results": [{"status": "accepted"}]}',
                                    b'{"results": "all fine"}'])
def test_a_gateway_answering_nonsense_to_a_push_is_a_typed_error(cache, answer):
    import httpx

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=answer))
    outbox = Outbox(cache)
    outbox.enqueue("probe", {"n": 3})
    gateway = GatewayClient("https://gateway.test", transport=transport)
    with pytest.raises(SyncError) as e:
        outbox.push(gateway)
    assert e.value.code == "GATEWAY_BAD_ANSWER" and outbox.pending_count() == 1
    if not answer.startswith(b"{"):
        with pytest.raises(SyncError):
            gateway.health()
