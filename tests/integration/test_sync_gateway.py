"""`kiosk sync` against a real district gateway on loopback (SQLite-backed): full sync, changes, corrupted
batches, kill -9 mid-sync, stale cursors, page blobs, backoff while the gateway is down."""

from __future__ import annotations

import hashlib
import json
import os
import signal
from kiosk import storage
from pathlib import Path
from typing import Any

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.gateway.seed import add_changes, seed_archive
from kiosk.gateway.server import wait_serving
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.batch import decode
from kiosk.sync.client import GatewayClient
from kiosk.sync.scheduler import SyncScheduler
from kiosk.sync.syncer import SyncClient
from tests.kiosk.sync.gateway_fixture import (cached_records, gateway, kiosk, kiosk_popen, live_records,
                                              app_of, make_district, serve, server_of,
                                              tampering_proxy)
from tests.waiting import wait_until
from tests.storage_key import TEST_KEY, keyed_connect, storage_key_file

pytestmark = pytest.mark.integration


def out(result) -> dict:
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def district(tmp_path: Path):
    return make_district(tmp_path / "keys")


@pytest.fixture
def seeded(tmp_path: Path, district) -> SqliteStore:
    store = SqliteStore(tmp_path / "gateway.sqlite")
    seed_archive(store, residents_wanted=120, page_images_for=4)
    yield store
    store.close()


def sync_cli(url: str, cache: Path, district, *extra: str):
    return kiosk("sync", "--gateway", url, "--cache", str(cache), "--storage-key", storage_key_file(), "--district-pub", str(district.pub),
                 "--credentials", str(district.kiosk_tls), "--once", "--json", *extra)


