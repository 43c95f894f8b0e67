"""Disk full, read-only and permission faults anywhere in storage, as typed errors a technician can act on.

SQLite reports them in its own words ("database or disk is full", "attempt to write a readonly database",
"unable to open database file", and "disk I/O error" when WAL set-up meets a full disk); the operating
system as ``ENOSPC``, ``EROFS``, ``EACCES``. :func:`storage_fault` maps either to :class:`StorageFull`,
:class:`StorageReadOnly` or :class:`StoragePermission`, naming the path and what to do. Where SQLite's
words are ambiguous the filesystem itself is asked (free blocks, the read-only mount flag, access).

:class:`GuardedConnection` is the connection class every kiosk SQLite file is opened with, so a write
that meets a full disk anywhere (the cache's transaction, the print journal, the audit log) surfaces as
``STORAGE_FULL`` and not as a driver's exception.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.errors import StorageError, StorageFull, StoragePathError, StoragePermission, StorageReadOnly

#: SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 13, 14
#: Below this many free bytes a "disk I/O error" is taken for a full disk (SQLite needs a few pages).
_NEARLY_FULL = 256 * 1024


def storage_fault(error: BaseException, path: str | Path) -> StorageError | None:
    """The typed fault behind ``error`` for a file at ``path``; None when it is no storage fault."""
    where = str(path)
    if isinstance(error, StorageError):
        return error
    if isinstance(error, OSError) and error.errno is not None:
        return _from_errno(error.errno, where, str(error.strerror or error))
    name = type(error).__name__
    if name not in ("OperationalError", "DatabaseError"):
        return None
    text = str(error).lower()
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return full(where)
    if primary == _SQLITE_READONLY or "readonly database" in text:
        return _not_writable(where)
    if primary == _SQLITE_PERM or "access permission denied" in text:
        return permission(where)
    if primary == _SQLITE_CANTOPEN or "unable to open database file" in text:
        return _cannot_open(where)
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return _io_error(where)
    return None


@contextmanager
def storage_guard(path: str | Path) -> Iterator[None]:
    """Raise the typed fault instead of whatever a storage operation on ``path`` raised."""
    try:
        yield
    except Exception as e:
        fault = storage_fault(e, path)
        if fault is None or fault is e:
            raise
        raise fault from None


def full(where: str) -> StorageFull:
    free = free_bytes(where)
    return StorageFull(f"the disk holding {where} is full ({_mb(free)} free): free space on it (old support "
                       "bundles, logs) or give the kiosk a larger disk; syncing resumes by itself once there is "
                       "room", detail={"path": where, "free_bytes": free})


def read_only(where: str) -> StorageReadOnly:
    return StorageReadOnly(f"{where} is on a read-only filesystem: remount it read-write (the system remounts "
                           "a disk read-only after errors: check the disk and the system log first)",
                           detail={"path": where})


def permission(where: str) -> StoragePermission:
    target = _nearest_existing(Path(where))
    return StoragePermission(f"{where} cannot be written by this user (uid {os.geteuid()}): give the kiosk's "
                             f"user its data folder back (chown / chmod {target})",
                             detail={"path": where, "blocked_at": str(target), "uid": os.geteuid()})


def free_bytes(where: str | Path) -> int | None:
    """Free bytes for an unprivileged writer on the filesystem holding ``where`` (None if unknown)."""
    try:
        st = os.statvfs(_nearest_existing(Path(where)))
    except OSError:
        return None
    return st.f_bavail * st.f_frsize


def errno_fault(number: int, where: str | Path) -> StorageError | None:
    """The typed fault for the system's error ``number`` on ``where`` (None: no storage fault)."""
    return _from_errno(number, str(where), "")


def _from_errno(number: int, where: str, words: str) -> StorageError | None:
    if number in (errno.ENOSPC, errno.EDQUOT):
        return full(where)
    if number == errno.EROFS:
        return read_only(where)
    if number in (errno.EACCES, errno.EPERM):
        return permission(where)
    if number == errno.ENOTDIR or (number == errno.EEXIST and not _is_dir(where)):
        blocker = _file_in_the_way(Path(where))
        return StoragePathError(f"{where} cannot be a folder or lie in one: {blocker} is a regular file; move it "
                                "away or point the configuration at a folder", code="STORAGE_NOT_A_FOLDER",
                                detail={"path": where, "blocked_at": str(blocker)})
    if number == errno.EISDIR:
        return StoragePathError(f"{where} is a folder where a data file belongs: point the configuration at a "
                                "file, or move the folder away", code="STORAGE_NOT_A_FILE", detail={"path": where})
    return None


def _mounted_read_only(where: str) -> bool:
    try:
        return bool(os.statvfs(_nearest_existing(Path(where))).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _not_writable(where: str) -> StorageError:
    return read_only(where) if _mounted_read_only(where) else permission(where)


def _is_dir(where: str) -> bool:
    try:
        return Path(where).is_dir()
    except OSError:
        return False


def _cannot_open(where: str) -> StorageError | None:
    if _is_dir(where):  # SQLite cannot open a folder as a database
        return _from_errno(errno.EISDIR, where, "")
    if _mounted_read_only(where):
        return read_only(where)
    target = _nearest_existing(Path(where))
    if not os.access(target, os.W_OK | (os.X_OK if target.is_dir() else 0)):
        return permission(where)
    free = free_bytes(where)
    if free is not None and free < _NEARLY_FULL:
        return full(where)
    return None


def _io_error(where: str) -> StorageError | None:
    if _is_dir(where):
        return _from_errno(errno.EISDIR, where, "")
    if _mounted_read_only(where):
        return read_only(where)
    free = free_bytes(where)
    if free is not None and free < _NEARLY_FULL:
        return full(where)
    return None


def _file_in_the_way(path: Path) -> Path:
    """The regular file at or above ``path`` that stops it from being (in) a folder."""
    for candidate in (path.absolute(), *path.absolute().parents):
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    return path


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while True:
        try:
            path.stat()
            return path
        except OSError:
            if path == path.parent:
                return path
            path = path.parent


def _mb(free: int | None) -> str:
    return "unknown" if free is None else f"{free / 1e6:.1f} MB"


def guarded_connection(base: type) -> type:
    """A connection class over ``base`` (the driver's) whose statements raise typed storage faults. The
    file's path is set on the connection (``storage_path``) right after it is made."""

    class GuardedConnection(base):  # type: ignore[misc, valid-type]
        storage_path = ":memory:"

        def execute(self, *args: Any, **kwargs: Any) -> Any:
            with storage_guard(self.storage_path):
                return super().execute(*args, **kwargs)

        def executemany(self, *args: Any, **kwargs: Any) -> Any:
            with storage_guard(self.storage_path):
                return super().executemany(*args, **kwargs)

        def executescript(self, *args: Any, **kwargs: Any) -> Any:
            with storage_guard(self.storage_path):
                return super().executescript(*args, **kwargs)

        def commit(self) -> None:
            with storage_guard(self.storage_path):
                super().commit()

    return GuardedConnection


#: The standard library's connection with typed storage faults (``sqlite3.connect(..., factory=...)``).
GuardedConnection = guarded_connection(sqlite3.Connection)
