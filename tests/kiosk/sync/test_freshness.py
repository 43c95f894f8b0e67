"""Freshness of the feed: a kiosk never goes back to older data, whoever serves it, unless the district
root says the feed starts over (a gateway restored from a backup)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.cli import main
from kiosk.errors import SyncVerificationError
from kiosk.gateway.seed import add_changes, seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.apply import apply_batch
from kiosk.sync.batch import decode, encode, op_put
from kiosk.sync.epoch import issue_statement, load_statement
from kiosk.sync.syncer import SyncClient
from tests.kiosk.sync.gateway_fixture import gateway, kiosk, make_district
from tests.storage_key import TEST_KEY, storage_key_file


@pytest.fixture
def district(tmp_path: Path):
    return make_district(tmp_path / "district")


def _state(cache: ArchiveCache) -> tuple:
    return (cache.count(), cache.meta("cursor"), cache.meta("issued_at"),
            sorted(r["record_id"] for r in cache.db.query("SELECT record_id FROM records")))


def _backup_and_grow(tmp_path: Path) -> tuple[Path, Path]:
    """The gateway's database now, and an old copy of it taken before the latest changes."""
    live, old = tmp_path / "gw.sqlite", tmp_path / "gw-backup.sqlite"
    store = SqliteStore(live)
    seed_archive(store, residents_wanted=40, page_images_for=0)
    store.close()
    shutil.copy(live, old)
    store = SqliteStore(live)
    add_changes(store, residents_new=10, page_images_for=0)
    store.close()
    return live, old


def test_a_gateway_restored_from_an_old_copy_of_its_database_is_refused_and_the_cache_kept(tmp_path, district):
    live, old = _backup_and_grow(tmp_path)
    cache_path = tmp_path / "cache.sqlite"
    with _opened(live) as store, gateway(store, district) as url:
        cache = ArchiveCache(cache_path, key=TEST_KEY)
        SyncClient(cache, url, district.verifier(), tls=district.kiosk_context()).sync_once()
        before = _state(cache)
        cache.close()
    with _opened(old) as restored, gateway(restored, district) as url:
        result = kiosk("sync", "--gateway", url, "--cache", str(cache_path), "--storage-key", storage_key_file(), "--district-pub", str(district.pub),
                       "--credentials", str(district.kiosk_tls), "--once", "--json")
    assert result.returncode == 4, result.stdout + result.stderr
    assert json.loads(result.stdout)["error"]["code"] == "SYNC_ROLLBACK"
    cache = ArchiveCache(cache_path, key=TEST_KEY)
    assert _state(cache) == before  # not one record lost or brought back
    cache.close()


def test_after_the_districts_new_epoch_the_restored_gateway_is_followed_from_a_snapshot(tmp_path, district, capsys):
    live, old = _backup_and_grow(tmp_path)
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    with _opened(live) as store, gateway(store, district) as url:
        SyncClient(cache, url, district.verifier(), tls=district.kiosk_context()).sync_once()
    assert main(["keys", "new-epoch", "--district-key", str(district.key), "--gateway", str(district.gateway_tls),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["epoch"] == 1
    statement = load_statement(district.gateway_tls / "epoch.json")
    with _opened(old) as restored, gateway(restored, district, epoch_statement=statement) as url:
        result = SyncClient(cache, url, district.verifier(), tls=district.kiosk_context()).sync_once()
        truth = restored.count("record")
    assert result.cursor > 0 and cache.count() == truth and cache.meta("epoch") == "1"
    cache.close()


def test_an_epoch_not_signed_by_the_district_is_refused(tmp_path, district):
    stranger = make_district(tmp_path / "stranger")
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    store = SqliteStore(tmp_path / "gw.sqlite")
    seed_archive(store, residents_wanted=5, page_images_for=0)
    forged = issue_statement(stranger.signer, 7)
    with gateway(store, district, epoch_statement=forged) as url:
        with pytest.raises(SyncVerificationError) as caught:
            SyncClient(cache, url, district.verifier(), tls=district.kiosk_context()).sync_once()
    assert caught.value.code == "SYNC_BAD_EPOCH" and cache.count() == 0
    store.close()
    cache.close()


def _batch(district, *, start: int, end: int, head: int, issued: dt.datetime, snapshot: bool = False,
           ttl: dt.timedelta = dt.timedelta(hours=24)) -> bytes:
    body = {"record_id": f"r{end}", "archive_code": "330106", "fonds": "F", "reference": f"R{end}",
            "record_type": "marriage", "year": 2000, "title": "t"}
    return encode([op_put("record", f"r{end}", end, json.dumps(body))], feed="f", start=start, end=end, head=head,
                  snapshot=snapshot, signer=district.signer, issued_at=issued, ttl=ttl)


def test_a_replayed_older_batch_and_an_expired_one_are_refused(tmp_path, district):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    recorded = _batch(district, start=0, end=1, head=2, issued=now - dt.timedelta(minutes=30), snapshot=True)
    fresh = _batch(district, start=0, end=2, head=2, issued=now - dt.timedelta(minutes=1), snapshot=True)
    apply_batch(cache, decode(fresh, district.verifier()), now.isoformat())
    before = _state(cache)
    with pytest.raises(SyncVerificationError) as caught:
        apply_batch(cache, decode(recorded, district.verifier()), now.isoformat())
    assert caught.value.code == "SYNC_ROLLBACK" and _state(cache) == before
    frozen = _batch(district, start=2, end=3, head=3, issued=now - dt.timedelta(hours=2), ttl=dt.timedelta(hours=1))
    with pytest.raises(SyncVerificationError) as caught:
        apply_batch(cache, decode(frozen, district.verifier()), now.isoformat())
    assert caught.value.code == "SYNC_STALE" and _state(cache) == before
    cache.close()


def test_the_freshness_fields_are_signed(district):
    raw = _batch(district, start=0, end=1, head=1, issued=dt.datetime.now(dt.timezone.utc), snapshot=True)
    header, body = raw.split(b"\n", 1)
    moved = json.loads(header)
    moved["issued_at"] = "2099-01-01T00:00:00+00:00"
    with pytest.raises(SyncVerificationError) as caught:
        decode(json.dumps(moved).encode() + b"\n" + body, district.verifier())
    assert caught.value.code == "SYNC_BAD_SIGNATURE"


class _opened:
    """A gateway store on ``path`` for the length of a ``with``."""

    def __init__(self, path: Path):
        self.store = SqliteStore(path)

    def __enter__(self) -> SqliteStore:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()
