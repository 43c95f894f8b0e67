"""Append-only audit log in SQLite, each row chained to the previous by a keyed hash.

A row's hash covers its own fields and the previous row's hash, so editing, deleting or inserting a row
anywhere breaks the chain from that row on; :meth:`AuditLog.verify` names the first broken row. The hash is
an HMAC-SHA256 under the kiosk's chain key (``hmac-sha256:...``), which the district derives too
(:func:`chain_key_for`): someone who edits the file cannot make a matching hash, and the district checks
the rows each kiosk pushes (:mod:`kiosk.audit_push`) without trusting the kiosk. A kiosk without its
district's pepper chains by plain SHA-256, as older logs did; both kinds verify.
Personal data are masked before they are written (``kiosk.privacy.redact``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import AuditError, StorageKeyInvalid
from kiosk.privacy import redact
from kiosk.storage import DatabaseError, StorageKey, open_db

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


KEYED = "hmac-sha256:"


def chain_key_for(pepper_raw: bytes, kiosk_id: str) -> bytes:
    """A kiosk's audit chain key: the district derives it from its pepper and the kiosk's id."""
    return hmac.new(pepper_raw, f"audit-chain\x1f{kiosk_id}".encode("utf-8"), hashlib.sha256).digest()


def row_hash(prev_hash: str, row_id: int, ts: str, kind: str, actor: str, detail: str,
             chain_key: bytes | None = None) -> str:
    material = "\x1f".join([prev_hash, str(row_id), ts, kind, actor, detail]).encode("utf-8")
    if chain_key is None:
        return hashlib.sha256(material).hexdigest()
    return KEYED + hmac.new(chain_key, material, hashlib.sha256).hexdigest()


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

    def __init__(self, path: str | Path, *, key: StorageKey | None, clock: Any = None,
                 chain_key: bytes | None = None):
        """``key`` is the kiosk's storage key; ``None`` only for the district gateway's own log.
        ``chain_key``: the kiosk's audit chain key (:func:`chain_key_for`); rows are then HMAC-chained."""
        self.path = str(path)
        self._key = key
        self._chain_key = chain_key
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._lock = threading.Lock()
        try:
            self._db = open_db(self.path, key)
            self._db.row_factory = None
            # An audit row must survive a power cut the moment the action it records is reported done.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except StorageKeyInvalid:
            raise
        except DatabaseError as e:
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
                h = row_hash(prev, row_id, ts, kind, actor, body, self._chain_key)
                self._db.execute("INSERT INTO audit (id, ts, kind, actor, detail, prev_hash, hash) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", (row_id, ts, kind, actor, body, prev, h))
                self._db.execute("COMMIT")
            except DatabaseError as e:
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
        return verify_chain(self.path, self._key, self._chain_key)

    def chain_rows(self, after_id: int = 0, limit: int = 500) -> list[dict[str, Any]]:
        """Rows as they are chained (detail as stored), for the gateway to check."""
        with self._lock:
            rows = self._db.execute("SELECT id, ts, kind, actor, detail, prev_hash, hash FROM audit WHERE id > ? "
                                    "ORDER BY id LIMIT ?", (after_id, limit)).fetchall()
        return [dict(zip(CHAIN_FIELDS, r, strict=True)) for r in rows]


CHAIN_FIELDS = ("id", "ts", "kind", "actor", "detail", "prev_hash", "hash")


def check_rows(rows: list[tuple[Any, ...]], chain_key: bytes | None, *, prev: str = GENESIS,
               first_id: int = 1) -> ChainReport:
    """Walk chained rows ``(id, ts, kind, actor, detail, prev_hash, hash)`` from ``prev``."""
    expected_id = first_id
    links_only = False
    for row_id, ts, kind, actor, detail, prev_hash, h in rows:
        if row_id != expected_id:
            return ChainReport(False, len(rows), expected_id, f"row {expected_id} is missing")
        if prev_hash != prev:
            return ChainReport(False, len(rows), row_id, "previous-hash link does not match")
        if str(h).startswith(KEYED) and chain_key is None:
            links_only = True  # without the key only the links can be followed; the district checks the rest
        else:
            keyed = chain_key if str(h).startswith(KEYED) else None
            if not hmac.compare_digest(row_hash(prev_hash, row_id, ts, kind, actor, detail, keyed), str(h)):
                return ChainReport(False, len(rows), row_id, "row content does not match its hash")
        prev = h
        expected_id += 1
    return ChainReport(True, len(rows), reason="links checked; keyed rows need the chain key" if links_only else "")


def verify_chain(path: str | Path, key: StorageKey | None, chain_key: bytes | None = None) -> ChainReport:
    """Walk the chain from the first row. Opens read-only so a verifier can never repair by accident."""
    p = Path(path)
    if not p.exists():
        raise AuditError(f"no audit log at {p}", detail={"path": str(p)})
    try:
        db = open_db(p, key, readonly=True)
        db.row_factory = None
        rows = db.execute("SELECT id, ts, kind, actor, detail, prev_hash, hash FROM audit ORDER BY id").fetchall()
        db.close()
    except StorageKeyInvalid:
        raise
    except DatabaseError as e:
        raise AuditError(f"cannot read audit log {p}: {e}", detail={"path": str(p)}) from None
    return check_rows(rows, chain_key)
