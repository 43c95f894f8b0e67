"""Rotating the storage key: every kiosk data file re-encrypted in place (``PRAGMA rekey``), resumable.

The next key is written durably beside the current one before any file changes, so a kill at any moment
leaves every file under one of the two keys; running the rotation again picks the same next key up and
re-keys only the files still under the old one. The next key becomes the key (an atomic rename) only once
every file is under it.

Where the two keys are kept is the one difference between a kiosk with a key file (0600, the next key in
``<key file>.next``) and an installed kiosk whose key is a systemd credential sealed to the machine (the next
key sealed the same way, as ``<credential>.next`` in the credential store, under the credential's own name so
that the rename makes it the credential the service loads).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kiosk.errors import StorageError
from kiosk.storage.key import CREDENTIAL_NAME, KEY_BYTES, PENDING_SUFFIX, StorageKey, read_key_file, write_key_file
from kiosk.storage import private_keys
from kiosk.storage.sealed import Sealer, fsync_dir
from kiosk.storage.sqlite import rekey


@dataclass
class Rotation:
    resumed: bool
    rekeyed: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    sealed: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"resumed": self.resumed, "rekeyed": self.rekeyed, "already": self.already, "sealed": self.sealed}


class KeyPlace(Protocol):
    """Where the current and the next storage key are kept durably."""

    sealed: bool

    def current(self) -> bytes: ...

    def pending(self) -> bytes | None: ...

    def write_pending(self, raw: bytes) -> None: ...

    def commit(self) -> None:
        """The next key becomes the key (atomic)."""
        ...


class KeyFile:
    sealed = False

    def __init__(self, key_file: Path):
        if not key_file.exists():
            raise StorageError(f"no storage key at {key_file}: nothing to rotate", detail={"path": str(key_file)})
        self.path = key_file
        self.next = key_file.with_name(key_file.name + PENDING_SUFFIX)

    def current(self) -> bytes:
        return read_key_file(self.path)

    def pending(self) -> bytes | None:
        return read_key_file(self.next) if self.next.exists() else None

    def write_pending(self, raw: bytes) -> None:
        write_key_file(self.next, raw)
        fsync_dir(self.next.parent)

    def commit(self) -> None:
        os.replace(self.next, self.path)
        fsync_dir(self.path.parent)


class SealedCredential:
    sealed = True

    def __init__(self, credstore: Path, sealer: Sealer, name: str = CREDENTIAL_NAME):
        self.path = credstore / name
        if not self.path.exists():
            raise StorageError(f"no sealed storage key at {self.path}: nothing to rotate",
                               detail={"path": str(self.path)})
        self.next = credstore / (name + PENDING_SUFFIX)
        self.name = name
        self._sealer = sealer

    def current(self) -> bytes:
        return self._sealer.unseal(self.name, self.path)

    def pending(self) -> bytes | None:
        return self._sealer.unseal(self.name, self.next) if self.next.exists() else None

    def write_pending(self, raw: bytes) -> None:
        self._sealer.seal(self.name, raw, self.next)  # durably, through a temporary file and a rename

    def commit(self) -> None:
        os.replace(self.next, self.path)
        fsync_dir(self.path.parent)


def rotate(place: KeyPlace, files: list[Path],
           on_file: Callable[[Path, bool], None] = lambda _p, _done: None,
           key_files: Sequence[Path] = ()) -> Rotation:
    """``files``: the SQLite files; ``key_files``: the private keys encrypted under the storage key
    (:mod:`kiosk.storage.private_keys`), re-encrypted under the next one the same resumable way."""
    current = place.current()  # first: a key that does not open here stops the rotation before it starts
    new = place.pending()
    resumed = new is not None
    if new is None:
        place.write_pending(secrets.token_bytes(KEY_BYTES))
        new = place.pending()  # read back: what the files are re-keyed to is what a resumed run will read
        assert new is not None
    key = StorageKey(current, new, source=str(getattr(place, "path", "")))
    report = Rotation(resumed, sealed=place.sealed)
    for path in files:
        changed = rekey(path, key, new)
        (report.rekeyed if changed else report.already).append(path.name)
        on_file(path, changed)
    for path in key_files:
        changed = private_keys.reseal(path, [private_keys.passphrase(current)], private_keys.passphrase(new))
        (report.rekeyed if changed else report.already).append(path.name)
        on_file(path, changed)
    place.commit()
    return report


def rotate_storage_key(key_file: Path, files: list[Path],
                       on_file: Callable[[Path, bool], None] = lambda _p, _done: None,
                       key_files: Sequence[Path] = ()) -> Rotation:
    """The key-file kiosk's rotation (the demo, the tests, a machine without systemd-creds)."""
    return rotate(KeyFile(key_file), files, on_file, key_files)
