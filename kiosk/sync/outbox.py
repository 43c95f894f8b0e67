"""The kiosk's outbox: requests, statistics, audit events and health reports waiting for the gateway.

Items are kept in the cache with an idempotency key, so a push that is repeated after a lost answer
is stored only once by the gateway.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from kiosk.archive.cache import ArchiveCache
from kiosk.errors import GatewayUnreachable


class OutboxTransport(Protocol):
    def push_outbox(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]: ...


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Outbox:
    def __init__(self, cache: ArchiveCache, clock: Callable[[], str] = utc_now):
        self.cache = cache
        self.clock = clock

    def enqueue(self, kind: str, payload: Any, key: str | None = None) -> str:
        """Queue an item; the same ``key`` queued twice stays one item. Returns the key."""
        key = key or uuid.uuid4().hex
        with self.cache.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO outbox(key, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                         [key, kind, json.dumps(payload, ensure_ascii=False), self.clock()])
        return key

    def pending(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.cache.conn.execute("SELECT key, kind, payload, attempts, last_error FROM outbox "
                                       "WHERE pushed_at IS NULL ORDER BY created_at, key LIMIT ?", [limit])
        return [{"key": k, "kind": kind, "payload": json.loads(p), "attempts": a, "last_error": e}
                for k, kind, p, a, e in rows]

    def pending_count(self) -> int:
        return self.cache.conn.execute("SELECT COUNT(*) FROM outbox WHERE pushed_at IS NULL").fetchone()[0]

    def item(self, key: str) -> dict[str, Any] | None:
        row = self.cache.conn.execute("SELECT key, kind, payload, attempts, last_error, pushed_at FROM outbox "
                                      "WHERE key = ?", [key]).fetchone()
        if row is None:
            return None
        return {"key": row[0], "kind": row[1], "payload": json.loads(row[2]), "attempts": row[3],
                "last_error": row[4], "pushed_at": row[5]}

    def push(self, gateway: OutboxTransport, limit: int = 100) -> dict[str, int]:
        """Push pending items until none is left or the gateway rejects some; raises GatewayUnreachable.
        Whatever was pushed, even by a push broken off part way, keeps no attachment bytes afterwards; the
        result says how many pushed items had their pictures removed (``photos_forgotten``)."""
        try:
            result = self._push(gateway, limit)
        finally:
            forgotten = self.forget_sent_attachments()
        return {**result, "photos_forgotten": forgotten}

    def forget_sent_attachments(self) -> int:
        """A pushed item keeps its key (it answers "was this sent?") but not the pictures it carried (a proxy
        request's authorisation letter and ID photo): each is replaced by its kind, with SQLite's
        ``secure_delete`` on and the write-ahead log truncated, so no copy stays in free pages or old log
        frames. Returns how many items had pictures removed."""
        rows = self.cache.conn.execute("SELECT key, payload FROM outbox WHERE pushed_at IS NOT NULL "
                                       "AND instr(payload, '\"data_b64\"') > 0").fetchall()
        if not rows:
            return 0
        # Only for this rewrite: zeroing every freed page would slow the sync's own batches for nothing.
        before = self.cache.conn.execute("PRAGMA secure_delete").fetchone()[0]
        self.cache.conn.execute("PRAGMA secure_delete=ON")
        try:
            with self.cache.transaction() as conn:
                conn.executemany("UPDATE outbox SET payload = ? WHERE key = ?",
                                 [(json.dumps(_without_attachment_bytes(json.loads(p)), ensure_ascii=False), k)
                                  for k, p in rows])
        finally:
            self.cache.conn.execute(f"PRAGMA secure_delete={int(before)}")
        # A reader holding the log open makes this a partial checkpoint; the next forget finishes it.
        self.cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return len(rows)

    def _push(self, gateway: OutboxTransport, limit: int) -> dict[str, int]:
        pushed = rejected = 0
        while True:
            items = self.pending(limit)
            if not items:
                break
            wire = [{"key": i["key"], "kind": i["kind"], "payload": i["payload"]} for i in items]
            try:
                results = gateway.push_outbox(wire)
            except GatewayUnreachable as e:
                self._note_attempt([i["key"] for i in items], e.code)
                raise
            ok = [r["key"] for r in results if r.get("status") in ("accepted", "duplicate")]
            bad = [(r["key"], str(r.get("error", "rejected"))) for r in results if r["key"] not in set(ok)]
            now = self.clock()
            with self.cache.transaction() as conn:
                conn.executemany("UPDATE outbox SET pushed_at = ?, attempts = attempts + 1 WHERE key = ?",
                                 [(now, k) for k in ok])
                conn.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE key = ?",
                                 [(err, k) for k, err in bad])
            pushed, rejected = pushed + len(ok), rejected + len(bad)
            if bad or len(items) < limit:
                break  # rejected items wait for the next round instead of looping here
        return {"pushed": pushed, "rejected": rejected, "pending": self.pending_count()}

    def _note_attempt(self, keys: list[str], error: str) -> None:
        with self.cache.transaction() as conn:
            conn.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE key = ?",
                             [(error, k) for k in keys])


def _without_attachment_bytes(payload: Any) -> Any:
    """The payload with each attachment's picture replaced by its kind and type."""
    if not isinstance(payload, dict) or not isinstance(payload.get("attachments"), list):
        return payload
    return {**payload, "attachments": [{"kind": a.get("kind"), "mime": a.get("mime"), "dropped": True}
                                       if isinstance(a, dict) else a for a in payload["attachments"]]}
