"""Rotating the storage key: every kiosk data file re-encrypted in place (``PRAGMA rekey``), resumable.

The next key is written (0600, durably) beside the current one before any file changes, so a kill at any
moment leaves every file under one of the two keys the kiosk opens with; running the rotation again picks
the same next key up and re-keys only the files still under the old one. The next key becomes the key
(an atomic rename) only once every file is under it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import StorageError
from kiosk.storage.key import KEY_BYTES, PENDING_SUFFIX, StorageKey, read_key_file, write_key_file
from kiosk.storage.sqlite import rekey


@dataclass
class Rotation:
    resumed: bool
    rekeyed: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"resumed": self.resumed, "rekeyed": self.rekeyed, "already": self.already}


def rotate_storage_key(key_file: Path, files: list[Path],
                       on_file: Callable[[Path, bool], None] = lambda _p, _done: None) -> Rotation:
    if not key_file.exists():
        raise StorageError(f"no storage key at {key_file}: nothing to rotate", detail={"path": str(key_file)})
    pending_file = key_file.with_name(key_file.name + PENDING_SUFFIX)
    resumed = pending_file.exists()
    if not resumed:
        write_key_file(pending_file, secrets.token_bytes(KEY_BYTES))
        _fsync_dir(key_file.parent)
    current, new = read_key_file(key_file), read_key_file(pending_file)
    key = StorageKey(current, new, source=str(key_file))
    report = Rotation(resumed)
    for path in files:
        changed = rekey(path, key, new)
        (report.rekeyed if changed else report.already).append(path.name)
        on_file(path, changed)
    os.replace(pending_file, key_file)
    _fsync_dir(key_file.parent)
    return report


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
