"""The local archive cache (SQLite through sqlite-utils, WAL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from kiosk.archive.migrations import migrate
from kiosk.archive.models import Record
from kiosk.errors import CacheError


class ArchiveCache:
    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False)
            self.db = sqlite_utils.Database(conn)
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode=WAL")
            migrate(conn)
        except sqlite3.DatabaseError as e:
            raise CacheError(f"cannot open archive cache {self.path}: {e}", detail={"path": self.path}) from None

    def close(self) -> None:
        self.db.conn.close()

    def put_records(self, records: Iterable[Record]) -> int:
        rows = [r.to_row() for r in records]
        with self.db.conn:
            self.db["records"].upsert_all(rows, pk="record_id")
        return len(rows)

    def own_records(self, id_number: str) -> list[Record]:
        """Every record linked to this resident's ID number, newest first."""
        rows = self.db.query("SELECT * FROM records WHERE subject_id = ? ORDER BY record_type, year DESC",
                             [id_number])
        return [Record.from_row(r) for r in rows]

    def record(self, record_id: str) -> Record | None:
        rows = list(self.db.query("SELECT * FROM records WHERE record_id = ?", [record_id]))
        return Record.from_row(rows[0]) if rows else None

    def count(self) -> int:
        return self.db["records"].count
