"""The district archive behind the gateway: a change log of signed-feed items, blobs and outbox intake.

Every item (a record or a document such as a service guide) lives once in ``items`` under (kind, key),
stamped with the sequence number of its last change; a delete leaves a tombstone. The feed is simply the
items after a cursor in sequence order. Writers take the ``last_seq`` counter row first, which serialises
them, so sequence numbers become visible in order and a reader never skips a late commit.

SQLite (embedded default) and PostgreSQL share this code; the subclasses supply connections, DDL and
transactions.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from kiosk.archive.models import Record


STREAM_CHUNK = 500  # rows fetched from the database at a time while a feed batch is written out


@dataclass(frozen=True)
class Change:
    seq: int
    kind: str
    key: str
    deleted: bool
    body_json: str | None  # stored JSON text, passed on to the feed without re-encoding


@dataclass(frozen=True)
class FeedSlice:
    feed_id: str
    head: int
    horizon: int
    changes: list[Change]


class GatewayStore:
    """Shared logic; ``_transaction``, ``_ddl``, ``close`` and ``_ph`` come from a subclass, which keeps a
    bounded pool of connections: a transaction borrows one and gives it back, whatever thread runs it."""

    _ph = "?"
    write_chunk = 5000

    def __init__(self) -> None:
        with self._transaction(write=True) as cur:
            for stmt in self._ddl():
                cur.execute(stmt)
            cur.execute(self._sql("INSERT INTO feed_meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
                        ["feed_id", uuid.uuid4().hex])
            for key in ("last_seq", "horizon"):
                cur.execute(self._sql("INSERT INTO feed_meta(key, value) VALUES (?, '0') ON CONFLICT (key) DO NOTHING"),
                            [key])

    # --- subclass hooks -------------------------------------------------------------------------

    def _transaction(self, write: bool = False) -> Any:
        """A context manager: a cursor in one transaction on a connection borrowed from the pool."""
        raise NotImplementedError

    def _ddl(self) -> list[str]:
        raise NotImplementedError

    def _blob_param(self, data: bytes) -> Any:
        return data

    def _stream(self, cur: Any, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
        """Rows of a query, fetched a chunk at a time rather than all at once."""
        cur.execute(sql, params)
        while rows := cur.fetchmany(STREAM_CHUNK):
            yield from rows

    def close(self) -> None:
        """Close the pool's connections (at shutdown)."""
        raise NotImplementedError

    def release_memory(self) -> None:
        """Hand back what the idle pooled connections cache (the gateway calls it once a burst is over)."""

    # --- plumbing -------------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        return sql if self._ph == "?" else sql.replace("?", self._ph)

    def _meta(self, cur: Any, key: str) -> str | None:
        cur.execute(self._sql("SELECT value FROM feed_meta WHERE key = ?"), [key])
        row = cur.fetchone()
        return row[0] if row else None

    @contextmanager
    def _sequencer(self) -> Iterator[tuple[Any, Any]]:
        """A write transaction with a sequence-number source; the counter is saved on success."""
        with self._transaction(write=True) as cur:
            cur.execute(self._sql("SELECT value FROM feed_meta WHERE key = 'last_seq'" + self._for_update()))
            state = {"seq": int(cur.fetchone()[0])}

            def next_seq() -> int:
                state["seq"] += 1
                return state["seq"]

            yield cur, next_seq
            cur.execute(self._sql("UPDATE feed_meta SET value = ? WHERE key = 'last_seq'"), [str(state["seq"])])

    def _for_update(self) -> str:
        return ""

    # --- writes ---------------------------------------------------------------------------------

    def put_many(self, items: Iterable[tuple[str, str, Any]]) -> int:
        """Put (kind, key, body) items, ``write_chunk`` per transaction. Returns how many."""
        n = 0
        chunk: list[tuple[str, str, Any]] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= self.write_chunk:
                n += self._put_chunk(chunk)
                chunk = []
        return n + (self._put_chunk(chunk) if chunk else 0)

    def _put_chunk(self, chunk: list[tuple[str, str, Any]]) -> int:
        sql = self._sql("INSERT INTO items(kind, key, seq, deleted, body) VALUES (?, ?, ?, 0, ?) "
                        "ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, deleted = 0, body = excluded.body")
        with self._sequencer() as (cur, next_seq):
            cur.executemany(sql, [(kind, key, next_seq(), json.dumps(body, ensure_ascii=False, sort_keys=True))
                                  for kind, key, body in chunk])
        return len(chunk)

    def put_document(self, kind: str, key: str, body: Any) -> None:
        self.put_many([(kind, key, body)])

    def put_records(self, records: Iterable[Record]) -> int:
        return self.put_many(("record", r.record_id, r.to_wire()) for r in records)

    def delete(self, kind: str, keys: Iterable[str]) -> int:
        """Replace live items by tombstones (so kiosks learn of the delete). Returns how many existed."""
        n = 0
        with self._sequencer() as (cur, next_seq):
            for key in keys:
                cur.execute(self._sql("UPDATE items SET seq = ?, deleted = 1, body = NULL "
                                      "WHERE kind = ? AND key = ? AND deleted = 0"), [next_seq(), kind, key])
                n += cur.rowcount
        return n

    def purge_tombstones(self, upto_seq: int) -> int:
        """Forget tombstones up to ``upto_seq``; a kiosk whose cursor is older then needs a fresh snapshot."""
        with self._transaction(write=True) as cur:
            cur.execute(self._sql("DELETE FROM items WHERE deleted = 1 AND seq <= ?"), [upto_seq])
            n = cur.rowcount
            last = int(self._meta(cur, "last_seq") or 0)
            horizon = max(int(self._meta(cur, "horizon") or 0), min(upto_seq, last))
            cur.execute(self._sql("UPDATE feed_meta SET value = ? WHERE key = 'horizon'"), [str(horizon)])
        return n

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction(write=True) as cur:
            cur.execute(self._sql("INSERT INTO feed_meta(key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), [key, value])

    # --- reads ----------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self._transaction() as cur:
            return self._meta(cur, key)

    def changes(self, after: int, limit: int, *, include_deleted: bool = True) -> FeedSlice:
        """Items changed after ``after``, in sequence order, read in one consistent snapshot."""
        with self.changes_streamed(after, limit, include_deleted=include_deleted) as (part, rows):
            return FeedSlice(part.feed_id, part.head, part.horizon, list(rows))

    @contextmanager
    def changes_streamed(self, after: int, limit: int, *,
                         include_deleted: bool = True) -> Iterator[tuple[FeedSlice, Iterator[Change]]]:
        """Like :meth:`changes`, but the rows come from an iterator fetching them a chunk at a time, valid
        inside the ``with`` (one snapshot, one borrowed connection); the slice's ``changes`` is empty."""
        where = "seq > ?" if include_deleted else "seq > ? AND deleted = 0"
        with self._transaction() as cur:
            feed_id, head, horizon = (self._meta(cur, k) for k in ("feed_id", "last_seq", "horizon"))
            part = FeedSlice(str(feed_id), int(head or 0), int(horizon or 0), [])
            if limit <= 0:
                yield part, iter(())
                return
            rows = self._stream(cur, self._sql(f"SELECT seq, kind, key, deleted, body FROM items WHERE {where} "
                                               "ORDER BY seq LIMIT ?"), [after, limit])
            yield part, (Change(int(s), k, key, bool(d), b) for s, k, key, d, b in rows)

    def get(self, kind: str, key: str) -> Any | None:
        with self._transaction() as cur:
            cur.execute(self._sql("SELECT body FROM items WHERE kind = ? AND key = ? AND deleted = 0"), [kind, key])
            row = cur.fetchone()
        return json.loads(row[0]) if row else None

    def count(self, kind: str = "record") -> int:
        with self._transaction() as cur:
            cur.execute(self._sql("SELECT COUNT(*) FROM items WHERE kind = ? AND deleted = 0"), [kind])
            return int(cur.fetchone()[0])

    def keys(self, kind: str, limit: int, offset: int = 0) -> list[str]:
        with self._transaction() as cur:
            cur.execute(self._sql("SELECT key FROM items WHERE kind = ? AND deleted = 0 ORDER BY key LIMIT ? OFFSET ?"),
                        [kind, limit, offset])
            return [r[0] for r in cur.fetchall()]

    # --- blobs ----------------------------------------------------------------------------------

    def put_blob(self, data: bytes, mime: str = "image/png") -> str:
        sha = hashlib.sha256(data).hexdigest()
        with self._transaction(write=True) as cur:
            cur.execute(self._sql("INSERT INTO blobs(sha256, data, mime) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING"),
                        [sha, self._blob_param(data), mime])
        return sha

    def blob(self, sha256: str) -> tuple[bytes, str] | None:
        with self._transaction() as cur:
            cur.execute(self._sql("SELECT data, mime FROM blobs WHERE sha256 = ?"), [sha256])
            row = cur.fetchone()
        return (bytes(row[0]), row[1]) if row else None

    # --- outbox intake --------------------------------------------------------------------------

    def intake_put(self, key: str, kind: str, payload: Any, result: Any = None) -> bool:
        """Store an outbox item once. False when this idempotency key was seen before."""
        with self._transaction(write=True) as cur:
            cur.execute(self._sql("INSERT INTO intake(key, kind, payload, result, received_at) "
                                  "VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (key) DO NOTHING"),
                        [key, kind, json.dumps(payload, ensure_ascii=False), json.dumps(result, ensure_ascii=False)])
            return cur.rowcount == 1

    def intake_get(self, key: str) -> dict[str, Any] | None:
        with self._transaction() as cur:
            cur.execute(self._sql("SELECT key, kind, payload, result, received_at FROM intake WHERE key = ?"), [key])
            row = cur.fetchone()
        if row is None:
            return None
        return {"key": row[0], "kind": row[1], "payload": json.loads(row[2]), "result": json.loads(row[3]),
                "received_at": str(row[4])}

    def intake_items(self, kind: str, limit: int = 1000) -> list[dict[str, Any]]:
        with self._transaction() as cur:
            cur.execute(self._sql("SELECT key FROM intake WHERE kind = ? ORDER BY received_at, key LIMIT ?"),
                        [kind, limit])
            keys = [r[0] for r in cur.fetchall()]
        return [item for k in keys if (item := self.intake_get(k)) is not None]
