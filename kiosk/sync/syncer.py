"""One sync run: pull batches until the cache reaches the gateway's head, then fetch wanted page blobs.

Each batch is verified before anything is written and applied in one transaction with the cursor, so an
interruption at any point (network, power, kill -9) leaves the cache at a batch boundary to resume from.
"""

from __future__ import annotations

import datetime as dt
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.crypto.keys import Verifier
from kiosk.errors import CacheError, KioskError, StorageError
from kiosk.sync.apply import apply_batch
from kiosk.sync.batch import decode
from kiosk.sync.client import GatewayClient


@dataclass(frozen=True)
class SyncResult:
    applied: int
    deleted: int
    cursor: int
    batches: int
    elapsed_ms: float
    blobs: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SyncClient:
    def __init__(self, cache: ArchiveCache, gateway: GatewayClient | str, verifier: Verifier, *,
                 batch_limit: int = 5000, blob_limit: int = 500, timeout_s: float = 10.0,
                 clock: Callable[[], dt.datetime] = utc_now, tls: ssl.SSLContext | None = None):
        self.cache = cache
        if not isinstance(gateway, GatewayClient):
            gateway = GatewayClient(gateway, timeout_s, tls=tls)
        self.gateway = gateway
        self.verifier = verifier
        self.batch_limit = batch_limit
        self.blob_limit = blob_limit
        self.clock = clock
        self._last_error: KioskError | None = None
        self._lock = threading.Lock()  # one run at a time, whoever triggers it

    def sync_once(self, max_batches: int | None = None) -> SyncResult:
        with self._lock:
            try:
                result = self._run(max_batches)
            except KioskError as e:
                self._last_error = e
                raise
            self._last_error = None
            return result

    def _run(self, max_batches: int | None) -> SyncResult:
        started = time.perf_counter()
        applied = deleted = batches = 0
        # The next batch is asked for while this one is applied: the gateway cuts and signs it meanwhile.
        # Its cursor is this batch's end, known once the batch is verified and before it is applied.
        with ThreadPoolExecutor(1, thread_name_prefix="sync-prefetch") as prefetch:
            epoch = int(self.cache.meta("epoch", "0") or 0)
            upcoming = prefetch.submit(self.gateway.batch, int(self.cache.meta("cursor", "0") or 0),
                                       self.cache.meta("feed", "") or "",
                                       self.cache.meta("snapshot_active") == "1", self.batch_limit, epoch)
            while True:
                batch = decode(upcoming.result(), self.verifier)
                batches += 1
                more = not batch.complete and (max_batches is None or batches < max_batches)
                if more:
                    upcoming = prefetch.submit(self.gateway.batch, batch.end, batch.feed, batch.snapshot,
                                               self.batch_limit, batch.epoch)
                done = apply_batch(self.cache, batch, self.clock().isoformat(timespec="seconds"))
                applied, deleted = applied + done.applied, deleted + done.deleted
                if not more:
                    break
        blobs = self.fetch_blobs()
        return SyncResult(applied, deleted, int(self.cache.meta("cursor", "0") or 0), batches,
                          round((time.perf_counter() - started) * 1000, 1), blobs)

    def fetch_blobs(self) -> int:
        """Fetch page blobs the records refer to, each checked against its hash before it is stored."""
        fetched = 0
        for sha in self.cache.wanted_blobs(self.blob_limit):
            data = self.gateway.blob(sha)
            if data is None:
                continue  # not at the gateway (yet): asked again next time
            try:
                self.cache.put_blob(data, expected_sha256=sha)
            except CacheError:
                continue  # damaged in transit: stays wanted
            fetched += 1
        return fetched

    def status(self) -> dict[str, Any]:
        return sync_status(self.cache, self.clock(), self._last_error)


def sync_status(cache: ArchiveCache, now: dt.datetime, last_error: KioskError | None = None) -> dict[str, Any]:
    """Cursor, record count and the age of the data, for ``kiosk sync --status`` and the screen."""
    last = cache.meta("last_sync")
    age = None
    if last:
        age = max(0.0, (now - dt.datetime.fromisoformat(last)).total_seconds())
    state = "never" if last is None else ("offline" if last_error is not None else "ok")
    if cache.meta("bulk_load") == "1":
        state = "incomplete"  # records in, indexes not built yet: searches wait for the first sync's end
    if isinstance(last_error, StorageError):
        state = "storage"  # the disk refused the last batch (full, read-only, not ours): the code says which
    return {"cursor": int(cache.meta("cursor", "0") or 0), "records": cache.count(), "last_sync": last,
            "age_s": age, "state": state, "last_error": last_error.code if last_error else None,
            "wanted_blobs": len(cache.wanted_blobs(1000))}
