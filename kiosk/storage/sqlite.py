"""Opening the kiosk's SQLite files: every one encrypted (SQLCipher 4 format), the same way everywhere.

The driver is ``sqlcipher3`` (the standard library's ``sqlite3`` API over SQLCipher, FTS5 included), so
sqlite-utils and the rest of the code keep working over the connection. The key is raw (32 random bytes
given as ``x'..'``): no passphrase derivation on every open, the key is already random.

Connections are autocommit (transactions are explicit), shareable across threads behind the owner's lock,
and in WAL mode so readers do not wait for the writer. Code that catches SQLite errors catches the names
exported here, not the standard library's (they are different classes).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlcipher3 import dbapi2 as _driver

from kiosk.errors import StorageKeyInvalid
from kiosk.storage.key import StorageKey
from kiosk.storage_faults import guarded_connection, storage_guard

Connection = _driver.Connection
Row = _driver.Row
Error = _driver.Error
DatabaseError = _driver.DatabaseError
OperationalError = _driver.OperationalError
IntegrityError = _driver.IntegrityError

#: The first 16 bytes of every unencrypted SQLite file; an encrypted file starts with random salt.
PLAIN_HEADER = b"SQLite format 3\x00"
MEMORY = ":memory:"
_Guarded = guarded_connection(_driver.Connection)


def is_plain_sqlite(path: str | Path) -> bool:
    """True when the file is an unencrypted SQLite database anybody can read."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == PLAIN_HEADER
    except OSError:
        return False


def looks_encrypted(path: str | Path) -> bool:
    """Whether a file that opens under none of our keys could be one encrypted under another: its first page
    is ciphertext, which looks random (nearly every byte value present), unlike text, zeros or a torn page."""
    try:
        with open(path, "rb") as f:
            page = f.read(4096)
    except OSError:
        return False
    return len(page) == 4096 and len(set(page)) >= 200


def open_db(path: str | Path, key: StorageKey | None, *, schema: str = "", readonly: bool = False,
            timeout_s: float = 10.0, wal: bool = True) -> Connection:
    """Open (creating if need be) a SQLite file encrypted with ``key``.

    ``key=None`` is for the district's own stores only (the gateway's disk is not the kiosk's): a kiosk
    file is always opened with its storage key. A file that does not open with the key raises
    :class:`StorageKeyInvalid`; an unencrypted kiosk file left from before encryption is encrypted in
    place on first open.
    """
    name = str(path)
    if name != MEMORY and not readonly:
        Path(name).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if key is not None and name != MEMORY and is_plain_sqlite(name) and not readonly:
        encrypt_plain(name, key)
    db, _ = _open_with(name, key.candidates() if key is not None else [None], readonly=readonly,
                       timeout_s=timeout_s)
    db.row_factory = Row
    if wal and not readonly and name != MEMORY:
        db.execute("PRAGMA journal_mode=WAL")
    if schema:
        db.executescript(schema)
    return db


def _open_with(name: str, candidates: list[bytes | None], *, readonly: bool,
               timeout_s: float) -> tuple[Connection, bytes | None]:
    """The connection and the key that opened it; the current key is tried first, so a rollback journal
    left by a rotation killed mid-file is rolled back under the key it was written with."""
    for raw in candidates:
        db = _connect(name, raw, readonly=readonly, timeout_s=timeout_s)
        if _opens(db):
            return db, raw
        db.close()
    if not looks_encrypted(name):
        # Not a database under any key: damaged (or never one). The caller's own handling of a file that
        # is no database applies (the cache moves it aside and rebuilds), not "wrong key".
        raise DatabaseError("file is not a database")
    raise StorageKeyInvalid(f"{Path(name).name} does not open with this kiosk's storage key (a wrong key, or not "
                            "a kiosk data file)", detail={"path": name})


def _connect(name: str, raw: bytes | None, *, readonly: bool, timeout_s: float) -> Connection:
    # Every statement on the connection raises a typed storage fault (STORAGE_FULL ...) rather than the
    # driver's error (kiosk/storage_faults.py).
    with storage_guard(name):
        if readonly:
            db = _driver.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                                 isolation_level=None, timeout=timeout_s, factory=_Guarded)
        else:
            db = _driver.connect(name, check_same_thread=False, isolation_level=None, timeout=timeout_s,
                                 factory=_Guarded)
    db.storage_path = name
    # A wrong key is reported as STORAGE_KEY_INVALID, not as SQLCipher's own lines on stderr.
    db.execute("PRAGMA cipher_log_level = NONE")
    if raw is not None:
        db.execute(f"PRAGMA key = \"x'{raw.hex()}'\"")
    return db


def _opens(db: Connection) -> bool:
    """The key is right when the schema reads (SQLCipher checks each page's MAC as it decrypts)."""
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DatabaseError:
        return False


def encrypt_plain(path: str | Path, key: StorageKey) -> None:
    """Rewrite an unencrypted SQLite file encrypted with ``key`` (sqlcipher_export into a new file, then an
    atomic rename): a kill at any point leaves either the old file or the new one, never half of each."""
    name = str(path)
    tmp = name + ".encrypting"
    if os.path.exists(tmp):
        os.remove(tmp)  # a previous attempt died before its rename: start again from the intact original
    db = _driver.connect(name, isolation_level=None)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.current.hex()}'\"", (tmp,))
        db.execute("SELECT sqlcipher_export('encrypted')")
        db.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        db.execute("DETACH DATABASE encrypted")
    finally:
        db.close()
    _fsync(tmp)
    os.replace(tmp, name)
    _fsync(os.path.dirname(os.path.abspath(name)))


def rekey(path: str | Path, key: StorageKey, new: bytes) -> bool:
    """Re-encrypt one file in place from ``key`` to ``new``; False when it is under ``new`` already (a
    resumed rotation skips it). SQLCipher rewrites every page in one transaction: a kill leaves the file
    under its old key, rolled back on the next open."""
    db, opened_with = _open_with(str(path), [*key.candidates(), new], readonly=False, timeout_s=30.0)
    try:
        if opened_with == new:
            return False
        # PRAGMA rekey does not run in WAL mode: fold the log in and rekey through a rollback journal.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute(f"PRAGMA rekey = \"x'{new.hex()}'\"")
        db.execute("PRAGMA journal_mode=WAL")
    finally:
        db.close()
    return True


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
