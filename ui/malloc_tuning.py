"""How the kiosk's process asks glibc's allocator to hold less memory it no longer uses.

glibc gives each thread that meets contention an arena of its own (up to eight per core), and an arena
keeps the pages its freed objects leave behind. The kiosk runs a dozen threads (card reader, sync,
the demo's gateway, the Qt worker, the camera ...) that allocate a little each: measured with the face
engine loaded, two arenas instead of glibc's default hold 25-30 MB less and nothing gets slower at a
kiosk's pace. Start-up also parses much that it then drops (the printer capabilities, the CJK font):
:func:`release_free_memory` hands those pages back once that work is done. Before that it empties
Python's line cache: PySide6's ``__feature__`` import hook reads the source of every module imported
after it (to look for ``from __feature__ import``), which leaves some 25 MB of source lines cached for
tracebacks that are never printed; the cache refills itself, file by file, when one is.

Elsewhere than glibc (musl, macOS) both are no-ops.
"""

from __future__ import annotations

import linecache
import logging

from kiosk import allocator

log = logging.getLogger("ui.malloc_tuning")


def limit_malloc_arenas(count: int = 2) -> bool:
    """Call before the kiosk starts its threads: arenas made before stay."""
    if allocator.glibc() is None:
        return False
    ok = allocator.mallopt(allocator.M_ARENA_MAX, count)
    if not ok:
        log.warning("the allocator kept its default number of arenas")
    return ok


def release_free_memory() -> bool:
    """Drop the line cache, then hand the allocator's free pages back to the system (glibc's malloc_trim)."""
    linecache.clearcache()
    return allocator.trim()
