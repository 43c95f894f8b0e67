"""Append-only audit log in SQLite, each row chained to the previous by SHA-256.

A row's hash covers its own fields and the previous row's hash, so editing, deleting or inserting a row
anywhere breaks the chain from that row on; :meth:`AuditLog.verify` names the first broken row.
Personal data are masked before they are written (``kiosk.privacy.redact``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import AuditError
from kiosk.privacy import redact

GENESIS = "0" * 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""


def row_hash(prev_hash: str, row_id: int, ts: str, kind: str, actor: str, detail: str) -> str:
    material = "\x1f".join([prev_hash, str(row_id), ts, kind, actor, detail]).encode("utf-8")
    return hashlib.sha256(material).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    first_broken: int | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_broken": self.first_broken, "reason": self.reason}


class AuditLog:
    """Thread-safe: device threads and the UI thread both append."""

    def __init__(self, path: str | Path, *, clock: Any = None):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # An audit row must survive a power cut the moment the action it records is reported done.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as e:
            raise AuditError(f"cannot open audit log {self.path}: {e}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def append(self, kind: str, detail: dict[str, Any] | None = None, *, actor: str = "kiosk") -> int:
        body = json.dumps(redact(detail or {}), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        ts = self._clock().isoformat(timespec="milliseconds")
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                last = self._db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
                row_id = (last[0] + 1) if last else 1
                prev = last[1] if last else GENESIS
                h = row_hash(prev, row_id, ts, kind, actor, body)
                self._db.execute("INSERT INTO audit (id, ts, kind, actor, detail, prev_hash, hash) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", (row_id, ts, kind, actor, body, prev, h))
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise AuditError(f"cannot append to audit log: {e}") from None
        return row_id

    def rows(self, kind: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        sql = "SELECT id, ts, kind, actor, detail FROM audit"
        args: tuple[Any, ...] = ()
        if kind:
            sql += " WHERE kind = ?"
            args = (kind,)
        sql += " ORDER BY id DESC LIMIT ?"
        with self._lock:
            cur = self._db.execute(sql, (*args, limit))
            out = [{"id": r[0], "ts": r[1], "kind": r[2], "actor": r[3], "detail": json.loads(r[4])}
                   for r in cur.fetchall()]
        return out[::-1]

    def verify(self) -> ChainReport:
        return verify_chain(self.path)


def verify_chain(path: str | Path) -> ChainReport:
    """Walk the chain from the first row. Opens read-only so a verifier can never repair by accident."""
    p = Path(path)
    if not p.exists():
        raise AuditError(f"no audit log at {p}", detail={"path": str(p)})
    try:
        db = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        rows = db.execute("SELECT id, ts, kind, actor, detail, prev_hash, hash FROM audit ORDER BY id").fetchall()
        db.close()
    except sqlite3.DatabaseError as e:
        raise AuditError(f"cannot read audit log {p}: {e}", detail={"path": str(p)}) from None
    prev = GENESIS
    expected_id = 1
    for row_id, ts, kind, actor, detail, prev_hash, h in rows:
        if row_id != expected_id:
            return ChainReport(False, len(rows), expected_id, f"row {expected_id} is missing")
        if prev_hash != prev:
            return ChainReport(False, len(rows), row_id, "previous-hash link does not match")
        if row_hash(prev_hash, row_id, ts, kind, actor, detail) != h:
            return ChainReport(False, len(rows), row_id, "row content does not match its hash")
        prev = h
        expected_id += 1
    return ChainReport(True, len(rows))