def test_seed_serve_and_sync_through_the_cli(tmp_path: Path, district):
    db, cache = tmp_path / "gw.sqlite", tmp_path / "cache.sqlite"
    seeded = out(kiosk("gateway", "seed", "--db", str(db), "--residents", "150", "--pages-for", "3", "--json"))
    assert seeded["residents"] == 150 and seeded["records"] > 150
    assert {"id_number", "name", "records"} <= set(seeded["sample"][0])
    count = out(kiosk("gateway", "seed", "--db", str(db), "--count", "--json"))
    assert count == {"records": seeded["records"]}

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = kiosk_popen("gateway", "serve", "--db", str(db), "--credentials", str(district.gateway_tls),
                         "--port", str(port))
    try:
        url = f"https://127.0.0.1:{port}"
        wait_serving(url, district.kiosk_context(), 30)
        result = sync_cli(url, cache, district, "--batch-size", "200")
        assert result.returncode == 0, result.stderr
        report = out(result)
        assert set(report) >= {"applied", "deleted", "cursor", "batches", "elapsed_ms"}
        assert report["applied"] == count["records"] and report["deleted"] == 0
        assert report["batches"] == -(-count["records"] // 200)
        status = out(kiosk("sync", "--cache", str(cache), "--storage-key", storage_key_file(), "--status", "--json"))
        assert status["records"] == count["records"] and status["cursor"] == report["cursor"]
        assert status["last_sync"]
        again = out(sync_cli(url, cache, district))
        assert (again["applied"], again["deleted"], again["cursor"]) == (0, 0, report["cursor"])
    finally:
        server.terminate()
        server.wait(10)


def test_added_edits_deletes_and_new_records_arrive(tmp_path: Path, district, seeded):
    cache = tmp_path / "cache.sqlite"
    with gateway(seeded, district) as url:
        assert sync_cli(url, cache, district).returncode == 0
        before = cached_records(cache)
        changes = add_changes(seeded, residents_new=20)
        assert changes["edited"] > 0 and changes["deleted"] > 0 and changes["records"] > 0
        report = out(sync_cli(url, cache, district))
    assert report["deleted"] == changes["deleted"]
    assert report["applied"] == changes["edited"] + changes["records"]
    after, truth = cached_records(cache), live_records(seeded)
    assert set(after) == set(truth)
    assert {rid: (r["title"], r["date"]) for rid, r in after.items()} == \
           {rid: (r["title"], r["date"]) for rid, r in truth.items()}
    edited = [rid for rid in after if rid in before and after[rid]["title"] != before[rid]["title"]]
    assert len(edited) == changes["edited"] and all(after[r]["title"].endswith("（更正）") for r in edited)
    assert len(set(before) - set(after)) == changes["deleted"]


def test_a_batch_changed_in_transit_exits_4_and_leaves_the_cache_alone(tmp_path: Path, district, seeded):
    cache = tmp_path / "cache.sqlite"
    with gateway(seeded, district) as url, serve(tampering_proxy(url, district), district) as proxy:
        first = sync_cli(proxy, cache, district)
        assert first.returncode == 4 and out(first)["error"]["code"] == "SYNC_BAD_CHECKSUM"
        assert out(kiosk("sync", "--cache", str(cache), "--storage-key", storage_key_file(), "--status", "--json"))["records"] == 0
        assert sync_cli(url, cache, district).returncode == 0
        add_changes(seeded, residents_new=10)
        before, status_before = cached_records(cache), out(kiosk("sync", "--cache", str(cache), "--storage-key", storage_key_file(), "--status", "--json"))
        bad = sync_cli(proxy, cache, district)
        assert bad.returncode == 4 and out(bad)["error"]["code"] == "SYNC_BAD_CHECKSUM"
        assert "Traceback" not in bad.stderr
        assert cached_records(cache) == before
        assert out(kiosk("sync", "--cache", str(cache), "--storage-key", storage_key_file(), "--status", "--json"))["cursor"] == status_before["cursor"]
        assert sync_cli(url, cache, district).returncode == 0
    assert set(cached_records(cache)) == set(live_records(seeded))


def test_a_feed_signed_by_another_key_exits_4(tmp_path: Path, district, seeded):
    stranger = make_district(tmp_path / "stranger")
    cache = tmp_path / "cache.sqlite"
    with gateway(seeded, district, signer=stranger.signer) as url:
        result = sync_cli(url, cache, district)
    assert result.returncode == 4 and out(result)["error"]["code"] == "SYNC_BAD_SIGNATURE"
    assert cached_records(cache) == {}


def _cursor(cache: Path) -> int:
    try:
        conn = keyed_connect(f"file:{cache}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'cursor'").fetchone()
        finally:
            conn.close()
    except storage.Error:
        return 0
    return int(row[0]) if row else 0


def test_kill_9_mid_sync_then_rerun_leaves_a_sound_and_complete_cache(tmp_path: Path, district):
    store = SqliteStore(tmp_path / "gateway.sqlite")
    seed_archive(store, residents_wanted=1500, page_images_for=0)
    cache = tmp_path / "cache.sqlite"
    with gateway(store, district) as url:
        head = store.changes(0, 0).head
        proc = kiosk_popen("sync", "--gateway", url, "--cache", str(cache), "--storage-key", storage_key_file(), "--district-pub", str(district.pub),
                           "--credentials", str(district.kiosk_tls), "--once", "--json", "--batch-size", "50")
        wait_until(lambda: _cursor(cache) >= 500 or proc.poll() is not None, what="a few batches applied")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        cursor = _cursor(cache)
        assert 0 < cursor < head, "the sync was to be killed in the middle"
        conn = keyed_connect(cache)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        held = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        conn.close()
        # Batches are applied whole: the cache holds exactly the records up to its cursor.
        assert held == sum(1 for c in store.changes(0, cursor).changes if c.kind == "record" and c.seq <= cursor)
        assert sync_cli(url, cache, district).returncode == 0
    conn = keyed_connect(cache)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert len(cached_records(cache)) == store.count("record")
    # The first sync was a bulk load killed half-way: its search indexes were still built when it ended.
    from kiosk.archive.search import CatalogueSearch

    resumed = ArchiveCache(cache, key=TEST_KEY)
    assert resumed.meta("bulk_load") == "0"
    some = next(r for r in _all(resumed) if r.subject_id is None)
    assert some.record_id in {h.record.record_id for h in CatalogueSearch(resumed, limit=500).search(some.names[0])}
    resumed.close()
    store.close()


def test_a_cursor_older_than_the_tombstones_gets_a_fresh_snapshot(tmp_path: Path, district, seeded):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    with gateway(seeded, district) as url:
        client = SyncClient(cache, url, district.verifier(), tls=district.kiosk_context(), batch_limit=100)
        client.sync_once()
        old_cursor = int(cache.meta("cursor"))
        changes = add_changes(seeded, residents_new=10)
        seeded.purge_tombstones(seeded.changes(0, 0).head)  # the deletes are forgotten by the gateway
        probe = GatewayClient(url, tls=district.kiosk_context())
        batch = decode(probe.batch(old_cursor, cache.meta("feed"), False, 100), district.verifier())
        probe.close()
        assert batch.snapshot and batch.start == 0
        result = client.sync_once()
        client.gateway.close()
    assert changes["deleted"] > 0 and result.deleted >= changes["deleted"]
    assert {r.record_id for r in _all(cache)} == set(live_records(seeded))
    assert cache.meta("snapshot_active") == "0"
    cache.close()


def _all(cache: ArchiveCache):
    from kiosk.archive.models import Record

    return [Record.from_row(r) for r in cache.db.query("SELECT * FROM records")]


def test_page_blobs_are_fetched_by_hash_and_damaged_ones_refused(tmp_path: Path, district, seeded):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    with gateway(seeded, district) as url, serve(tampering_proxy(url, district, feed=False, blobs=True), district) as proxy:
        damaged = SyncClient(cache, proxy, district.verifier(), tls=district.kiosk_context())
        result = damaged.sync_once()
        damaged.gateway.close()
        wanted = set(cache.wanted_blobs(1000))
        pages = {sha for r in _all(cache) for sha in r.pages}
        assert result.blobs == 0 and wanted == pages and len(pages) > 0
        good = SyncClient(cache, url, district.verifier(), tls=district.kiosk_context())
        assert good.sync_once().blobs == len(pages)
        good.gateway.close()
    assert cache.wanted_blobs() == []
    for sha in pages:
        data = cache.blob(sha)
        assert data is not None and hashlib.sha256(data).hexdigest() == sha and data[:4] == b"\x89PNG"
    cache.close()


def test_backoff_grows_while_the_gateway_is_down_and_resets_when_it_answers(tmp_path: Path, district, seeded):
    server = server_of(app_of(seeded, district), district)  # bound, not listening yet
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    seen: list[Any] = []
    client = SyncClient(cache, server.url, district.verifier(), timeout_s=2, tls=district.kiosk_context())
    scheduler = SyncScheduler(client, interval_s=30, listener=lambda result, error: seen.append(error or result))
    delays = [scheduler.run_once() for _ in range(4)]
    assert all(b > a for a, b in zip(delays, delays[1:])), delays
    assert 1.6 <= delays[0] <= 2.4 and delays[3] >= 12.8
    assert [getattr(e, "code", None) for e in seen] == ["GATEWAY_UNREACHABLE"] * 4
    status = client.status()
    assert (status["state"], status["last_error"], cache.count()) == ("never", "GATEWAY_UNREACHABLE", 0)
    server.start()
    try:
        assert scheduler.run_once() == 30
        assert scheduler.backoff.failures == 0 and cache.count() == seeded.count("record")
        assert client.status()["state"] == "ok"
    finally:
        server.stop()
        client.gateway.close()
        cache.close()


def test_the_cli_keeps_trying_while_the_gateway_is_down(tmp_path: Path, district):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"https://127.0.0.1:{port}"
    once = sync_cli(url, tmp_path / "cache.sqlite", district)
    assert once.returncode == 1 and out(once)["error"]["code"] == "GATEWAY_UNREACHABLE"
    proc = kiosk_popen("sync", "--gateway", url, "--cache", str(tmp_path / "cache.sqlite"), "--storage-key", storage_key_file(), "--district-pub",
                       str(district.pub), "--credentials", str(district.kiosk_tls), "--json")
    try:
        line = json.loads(proc.stdout.readline())
        assert line["error"]["code"] == "GATEWAY_UNREACHABLE"
        assert proc.poll() is None  # still running, waiting for its next attempt
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_cli_syncs_continuously_and_pushes_the_outbox(tmp_path: Path, district, seeded):
    from kiosk.sync.outbox import Outbox

    cache_path = tmp_path / "cache.sqlite"
    cache = ArchiveCache(cache_path, key=TEST_KEY)
    key = Outbox(cache).enqueue("probe", {"n": 1}, key="kiosk-01:probe:1")
    cache.close()
    with gateway(seeded, district) as url:
        proc = kiosk_popen("sync", "--gateway", url, "--cache", str(cache_path), "--storage-key", storage_key_file(), "--district-pub", str(district.pub),
                           "--credentials", str(district.kiosk_tls), "--json", "--interval", "60")
        try:
            first = json.loads(proc.stdout.readline())
            assert first["applied"] == seeded.count("record") and first["cursor"] > 0
            assert wait_until(lambda: seeded.intake_get(key), what="the outbox item at the gateway")["kind"] == "probe"
            assert proc.poll() is None
        finally:
            proc.terminate()
            proc.wait(10)


def test_a_rebuilt_archive_replaces_the_cache_through_a_snapshot(tmp_path: Path, district, seeded):
    rebuilt = SqliteStore(tmp_path / "rebuilt.sqlite")  # a new feed id: the district restored its archive
    seed_archive(rebuilt, residents_wanted=60, seed=9, page_images_for=0)
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    with gateway(seeded, district) as old_url:
        client = SyncClient(cache, old_url, district.verifier(), tls=district.kiosk_context(), batch_limit=64)
        client.sync_once()
        client.gateway.close()
    with gateway(rebuilt, district) as new_url:
        client = SyncClient(cache, new_url, district.verifier(), tls=district.kiosk_context(), batch_limit=64)
        result = client.sync_once()
        client.gateway.close()
    assert result.batches > 1 and cache.meta("feed") == rebuilt.changes(0, 0).feed_id
    assert {r.record_id for r in _all(cache)} == set(live_records(rebuilt))
    assert cache.integrity_ok()
    cache.close()
    rebuilt.close()


def test_synced_changes_keep_the_search_indexes_equal_to_a_rebuild(tmp_path: Path, district, seeded):
    import shutil

    from kiosk.archive.search import CatalogueSearch
    from kiosk.archive.search_index import rebuild_indexes

    path = tmp_path / "cache.sqlite"
    cache = ArchiveCache(path, key=TEST_KEY)
    with gateway(seeded, district) as url:
        client = SyncClient(cache, url, district.verifier(), tls=district.kiosk_context(), batch_limit=150)
        client.sync_once()
        add_changes(seeded, residents_new=30)
        client.sync_once()
        client.gateway.close()
    names = sorted({n for r in _all(cache) for n in r.names})
    queries = ["更正", "退休审批", "婚姻"] + names[::7] + sorted({n[-2:] for n in names if len(n) > 2})[::5]
    incremental = {q: [h.record.record_id for h in CatalogueSearch(cache, limit=50).search(q)] for q in queries}
    assert incremental["更正"], "edited records carry 更正 in their titles"
    cache.close()
    shutil.copy(path, tmp_path / "rebuilt.sqlite")
    rebuilt = ArchiveCache(tmp_path / "rebuilt.sqlite", key=TEST_KEY)
    with rebuilt.transaction() as conn:
        rebuild_indexes(conn)
    search = CatalogueSearch(rebuilt, limit=50)
    assert {q: [h.record.record_id for h in search.search(q)] for q in queries} == incremental
    rebuilt.close()
