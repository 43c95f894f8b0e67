"""The gateway store on one SQLite file (WAL): the embedded default for the demo, tests and a small district."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.gateway.sqlite_pool import SqlitePool
from kiosk.gateway.store import GatewayStore

_DDL = [
    "CREATE TABLE IF NOT EXISTS feed_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS items (kind TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE, "
    "deleted INTEGER NOT NULL DEFAULT 0, body TEXT, PRIMARY KEY (kind, key))",
    "CREATE INDEX IF NOT EXISTS items_live ON items(kind, deleted, key)",
    "CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL, mime TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS intake (key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, "
    "result TEXT, received_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS intake_kind ON intake(kind, received_at)",
]


class SqliteStore(GatewayStore):
    def __init__(self, path: str | Path, *, pool_size: int = 4, fixed_pool: bool = False):
        """``fixed_pool``: open all ``pool_size`` connections at once (a serving gateway), rather than as
        needed (a command that makes a few queries)."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # ":memory:" is one database per connection: a pool of one keeps it a single archive.
        self._pool = SqlitePool(self._new_connection, 1 if self.path == ":memory:" else pool_size)
        super().__init__()
        if fixed_pool and self.path != ":memory:":  # after the tables exist: a first connection made them
            self._pool.close()
            self._pool = SqlitePool(self._new_connection, pool_size, prefill=True)

    def _new_connection(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _ddl(self) -> list[str]:
        return _DDL

    @property
    def pool_size(self) -> int:
        return self._pool.max_size if hasattr(self._pool, "max_size") else self._pool.size

    def release_memory(self) -> None:
        self._pool.shrink()

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[sqlite3.Cursor]:
        with self._pool.connection() as conn:
            cur = conn.cursor()
            # Reads too run in a transaction: the feed's head and rows must come from one snapshot.
            cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield cur
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                cur.close()
            conn.execute("COMMIT")
