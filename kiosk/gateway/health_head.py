"""The feed's id and head as ``/health`` reports them, without a database call per health check.

A health check is the one request that must stay quick while the gateway is busiest: twenty kiosks
pulling full batches hold the request threads and database connections, and a health answer that needs
one of each waits behind them. So the head is read on a thread of its own (not from the shared pool),
by one caller at a time, and at most once per ``max_age_s``; between reads, health answers from the
last one and a read goes on in the background. A store that stops answering still shows: once the last
read is older than ``stale_after_s`` a health check waits for a new one and fails with it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import anyio

from kiosk.gateway.store import GatewayStore

log = logging.getLogger("kiosk.gateway.health")


class FeedHead:
    def __init__(self, store: GatewayStore, *, max_age_s: float = 1.0, stale_after_s: float = 30.0):
        self._store = store
        self.max_age_s = max_age_s
        self.stale_after_s = stale_after_s
        self._part: Any = None
        self._read_at = float("-inf")
        self._limiter = anyio.CapacityLimiter(1)  # its own thread: not one of the pool's the feeds hold
        self._lock: asyncio.Lock | None = None
        self._background: asyncio.Task[None] | None = None

    async def current(self) -> Any:
        """The store's ``changes(0, 0)`` part (feed id, head), at most ``max_age_s`` old when all is well."""
        loop = asyncio.get_running_loop()
        age = loop.time() - self._read_at
        if self._part is None or age > self.stale_after_s:
            await self._read(loop)
        elif age > self.max_age_s and (self._background is None or self._background.done()):
            self._background = loop.create_task(self._read(loop))
            self._background.add_done_callback(_log_failure)
        return self._part

    async def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        started = loop.time()
        async with self._lock:
            if self._read_at >= started:
                return  # read by the caller we waited for
            part = await anyio.to_thread.run_sync(functools.partial(self._store.changes, 0, 0),
                                                  limiter=self._limiter)
            self._part, self._read_at = part, loop.time()


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("reading the feed head for health failed: %s", task.exception())
