"""The kiosk's sync on a disk that fills up (a real 3 MB tmpfs): the batch that does not fit is refused as
STORAGE_FULL with nothing of it kept, the continuous sync waits with a growing pause instead of exiting,
says why in its status, keeps the cache serving, and catches up by itself once there is room."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.crypto.keys import generate, verifier_for
from kiosk.errors import StorageFull
from kiosk.gateway.feed import next_batch
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import GatewayClient
from kiosk.sync.scheduler import SyncScheduler
from kiosk.sync.syncer import SyncClient
from tests.kiosk.storage_faults.filesystems import fill, small_filesystem
from tests.storage_key import TEST_KEY


class District(GatewayClient):
    """The district's feed cut from a real store and signed, handed over in-process (no network here: the
    fault under test is the kiosk's disk). A gateway client in everything but the transport."""

    def __init__(self, folder: Path):  # noqa: super().__init__ would set up HTTP, which is not used here
        self.signer = generate("ed25519")
        self.store = SqliteStore(folder / "gateway.sqlite")
        seed_archive(self.store, residents_wanted=150, seed=3)

    def batch(self, cursor: int, feed: str, snapshot: bool, limit: int, epoch: int = 0, *,
              deadline_s: float | None = None) -> bytes:
        return next_batch(self.store, self.signer, cursor=cursor, feed=feed, snapshot=snapshot, limit=limit)

    def blob(self, sha256: str, *, deadline_s: float | None = None) -> bytes | None:
        return None

    def close(self) -> None:
        pass

    def verifier(self):
        return verifier_for(self.signer.algorithm, self.signer.public_hex)


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return District(tmp_path_factory.mktemp("district"))


def test_a_full_disk_pauses_the_sync_and_it_resumes_when_there_is_room(tmp_path, district):
    with small_filesystem(tmp_path / "disk", size_kb=3 * 1024) as disk:
        cache = ArchiveCache(disk / "cache.sqlite", key=TEST_KEY)
        client = SyncClient(cache, district, district.verifier(), batch_limit=200)
        first = client.sync_once(max_batches=1)  # some records in while there is room
        kept = cache.count()
        assert first.applied > 0 and kept > 0
        fill(disk)
        scheduler = SyncScheduler(client, 60.0, backoff=Backoff(initial_s=2.0, rng=random.Random(1)))
        delays = [scheduler.run_once() for _ in range(3)]
        assert delays[0] < 60.0 and delays[0] < delays[1] < delays[2]  # backing off, not the normal pace
        status = scheduler.status()
        assert status["state"] == "storage" and status["last_error"] == "STORAGE_FULL"
        assert cache.count() == kept and cache.integrity_ok()  # nothing half-written; what it has still serves
        with pytest.raises(StorageFull) as e:
            client.sync_once()
        assert str(disk / "cache.sqlite") in e.value.message
        (disk / "ballast").unlink()
        assert scheduler.run_once() == 60.0
        assert scheduler.status()["state"] == "ok" and cache.count() == district.store.count()
        assert cache.integrity_ok()
        cache.close()
