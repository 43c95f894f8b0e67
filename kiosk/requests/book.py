"""The kiosk's own list of requests filed here: masked summaries, status and, once back, the result.

No attachments and no full ID numbers: the subject is found again by a keyed hash (HMAC-SHA256) of their
ID number when they next tap their card ("your request is ready — print it now"). A plain SHA-256 would
not do: ID numbers are few enough (region, birth date, sequence) to be hashed one by one until one
matches. The key lives inside the encrypted book and never leaves the kiosk.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from pathlib import Path
from typing import Any

from kiosk.requests.errors import RequestNotFound
from kiosk.storage import Connection, Row, StorageKey, open_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosk_requests (
    request_id TEXT PRIMARY KEY,
    subject_key TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    certificate TEXT
);
CREATE INDEX IF NOT EXISTS kiosk_requests_subject ON kiosk_requests (subject_key, status);
CREATE TABLE IF NOT EXISTS book_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);
"""


def subject_key(secret: bytes, id_number: str) -> str:
    return hmac.new(secret, id_number.strip().upper().encode("ascii", "replace"), hashlib.sha256).hexdigest()


def _book_secret(db: Connection, path: str | Path) -> bytes:
    """The book's HMAC key, kept inside the encrypted book itself (one row, made on first use).

    A key file left beside the book by an older kiosk is taken in, so residents' requests are found
    again, and then removed: beside the book it opened every subject key to whoever copied the folder.
    """
    legacy = Path(path).with_suffix(".key") if str(path) != ":memory:" else None
    if legacy is not None and legacy.exists():
        db.execute("INSERT OR IGNORE INTO book_secret (id, secret) VALUES (1, ?)", (legacy.read_bytes(),))
        legacy.unlink()
    # INSERT OR IGNORE: books opened at the same moment agree on whichever key was written first.
    db.execute("INSERT OR IGNORE INTO book_secret (id, secret) VALUES (1, ?)", (secrets.token_bytes(32),))
    return bytes(db.execute("SELECT secret FROM book_secret WHERE id = 1").fetchone()[0])


class RequestBook:
    def __init__(self, path: str | Path, *, key: StorageKey):
        self._lock = threading.Lock()
        self._db = open_db(path, key, schema=_SCHEMA)
        self._secret = _book_secret(self._db, path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, request_id: str, id_number: str, summary: dict[str, Any], status: str, now: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO kiosk_requests (request_id, subject_key, summary, status, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (request_id, subject_key(self._secret, id_number), json.dumps(summary, ensure_ascii=False), status,
                              now, now))

    def update(self, request_id: str, status: str, now: str, *, reason: str = "",
               certificate: dict[str, Any] | None = None) -> None:
        with self._lock:
            cur = self._db.execute(
                "UPDATE kiosk_requests SET status = ?, updated_at = ?, reason = ?, "
                "certificate = COALESCE(?, certificate) WHERE request_id = ?",
                (status, now, reason, json.dumps(certificate, ensure_ascii=False) if certificate else None,
                 request_id))
        if cur.rowcount == 0:
            raise RequestNotFound(f"no request {request_id} was filed at this kiosk",
                                  detail={"request_id": request_id})

    def get(self, request_id: str) -> dict[str, Any]:
        with self._lock:
            row = self._db.execute("SELECT * FROM kiosk_requests WHERE request_id = ?", (request_id,)).fetchone()
        if row is None:
            raise RequestNotFound(f"no request {request_id} was filed at this kiosk",
                                  detail={"request_id": request_id})
        return _as_dict(row)

    def with_status(self, *statuses: str) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(statuses))
        with self._lock:
            rows = self._db.execute(f"SELECT * FROM kiosk_requests WHERE status IN ({marks}) ORDER BY created_at",
                                    statuses).fetchall()
        return [_as_dict(r) for r in rows]

    def for_subject(self, id_number: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM kiosk_requests WHERE subject_key = ? ORDER BY created_at",
                                    (subject_key(self._secret, id_number),)).fetchall()
        return [_as_dict(r) for r in rows]


def _as_dict(row: Row) -> dict[str, Any]:
    d = dict(row)
    d.pop("subject_key")
    d["summary"] = json.loads(d["summary"])
    d["certificate"] = json.loads(d["certificate"]) if d["certificate"] else None
    return d
