"""A cache file that cannot be opened as a cache (garbage, truncated, another program's database) is
moved aside and an empty one takes its place: the sync rebuilds it from the gateway, and until it has,
searches say the cache is being filled (:mod:`kiosk.archive.readiness`) instead of answering nothing.

The damaged file is kept beside the cache (``cache.sqlite.damaged-YYYYmmddTHHMMSS``) for a technician;
nothing is deleted. A storage fault (a full, read-only or forbidden disk) is not damage: it is raised as
it is, since a new file would fail the same way and the old one may be perfectly good.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from kiosk.archive.cache import ArchiveCache
from kiosk.storage import StorageKey
from kiosk.errors import CacheError, StorageError

log = logging.getLogger("kiosk.archive.recovery")
_SIDE_FILES = ("-wal", "-shm", "-journal")


def open_or_recover(path: str | Path, *, key: StorageKey, now: dt.datetime | None = None
                    ) -> tuple[ArchiveCache, Path | None]:
    """(the cache, where the damaged file went or None). A cache that does not open with the storage key
    (STORAGE_KEY_INVALID, a storage fault) is never moved aside: it is not damaged, the key is wrong."""
    try:
        return ArchiveCache(path, key=key), None
    except StorageError:
        raise
    except CacheError as e:
        if str(path) == ":memory:" or Path(path).is_dir():
            raise
        moved = move_aside(Path(path), now or dt.datetime.now(dt.timezone.utc))
        log.warning("archive cache could not be opened (%s); moved aside to %s, it is rebuilt from the gateway",
                    e.code, moved.name)
    return ArchiveCache(path, key=key), moved


def move_aside(path: Path, now: dt.datetime) -> Path:
    target = path.with_name(f"{path.name}.damaged-{now.strftime('%Y%m%dT%H%M%S')}")
    for suffix in ("", *_SIDE_FILES):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    return target
