"""The district gateway's table of cross-region requests, in the gateway's own SQLite file.

One row per request, whichever side this gateway is on:

- ``origin``: filed at one of our kiosks for another district's record; we forward it and wait for the
  result;
- ``owner``: a record we hold; our staff complete or reject it and we send the result back;
- ``local``: both at once (filed here for a record we hold).

``outbound`` names what still has to reach a peer (``forward`` or ``result``); the relay clears it only
once the peer has acknowledged, so a peer that is down delays a request but never loses it, and the
peer's idempotent intake keeps a retry from doubling it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.privacy import mask_id
from kiosk.requests.errors import RequestNotFound, RequestStateError
from kiosk.requests.model import strip_attachments
from kiosk.sqlite_files import open_wal

_SCHEMA = """
CREATE TABLE IF NOT EXISTS federation_requests (
    request_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    origin_archive TEXT NOT NULL,
    owner_archive TEXT NOT NULL,
    status TEXT NOT NULL,
    payload TEXT NOT NULL,
    outbound TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    certificate TEXT,
    handled_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS federation_requests_outbound ON federation_requests (outbound);
"""

OPEN_FOR_STAFF = ("received", "forwarded")


def _utcnow() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class FederationStore:
    def __init__(self, path: str | Path, *, clock: Callable[[], str] = _utcnow):
        self.path = str(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._db = open_wal(self.path, schema=_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- arrivals (idempotent: the same request_id twice is one request) ------------------------------
    def accept(self, wire: dict[str, Any], *, own_archive: str) -> tuple[dict[str, Any], bool]:
        """Store a request arriving from a kiosk or a peer. Returns (row, created)."""
        origin, owner = wire["origin_archive"], wire["owner_archive"]
        if owner == own_archive:
            role, outbound = ("local" if origin == own_archive else "owner"), ""
        else:
            role, outbound = "origin", "forward"
        now = self._clock()
        with self._lock:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO federation_requests (request_id, role, origin_archive, owner_archive, "
                "status, payload, outbound, created_at, updated_at) VALUES (?, ?, ?, ?, 'received', ?, ?, ?, ?)",
                (wire["request_id"], role, origin, owner, json.dumps(wire, ensure_ascii=False), outbound, now, now))
        return self.get(wire["request_id"]), cur.rowcount == 1

    # --- reading ------------------------------------------------------------------------------------
    def get(self, request_id: str, *, with_payload: bool = False) -> dict[str, Any]:
        with self._lock:
            row = self._db.execute("SELECT * FROM federation_requests WHERE request_id = ?",
                                   (request_id,)).fetchone()
        if row is None:
            raise RequestNotFound(f"no request {request_id} at this gateway", detail={"request_id": request_id})
        return _as_dict(row, with_payload)

    def list(self, *, statuses: tuple[str, ...] = (), roles: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM federation_requests WHERE 1=1", []
        if statuses:
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
            args += statuses
        if roles:
            sql += f" AND role IN ({','.join('?' * len(roles))})"
            args += roles
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY created_at", args).fetchall()
        return [_as_dict(r, False) for r in rows]

    def waiting(self, outbound: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM federation_requests WHERE outbound = ? ORDER BY created_at",
                                    (outbound,)).fetchall()
        return [_as_dict(r, True) for r in rows]

    # --- changes ------------------------------------------------------------------------------------
    def forwarded(self, request_id: str) -> None:
        """The owner acknowledged: keep only what we need to answer about it (no photos)."""
        row = self.get(request_id, with_payload=True)
        with self._lock:
            self._db.execute("UPDATE federation_requests SET status = CASE WHEN status = 'received' "
                             "THEN 'forwarded' ELSE status END, outbound = '', payload = ?, updated_at = ? "
                             "WHERE request_id = ? AND outbound = 'forward'",
                             (json.dumps(strip_attachments(row["payload"]), ensure_ascii=False), self._clock(),
                              request_id))

    def refuse_unroutable(self, request_id: str, reason: str) -> None:
        """No way to the owning district: the request ends here, rejected with ``reason`` (which flows back
        to the kiosk), and the photos it carried are dropped at once."""
        row = self.get(request_id, with_payload=True)
        with self._lock:
            self._db.execute("UPDATE federation_requests SET status = 'rejected', reason = ?, outbound = '', "
                             "handled_by = 'gateway', payload = ?, updated_at = ? WHERE request_id = ?",
                             (reason, json.dumps(strip_attachments(row["payload"]), ensure_ascii=False),
                              self._clock(), request_id))

    def decide(self, request_id: str, status: str, *, reason: str = "", certificate: dict[str, Any] | None = None,
               handled_by: str = "") -> dict[str, Any]:
        """Our staff completed or rejected a request we own; the result waits to go back to the origin."""
        row = self.get(request_id)
        if row["role"] == "origin":
            raise RequestStateError(f"request {request_id} is owned by archive {row['owner_archive']}, not here",
                                    detail={"request_id": request_id, "owner_archive": row["owner_archive"]})
        if row["status"] not in OPEN_FOR_STAFF:
            raise RequestStateError(f"request {request_id} is already {row['status']}",
                                    detail={"request_id": request_id, "status": row["status"]})
        outbound = "result" if row["role"] == "owner" else ""
        self._set_result(request_id, status, reason, certificate, outbound, handled_by)
        self._drop_photos(request_id)  # decided: the proxy's letter and ID photo are not needed any more
        return self.get(request_id)

    def _drop_photos(self, request_id: str) -> None:
        payload = self.get(request_id, with_payload=True)["payload"]
        with self._lock:
            self._db.execute("UPDATE federation_requests SET payload = ? WHERE request_id = ?",
                             (json.dumps(strip_attachments(payload), ensure_ascii=False), request_id))

    def result_arrived(self, request_id: str, status: str, *, reason: str = "",
                       certificate: dict[str, Any] | None = None, handled_by: str = "") -> bool:
        """The owner's result reached us (the origin). Returns False when it had already arrived."""
        row = self.get(request_id)
        if row["status"] in ("completed", "rejected"):
            return False
        self._set_result(request_id, status, reason, certificate, "", handled_by)
        return True

    def result_delivered(self, request_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE federation_requests SET outbound = '', updated_at = ? WHERE request_id = ?",
                             (self._clock(), request_id))

    def _set_result(self, request_id: str, status: str, reason: str, certificate: dict[str, Any] | None,
                    outbound: str, handled_by: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE federation_requests SET status = ?, reason = ?, certificate = ?, outbound = ?, "
                "handled_by = ?, updated_at = ? WHERE request_id = ?",
                (status, reason, json.dumps(certificate, ensure_ascii=False) if certificate else None, outbound,
                 handled_by, self._clock(), request_id))


def _as_dict(row: sqlite3.Row, with_payload: bool) -> dict[str, Any]:
    d = dict(row)
    payload = json.loads(d.pop("payload"))
    d["certificate"] = json.loads(d["certificate"]) if d["certificate"] else None
    for k in ("record_type", "purpose", "channel", "agent_id", "relationship", "origin_kiosk"):
        d[k] = payload.get(k)
    d["subject"] = mask_id(payload.get("subject_id", ""))
    if with_payload:
        d["payload"] = payload
    return d
