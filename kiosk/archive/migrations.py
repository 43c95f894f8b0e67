"""Ordered schema migrations for the cache. Append only: a shipped migration is never edited."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

#: A migration is a SQL script (run in one transaction with its bookkeeping row) or, for data changes, a
#: function that uses ``execute`` only (``executescript`` would commit half-way).
Migration = str | Callable[[sqlite3.Connection], None]

_M001_RECORDS = """
    CREATE TABLE records (
        record_id TEXT PRIMARY KEY,
        archive_code TEXT NOT NULL,
        fonds TEXT NOT NULL,
        reference TEXT NOT NULL,
        record_type TEXT NOT NULL,
        year INTEGER NOT NULL,
        title TEXT NOT NULL,
        retention TEXT NOT NULL DEFAULT '',
        office TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        subject_id TEXT,
        names TEXT NOT NULL DEFAULT '[]',
        pages TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL DEFAULT '',
        updated_seq INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX records_subject ON records(subject_id, record_type, year);
    CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL, mime TEXT NOT NULL DEFAULT '');
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_records", _M001_RECORDS),
]


def migrate(db: sqlite3.Connection, migrations: list[tuple[str, Migration]] | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction. Returns the names applied."""
    migrations = MIGRATIONS if migrations is None else migrations
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in db.execute("SELECT name FROM schema_migrations")}
    applied = []
    for name, fn in migrations:
        if name in done:
            continue
        if db.in_transaction:
            db.commit()
        record = f"INSERT INTO schema_migrations VALUES ('{name}', datetime('now'));"
        try:
            if isinstance(fn, str):
                db.executescript(f"BEGIN;\n{fn}\n;{record}\nCOMMIT;")
            else:
                db.execute("BEGIN")
                fn(db)
                db.execute(record)
                db.execute("COMMIT")
        except Exception:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        applied.append(name)
    db.commit()
    return applied
