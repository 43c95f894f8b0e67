"""Runs sync (and the outbox push) periodically off the UI thread, backing off while the gateway is down."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.errors import GatewayUnreachable, KioskError, StorageError
from kiosk.sync.backoff import Backoff
from kiosk.sync.outbox import Outbox
from kiosk.sync.syncer import SyncClient, SyncResult

log = logging.getLogger("kiosk.sync")

#: Called after every attempt with the result or the error (from the scheduler's thread).
Listener = Callable[[SyncResult | None, KioskError | None], None]
#: Called after every outbox push (from the scheduler's thread), e.g. to wipe what the gateway now holds.
AfterPush = Callable[[], object]


class SyncScheduler:
    def __init__(self, client: SyncClient, interval_s: float, *, outbox: Outbox | None = None,
                 backoff: Backoff | None = None, listener: Listener | None = None,
                 after_push: AfterPush | None = None):
        """``after_push`` runs after each push of the outbox, also one the gateway broke off part way (the
        items it took before are marked pushed): the composition root passes the wipe of the pushed
        requests' photos, which belongs to ``kiosk.requests`` and not to the sync."""
        self.client = client
        self.interval_s = interval_s
        self.outbox = outbox
        self.backoff = backoff or Backoff(max_s=max(interval_s, 60.0))
        self.listener = listener
        self.after_push = after_push
        self.next_delay_s = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="kiosk-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def trigger(self) -> None:
        """Sync now (e.g. a technician's button), without waiting for the interval."""
        self._wake.set()

    def run_once(self) -> float:
        """One attempt; returns the delay until the next one."""
        try:
            result = self.client.sync_once()
            if self.outbox is not None:
                self._push(self.outbox)
        except (GatewayUnreachable, StorageError) as e:
            # Both pass by themselves (the gateway comes back, a technician frees the disk): wait, growing
            # the pause, and go on serving what the cache holds meanwhile.
            delay = self.backoff.next_delay()
            log.info("sync waits (%s); next attempt in %.0f s", e.code, delay)
            self._notify(None, e)
            return delay
        except KioskError as e:  # a bad batch or a cache problem: reported, retried at the normal pace
            log.warning("sync failed: %s", e.code)
            self.backoff.reset()
            self._notify(None, e)
            return self.interval_s
        self.backoff.reset()
        self._notify(result, None)
        return self.interval_s

    def status(self) -> dict[str, Any]:
        return {**self.client.status(), "next_attempt_s": self.next_delay_s, "interval_s": self.interval_s}

    def run_forever(self) -> None:
        """Sync in the calling thread until :meth:`stop` (``kiosk sync`` without ``--once``)."""
        self._loop()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.next_delay_s = self.run_once()
            self._wake.wait(self.next_delay_s)
            self._wake.clear()

    def _push(self, outbox: Outbox) -> None:
        try:
            outbox.push(self.client.gateway)
        finally:
            if self.after_push is not None:
                try:
                    self.after_push()
                except Exception as e:  # noqa: BLE001 - reported; the next push tries again
                    log.warning("after-push step failed: %s", type(e).__name__)

    def _notify(self, result: SyncResult | None, error: KioskError | None) -> None:
        if self.listener is not None:
            try:
                self.listener(result, error)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop syncing
                log.exception("sync listener failed")
