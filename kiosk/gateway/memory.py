"""Keeping the gateway process's memory where it was once a burst of requests has passed.

Every request runs on a worker thread, and glibc gives threads that meet contention arenas of their own (up
to eight per core), each keeping the pages its freed objects leave behind: after a few bursts of thirty
concurrent batches the process holds tens of megabytes it no longer uses. Two arenas are made the limit
before the server starts its threads, large blocks always get pages of their own, and when the last
request in flight finishes the free pages go back to the system (``malloc_trim``). Elsewhere than glibc
all of this is a no-op.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from typing import Any

import anyio

from kiosk import allocator

log = logging.getLogger(__name__)

MMAP_THRESHOLD = 128 * 1024


def limit_arenas(count: int = 2) -> bool:
    """Call before the server starts its threads: arenas made before stay. Also fixes the size from which
    a block gets pages of its own (glibc raises it after each such block is freed): every TLS connection
    has a 256 KiB read buffer, and once those came from the heap, the heap stayed as large as the most
    connections ever open at once."""
    return allocator.mallopt(allocator.M_ARENA_MAX, count) and allocator.mallopt(allocator.M_MMAP_THRESHOLD,
                                                                                 MMAP_THRESHOLD)


def release_free_memory(collect: bool = False) -> bool:
    """``collect``: first free what only reference cycles keep alive. A connection that ended in an exception
    (a kiosk that went away mid-response, a TLS shutdown cut short) leaves the exception, its traceback and
    the frames it holds in a cycle, and with them the connection's buffers: a burst of such connections
    holds tens of megabytes until the cyclic collector next runs its oldest generation, which on an idle
    gateway may be never."""
    if collect:
        gc.collect()
    return allocator.trim()


class TrimWhenIdle:
    """ASGI middleware: when no request is in flight any more, hand free memory back (on a worker thread),
    and once more a little later, after the connections of the burst have closed and freed their buffers."""

    def __init__(self, app: Any, min_interval_s: float = 1.0, settle_s: float = 2.0,
                 on_settled: Callable[[], Any] | None = None):
        """``on_settled``: called first when the burst is over (the store's :meth:`release_memory`)."""
        self.app = app
        self.on_settled = on_settled
        self.min_interval_s = min_interval_s
        self.settle_s = settle_s
        self._active = 0
        self._last = 0.0
        self._pending: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._active += 1  # the event loop is one thread: no lock needed
        try:
            await self.app(scope, receive, send)
        finally:
            self._active -= 1
            if self._active == 0:
                now = time.monotonic()
                if now - self._last >= self.min_interval_s:
                    self._last = now
                    await anyio.to_thread.run_sync(release_free_memory)
                self._later()

    def _later(self) -> None:
        import asyncio

        if self._pending is not None:
            self._pending.cancel()
        self._pending = asyncio.get_running_loop().call_later(self.settle_s, self._settled)

    def _settled(self) -> None:
        self._pending = None
        if self._active == 0:
            self._last = time.monotonic()
            if self.on_settled is not None:
                try:
                    self.on_settled()
                except Exception as e:  # noqa: BLE001 - memory housekeeping never takes the server down
                    log.warning("releasing the store's idle memory failed: %s", type(e).__name__)
            release_free_memory(collect=True)  # tens of milliseconds on the loop, once, while nothing is served
