"""A cache file that is garbage is moved aside (kept for a technician) and rebuilt from the gateway; a
cache path that is a folder is a typed storage error, never "moved"."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.archive.readiness import readiness
from kiosk.archive.recovery import open_or_recover
from kiosk.errors import StoragePathError
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from tests.kiosk.sync.gateway_fixture import gateway, make_district
from tests.storage_key import TEST_KEY, storage_key_file

ROOT = Path(__file__).resolve().parents[3]
GARBAGE = b"\x13\x37 not a database " * 4096


def test_garbage_is_moved_aside_and_an_empty_cache_takes_its_place(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(GARBAGE)
    cache, moved = open_or_recover(path, key=TEST_KEY, now=dt.datetime(2026, 12, 5, 8, 30, tzinfo=dt.timezone.utc))
    assert moved == tmp_path / "cache.sqlite.damaged-20261205T083000"
    assert moved.read_bytes() == GARBAGE  # nothing lost
    assert readiness(cache) == "not_synced" and cache.count() == 0
    cache.close()
    cache, moved = open_or_recover(path, key=TEST_KEY)  # the new cache opens as it is
    assert moved is None
    cache.close()


def test_a_cache_path_that_is_a_folder_is_a_storage_error(tmp_path):
    (tmp_path / "cache.sqlite").mkdir()
    with pytest.raises(StoragePathError) as e:
        open_or_recover(tmp_path / "cache.sqlite", key=TEST_KEY)
    assert e.value.code == "STORAGE_NOT_A_FILE" and (tmp_path / "cache.sqlite").is_dir()


def test_kiosk_sync_rebuilds_a_damaged_cache_from_the_gateway(tmp_path):
    district = make_district(tmp_path / "district")
    store = SqliteStore(tmp_path / "gateway.sqlite")
    seed_archive(store, residents_wanted=40, seed=9, page_images_for=0)
    cache_path = tmp_path / "kiosk" / "cache.sqlite"
    cache_path.parent.mkdir()
    cache_path.write_bytes(GARBAGE)
    with gateway(store, district) as url:
        done = subprocess.run([sys.executable, "-m", "kiosk.cli", "sync", "--once", "--gateway", url,
                               "--credentials", str(district.kiosk_tls), "--district-pub", str(district.pub),
                               "--cache", str(cache_path), "--storage-key", storage_key_file(), "--json"], capture_output=True, text=True, timeout=120,
                              env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "moved aside" in done.stderr and "rebuilt from the gateway" in done.stderr
    assert json.loads(done.stdout)["applied"] == store.count("record")
    kept = [p for p in cache_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == GARBAGE
