"""glibc's allocator, asked to hold less memory the process no longer uses: fewer per-thread arenas, and
free pages handed back (``malloc_trim``). Shared by the kiosk's process and the gateway's; elsewhere than
glibc (musl, macOS) every call is a no-op that answers False."""

from __future__ import annotations

import ctypes
from typing import Any

M_ARENA_MAX = -8  # glibc's mallopt parameter numbers
M_MMAP_THRESHOLD = -3


def glibc() -> Any:
    """The C library when it is glibc (it has mallopt and malloc_trim), else None."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018 - glibc only: absent elsewhere
    except (OSError, AttributeError):
        return None
    return libc


def mallopt(param: int, value: int) -> bool:
    libc = glibc()
    return bool(libc.mallopt(param, value)) if libc is not None else False


def trim() -> bool:
    """Hand the allocator's free pages back to the system."""
    libc = glibc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
