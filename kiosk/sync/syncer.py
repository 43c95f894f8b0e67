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
from dataclasses import asdict, dataclass, replace
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.crypto.keys import Verifier
from kiosk.errors import CacheError, GatewayTooSlow, KioskError, StorageError
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
    #: District configuration documents accepted or refused after this run (None: not looked at).
    config: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SyncClient:
    def __init__(self, cache: ArchiveCache, gateway: GatewayClient | str, verifier: Verifier, *,
                 batch_limit: int = 5000, blob_limit: int = 500, timeout_s: float = 10.0,
                 clock: Callable[[], dt.datetime] = utc_now, tls: ssl.SSLContext | None = None,
                 batch_deadline_s: float = 60.0, run_deadline_s: float = 600.0, config_keeper: Any = None):
        """``config_keeper`` (:class:`kiosk.config_remote.DistrictConfig`) checks the district configuration
        documents each run brought. ``batch_deadline_s`` bounds fetching one batch (or one page blob), ``run_deadline_s`` a whole run:
        a gateway that answers slower than that is cut off (GATEWAY_TOO_SLOW) and asked again later."""
        self.cache = cache
        if not isinstance(gateway, GatewayClient):
            gateway = GatewayClient(gateway, timeout_s, tls=tls)
        self.gateway = gateway
        self.verifier = verifier
        self.batch_limit = batch_limit
        self.blob_limit = blob_limit
        self.batch_deadline_s = batch_deadline_s
        self.run_deadline_s = run_deadline_s
        self.clock = clock
        self.config_keeper = config_keeper
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
            if self.config_keeper is not None:
                result = replace(result, config=self._district_config())
            return result

    def _district_config(self) -> dict[str, Any]:
        """A configuration document that cannot be recorded (a full disk) never fails the sync that brought it:
        it is looked at again after the next run."""
        try:
            return self.config_keeper.refresh(self.cache)
        except (KioskError, OSError) as e:
            return {"applied": [], "refused": [], "error": getattr(e, "code", type(e).__name__)}

    def _run(self, max_batches: int | None) -> SyncResult:
        started = time.perf_counter()
        run_ends = time.monotonic() + self.run_deadline_s
        applied = deleted = batches = 0

        def fetch(cursor: int, feed: str, snapshot: bool, epoch: int) -> bytes:
            return self.gateway.batch(cursor, feed, snapshot, self.batch_limit, epoch,
                                      deadline_s=self._time_left(run_ends))

        # The next batch is asked for while this one is applied: the gateway cuts and signs it meanwhile.
        # Its cursor is this batch's end, known once the batch is verified and before it is applied.
        with ThreadPoolExecutor(1, thread_name_prefix="sync-prefetch") as prefetch:
            epoch = int(self.cache.meta("epoch", "0") or 0)
            upcoming = prefetch.submit(fetch, int(self.cache.meta("cursor", "0") or 0),
                                       self.cache.meta("feed", "") or "", self.cache.meta("snapshot_active") == "1",
                                       epoch)
            while True:
                batch = decode(upcoming.result(), self.verifier)
                batches += 1
                more = not batch.complete and (max_batches is None or batches < max_batches)
                if more:
                    upcoming = prefetch.submit(fetch, batch.end, batch.feed, batch.snapshot, batch.epoch)
                done = apply_batch(self.cache, batch, self.clock().isoformat(timespec="seconds"))
                applied, deleted = applied + done.applied, deleted + done.deleted
                if not more:
                    break
        blobs = self.fetch_blobs(run_ends)
        return SyncResult(applied, deleted, int(self.cache.meta("cursor", "0") or 0), batches,
                          round((time.perf_counter() - started) * 1000, 1), blobs)

    def _time_left(self, run_ends: float) -> float:
        """The deadline of the next call: a batch's own, cut short by what is left of the run."""
        left = run_ends - time.monotonic()
        if left <= 0:
            raise GatewayTooSlow(f"the sync run did not finish within {self.run_deadline_s:g} s: it goes on from "
                                 "its last batch next time", detail={"run_deadline_s": self.run_deadline_s})
        return min(self.batch_deadline_s, left)

    def fetch_blobs(self, run_ends: float | None = None) -> int:
        """Fetch page blobs the records refer to, each checked against its hash before it is stored."""
        run_ends = time.monotonic() + self.run_deadline_s if run_ends is None else run_ends
        fetched = 0
        for sha in self.cache.wanted_blobs(self.blob_limit):
            data = self.gateway.blob(sha, deadline_s=self._time_left(run_ends))
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
