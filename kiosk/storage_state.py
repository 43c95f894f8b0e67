"""The state of the storage the sync writes to (the archive cache and its folder), as ``kiosk diag`` and
the health report sent to the gateway show it: ``ok``, ``full``, ``read_only``, ``permission``,
``not_a_folder`` or ``not_a_file``, with the free bytes against the warning watermark.

It is read from the filesystem itself, not from the sync's memory: ``kiosk diag`` runs in a process of its
own, and a disk that refuses writes cannot be asked to record that it refused them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from kiosk.errors import StorageError
from kiosk.storage_faults import errno_fault, free_bytes, permission, read_only

#: Fault code → state word.
STATES = {"STORAGE_FULL": "full", "STORAGE_READ_ONLY": "read_only", "STORAGE_PERMISSION": "permission",
          "STORAGE_NOT_A_FOLDER": "not_a_folder", "STORAGE_NOT_A_FILE": "not_a_file"}


def sync_storage_state(cache_path: str | Path, *, min_free_bytes: int, warn_free_bytes: int) -> dict[str, Any]:
    """``state`` and, when not ok, the fault's ``code`` and ``message`` (path and what to do)."""
    path = Path(cache_path).absolute()
    free = free_bytes(path)
    fault = storage_probe(path)
    state = STATES.get(fault.code, "fault") if fault is not None else "ok"
    if fault is None and free is not None and free < min_free_bytes:
        state = "full"
    report: dict[str, Any] = {"state": state, "path": str(path), "free_bytes": free,
                              "min_free_bytes": min_free_bytes, "warn_free_bytes": warn_free_bytes,
                              "below_watermark": free is not None and free < warn_free_bytes}
    if fault is not None:
        report.update(code=fault.code, message=fault.message)
    return report


def storage_probe(cache_path: Path) -> StorageError | None:
    """What would stop the sync writing ``cache_path`` now (None: nothing the filesystem shows)."""
    for candidate in (cache_path.parent, *cache_path.parent.parents):
        mode = _mode(candidate)
        if mode is None:
            continue  # missing (made at the first sync) or not reachable: the nearer checks below tell
        if not stat.S_ISDIR(mode):
            return errno_fault(errno.ENOTDIR, cache_path.parent)
        break
    existing = _nearest_existing(cache_path)
    try:
        if os.statvfs(existing).f_flag & os.ST_RDONLY:
            return read_only(str(cache_path))
    except OSError:
        pass
    cache_mode = _mode(cache_path)
    if cache_mode is not None and stat.S_ISDIR(cache_mode):
        return errno_fault(errno.EISDIR, cache_path)
    if existing == cache_path:
        if not os.access(cache_path, os.R_OK | os.W_OK):
            return permission(str(cache_path))
        existing = cache_path.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        return permission(str(cache_path))
    return None


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except OSError:
        return None


def _nearest_existing(path: Path) -> Path:
    while _mode(path) is None and path != path.parent:
        path = path.parent
    return path
