"""A cache that cannot answer says so: a 0-byte file or a first sync cut off part way is a typed error from
search, never an empty list a resident would read as "you have no archives"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.archive.readiness import readiness, require_ready
from kiosk.archive.search import CatalogueSearch
from kiosk.errors import CacheNotReady
from kiosk.sync.apply import apply_batch
from kiosk.sync.batch import Batch
from tests.storage_key import TEST_KEY, storage_key_file

ROOT = Path(__file__).resolve().parents[3]
RECORDS = demo_records()


def kiosk(*argv: str) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", *argv, "--json"], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def cut_first_sync(path: Path) -> None:
    """The first two batches of a snapshot of every demo record, as a sync cut off after them leaves it."""
    cache = ArchiveCache(path, key=TEST_KEY)
    head = len(RECORDS)
    ops = [{"op": "put", "kind": "record", "key": r.record_id, "seq": i + 1, "body": r.to_wire()}
           for i, r in enumerate(RECORDS[:6])]
    apply_batch(cache, Batch("f", 0, 3, head, True, ops[:3]), "2026-01-01T00:00:00+00:00")
    apply_batch(cache, Batch("f", 3, 6, head, True, ops[3:]), "2026-01-01T00:00:01+00:00")
    cache.close()


def test_a_zero_byte_cache_is_not_synced_not_empty(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"")
    code, out = kiosk("search", "--cache", str(path), "--storage-key", storage_key_file(), "--query", "秀英")
    assert code == 1 and out["error"]["code"] == "CACHE_NOT_SYNCED" and "kiosk sync" in out["error"]["message"]
    code, status = kiosk("sync", "--cache", str(path), "--storage-key", storage_key_file(), "--status")
    assert code == 0 and status["state"] == "never"


def test_a_first_sync_cut_part_way_is_incomplete_everywhere(tmp_path):
    path = tmp_path / "cache.sqlite"
    cut_first_sync(path)
    code, out = kiosk("search", "--cache", str(path), "--storage-key", storage_key_file(), "--query", "秀英")
    assert code == 1 and out["error"]["code"] == "CACHE_INCOMPLETE"
    code, out = kiosk("search", "--cache", str(path), "--storage-key", storage_key_file(), "--id-number", "330106195203142627")
    assert code == 1 and out["error"]["code"] == "CACHE_INCOMPLETE"
    code, status = kiosk("sync", "--cache", str(path), "--storage-key", storage_key_file(), "--status")
    assert code == 0 and status["state"] == "incomplete" and status["records"] == 6


def test_the_states(tmp_path):
    cache = ArchiveCache(tmp_path / "a.sqlite", key=TEST_KEY)
    assert readiness(cache) == "not_synced"
    with pytest.raises(CacheNotReady) as e:
        require_ready(cache)
    assert e.value.code == "CACHE_NOT_SYNCED"
    assert CatalogueSearch(cache).search("秀英") == []  # the search itself: an empty cache holds nothing
    cache.put_records(RECORDS[:2])
    assert readiness(cache) == "ready"
    cache.close()
    cut_first_sync(tmp_path / "b.sqlite")
    cache = ArchiveCache(tmp_path / "b.sqlite", key=TEST_KEY)
    assert readiness(cache) == "incomplete"
    with pytest.raises(CacheNotReady):
        CatalogueSearch(cache).own("330106195203142627")
    cache.close()
