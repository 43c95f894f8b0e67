"""Whether the cache can answer: a search must never say "nothing" from an index that is not all there.

States, from the cache's own meta rows (written in the same transaction as the records they describe):

- ``ready``: it holds a district's records with every index built (or was filled by other means than the
  sync, e.g. the demo's records, and has its indexes);
- ``not_synced``: no record and no sync yet — a new kiosk, or a cache file that was empty (0 bytes);
- ``incomplete``: the first sync is under way or was cut off part way: records are in but the bulk load has
  not built their indexes yet (``bulk_load`` = 1), so a name search would find nothing.
"""

from __future__ import annotations

from typing import Literal

from kiosk.archive.cache import ArchiveCache
from kiosk.errors import CacheNotReady

Readiness = Literal["ready", "not_synced", "incomplete"]


def readiness(cache: ArchiveCache) -> Readiness:
    if cache.meta("bulk_load") == "1":
        return "incomplete"
    if cache.meta("last_sync") is None and cache.conn.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None:
        return "not_synced"
    return "ready"


def require_indexed(cache: ArchiveCache) -> None:
    """Raises :class:`CacheNotReady` while a bulk load's records are in without their indexes. Every search
    checks this: an empty cache truthfully holds nothing, a half-indexed one does not."""
    if cache.meta("bulk_load") == "1":
        raise CacheNotReady("the archive cache is still being filled by its first sync: searches wait for it "
                            "to finish (kiosk sync)", code="CACHE_INCOMPLETE", detail={"path": cache.path})


def require_ready(cache: ArchiveCache) -> None:
    """Raises :class:`CacheNotReady` unless the cache can answer a search truthfully — also for a cache that
    never received anything (a new kiosk, a 0-byte file), where "no records" would be a guess."""
    state = readiness(cache)
    if state == "incomplete":
        require_indexed(cache)
    if state == "not_synced":
        raise CacheNotReady("the archive cache holds no records yet: run kiosk sync against the district "
                            "gateway first", code="CACHE_NOT_SYNCED", detail={"path": cache.path})
