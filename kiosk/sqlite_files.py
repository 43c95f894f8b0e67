"""Opening the kiosk's own small SQLite files the same way everywhere.

Autocommit (transactions are explicit), shared across threads behind the owner's lock, WAL so readers do
not wait for the writer, and the folder made on first use.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_wal(path: str | Path, *, schema: str = "", timeout_s: float = 10.0) -> sqlite3.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=timeout_s)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    if schema:
        db.executescript(schema)
    return db
