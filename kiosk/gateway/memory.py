"""Keeping the gateway process's memory where it was once a burst of requests has passed.

Every request runs on a worker thread, and glibc gives threads that meet contention arenas of their own (up
to eight per core), each keeping the pages its freed objects leave behind: after a few bursts of thirty
concurrent batches the process holds tens of megabytes it no longer uses. Two arenas are made the limit
before the server starts its threads, and when the last request in flight finishes (at most once a
second) the free pages go back to the system (``malloc_trim``). Elsewhere than glibc both are no-ops.
"""

from __future__ import annotations

import ctypes
import time
from typing import Any

import anyio

_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def _libc() -> Any:
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018 - glibc only: absent elsewhere
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(count: int = 2) -> bool:
    """Call before the server starts its threads: arenas made before stay."""
    libc = _libc()
    return bool(libc.mallopt(_M_ARENA_MAX, count)) if libc is not None else False


def release_free_memory() -> bool:
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False


class TrimWhenIdle:
    """ASGI middleware: when no request is in flight any more, hand free memory back (on a worker thread)."""

    def __init__(self, app: Any, min_interval_s: float = 1.0):
        self.app = app
        self.min_interval_s = min_interval_s
        self._active = 0
        self._last = 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._active += 1  # the event loop is one thread: no lock needed
        try:
            await self.app(scope, receive, send)
        finally:
            self._active -= 1
            now = time.monotonic()
            if self._active == 0 and now - self._last >= self.min_interval_s:
                self._last = now
                await anyio.to_thread.run_sync(release_free_memory)
