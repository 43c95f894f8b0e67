"""The local archive cache (SQLite, WAL): records, their search indexes, documents, page blobs, meta.

Every write goes through :meth:`ArchiveCache.transaction`, so a sync batch, its index entries and the
cursor are committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.archive.migrations import migrate
from kiosk.archive.models import RECORD_COLUMNS, Record
from kiosk.archive.search_index import INDEX_PARTS, index_rows, part_values as _part_values, unindex_rows
from kiosk.errors import CacheError, StorageKeyInvalid
from kiosk.storage import Connection, DatabaseError, StorageKey, open_db
from kiosk.storage_faults import storage_fault, storage_guard

_CHUNK = 500  # bound on SQL parameters per IN (...) lookup
_PAGE_CACHE_KIB = 64 * 1024
_columns = operator.itemgetter(*RECORD_COLUMNS)
#: Indexes of the records table used only to look records up (a resident's own records), not by writes.
_LOOKUP_INDEXES = ("records_subject",)
_DEFERRED = "deferred_index:"
_indexed = operator.itemgetter("names", "title", "body", "record_type", "year")  # what the search indexes hold


class ArchiveCache:
    def __init__(self, path: str | Path, *, key: StorageKey | None):
        """``key``: the kiosk's storage key. ``None`` (unencrypted) is only for a benchmark's baseline."""
        self.path = str(path)
        #: Handed on to the kiosk's other data files opened beside the cache (book, journal, stats ...).
        self.key = key
        try:
            # Autocommit mode: transactions are opened explicitly, never implicitly by the driver.
            conn = open_db(self.path, key, timeout_s=30)
            conn.row_factory = None  # rows as tuples, as the cache's readers expect
            self.conn = conn
            self.db = sqlite_utils.Database(conn)
            if self.path != ":memory:":
                conn.execute("PRAGMA synchronous=NORMAL")
            # The search indexes of a district's records outgrow SQLite's 2 MB default page cache; a sync
            # batch updating them then rereads the same pages from disk.
            conn.execute(f"PRAGMA cache_size=-{_PAGE_CACHE_KIB}")
            migrate(conn)
        except StorageKeyInvalid:
            raise
        except (DatabaseError, OSError) as e:
            fault = storage_fault(e, self.path)  # full, read-only, not ours, a folder: say which
            if fault is not None:
                raise fault from None
            raise CacheError(f"cannot open archive cache {self.path}: {e}", detail={"path": self.path}) from None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction (taken up front, so a concurrent writer waits instead of failing late).
        A full, read-only or forbidden disk raises its typed storage fault; nothing of the batch stays."""
        with storage_guard(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk does)
                    self.conn.execute("ROLLBACK")
                raise

    # --- records ---------------------------------------------------------------------------------

    def put_records(self, records: Iterable[Record]) -> int:
        with self.transaction() as conn:
            return write_records(conn, records)

    def delete_records(self, record_ids: Iterable[str]) -> int:
        with self.transaction() as conn:
            return delete_records(conn, record_ids)

    def own_records(self, id_number: str) -> list[Record]:
        """Every record linked to this resident's ID number, by type, newest first."""
        rows = self.db.query("SELECT * FROM records WHERE subject_id = ? ORDER BY record_type, year DESC",
                             [id_number])
        return [Record.from_row(r) for r in rows]

    def record(self, record_id: str) -> Record | None:
        rows = list(self.db.query("SELECT * FROM records WHERE record_id = ?", [record_id]))
        return Record.from_row(rows[0]) if rows else None

    def records_by_doc(self, docs: list[int]) -> dict[int, Record]:
        out: dict[int, Record] = {}
        for i in range(0, len(docs), _CHUNK):
            part = docs[i:i + _CHUNK]
            marks = ",".join("?" * len(part))
            for r in self.db.query(f"SELECT * FROM records WHERE doc IN ({marks})", part):
                out[r["doc"]] = Record.from_row(r)
        return out

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    # --- documents (guides, staff, archives, revocations, district keys ...) ------------------------

    def documents(self, kind: str) -> dict[str, Any]:
        """Every document of one kind, by key."""
        rows = self.conn.execute("SELECT key, body FROM documents WHERE kind = ? ORDER BY key", [kind])
        return {k: json.loads(b) for k, b in rows}

    def document(self, kind: str, key: str) -> Any | None:
        row = self.conn.execute("SELECT body FROM documents WHERE kind = ? AND key = ?", [kind, key]).fetchone()
        return json.loads(row[0]) if row else None

    def put_document(self, kind: str, key: str, body: Any, seq: int = 0) -> None:
        with self.transaction() as conn:
            write_document(conn, kind, key, body, seq)

    # --- page blobs ----------------------------------------------------------------------------------

    def blob(self, sha256: str) -> bytes | None:
        """The bytes of a page, checked against their hash; None when not fetched yet."""
        row = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            return None
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha256:
            # A damaged page is dropped and asked for again rather than shown.
            with self.transaction() as conn:
                conn.execute("DELETE FROM blobs WHERE sha256 = ?", [sha256])
                conn.execute("INSERT OR IGNORE INTO blobs_wanted VALUES (?)", [sha256])
            raise CacheError(f"page blob {sha256[:12]} is damaged; it will be fetched again",
                             detail={"sha256": sha256}, code="CACHE_BLOB_DAMAGED")
        return data

    def put_blob(self, data: bytes, mime: str = "image/png", expected_sha256: str | None = None) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if expected_sha256 is not None and sha != expected_sha256:
            raise CacheError(f"blob does not match its hash {expected_sha256[:12]}",
                             detail={"sha256": expected_sha256}, code="CACHE_BLOB_MISMATCH")
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO blobs(sha256, data, mime) VALUES (?, ?, ?)", [sha, data, mime])
            conn.execute("DELETE FROM blobs_wanted WHERE sha256 = ?", [sha])
        return sha

    def wanted_blobs(self, limit: int = 100) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT sha256 FROM blobs_wanted LIMIT ?", [limit])]

    # --- meta (sync cursor, feed id, last sync) --------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, values: dict[str, str]) -> None:
        with self.transaction() as conn:
            set_meta(conn, values)

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- writes inside a transaction (used by the cache and by the sync batch applier) -----------------------


def set_meta(conn: Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", list(values.items()))


def _existing(conn: Connection, record_ids: list[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for i in range(0, len(record_ids), _CHUNK):
        part = record_ids[i:i + _CHUNK]
        marks = ",".join("?" * len(part))
        for doc, rid, *indexed in conn.execute(f"SELECT doc, record_id, names, title, body, record_type, year "
                                               f"FROM records WHERE record_id IN ({marks})", part):
            found[rid] = (doc, *indexed)
    return found


def _by_doc(rows: Iterable[tuple]) -> list[tuple]:
    """Index rows in ascending doc order: FTS5 flushes its pending terms to a new segment whenever a write's
    rowid is not above the previous one, so unsorted writes cost a segment (and its merging) per row."""
    return sorted(rows, key=lambda row: row[0])


def write_records(conn: Connection, records: Iterable[Record]) -> int:
    """Insert or replace records and their index entries; wanted page blobs are noted."""
    records_by_id = {r.record_id: r for r in records}  # the last version of a record wins
    return write_rows(conn, {rid: r.to_row() for rid, r in records_by_id.items()},
                      {sha for r in records_by_id.values() for sha in r.pages})


def write_rows(conn: Connection, rows: dict[str, dict[str, Any]], pages: set[str], *,
               index: bool = True) -> int:
    """:func:`write_records` for rows already in :meth:`Record.to_row` form (a sync batch makes them
    straight from the wire), with the page blobs they name. ``index=False`` is for a bulk load that
    rebuilds the search indexes when it ends."""
    if not rows:
        return 0
    old = _existing(conn, list(rows))
    next_doc = conn.execute("SELECT COALESCE(MAX(doc), 0) + 1 FROM records").fetchone()[0]
    placed = []
    for rid, row in rows.items():
        if rid in old:
            doc = old[rid][0]
        else:
            doc, next_doc = next_doc, next_doc + 1
        placed.append((doc, *_columns(row)))
    if index:
        stale, fresh = _index_changes(old, rows, placed)
        for part in INDEX_PARTS:
            unindex_rows(conn, _by_doc(stale[part]), parts=(part,))
    marks = ",".join("?" * (len(RECORD_COLUMNS) + 1))
    conn.executemany(f"INSERT OR REPLACE INTO records(doc, {', '.join(RECORD_COLUMNS)}) VALUES ({marks})", placed)
    if index:
        for part in INDEX_PARTS:
            index_rows(conn, _by_doc(fresh[part]), parts=(part,))
    if pages:
        conn.executemany("INSERT OR IGNORE INTO blobs_wanted(sha256) SELECT ? WHERE NOT EXISTS "
                         "(SELECT 1 FROM blobs WHERE sha256 = ?)", [(s, s) for s in pages])
    return len(rows)


def defer_lookup_indexes(conn: Connection) -> None:
    """Drop the records table's lookup indexes that writes do not need, for a bulk load: updating them row by
    row rewrites pages all over them in every batch, while building them at the end is one sort each. Their
    definitions are kept in ``meta`` (in the same transaction), so whatever interrupts the load, the next
    :func:`restore_lookup_indexes` builds them as they were. Does nothing when they are already deferred."""
    for name in _LOOKUP_INDEXES:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [name]).fetchone()
        if row is not None:
            set_meta(conn, {f"{_DEFERRED}{name}": row[0]})
            conn.execute(f"DROP INDEX {name}")


def restore_lookup_indexes(conn: Connection) -> None:
    deferred = conn.execute("SELECT key, value FROM meta WHERE key LIKE ?", [f"{_DEFERRED}%"]).fetchall()
    for key, sql in deferred:
        conn.execute(sql)
        conn.execute("DELETE FROM meta WHERE key = ?", [key])


def _index_changes(old: dict[str, tuple], rows: dict[str, dict[str, Any]], placed: list[tuple]
                   ) -> tuple[dict[str, list[tuple]], dict[str, list[tuple]]]:
    """Index rows to remove and to add, per part of the search indexes. A part whose values a record keeps
    (an edit of its date, its pages, a corrected title that leaves its names alone) is left as it is."""
    stale: dict[str, list[tuple]] = {part: [] for part in INDEX_PARTS}
    fresh: dict[str, list[tuple]] = {part: [] for part in INDEX_PARTS}
    for p in placed:
        new = (p[0], *_indexed(rows[p[1]]))
        before = old.get(p[1])
        for part in INDEX_PARTS:
            if before is None or _part_values(part, before) != _part_values(part, new):
                fresh[part].append(new)
                if before is not None:
                    stale[part].append(before)
    return stale, fresh


def delete_records(conn: Connection, record_ids: Iterable[str], *, index: bool = True) -> int:
    old = _existing(conn, list(dict.fromkeys(record_ids)))
    if index:
        unindex_rows(conn, _by_doc(old.values()))
    conn.executemany("DELETE FROM records WHERE doc = ?", [(v[0],) for v in old.values()])
    return len(old)


def write_document(conn: Connection, kind: str, key: str, body: Any, seq: int) -> None:
    conn.execute("INSERT OR REPLACE INTO documents(kind, key, body, updated_seq) VALUES (?, ?, ?, ?)",
                 [kind, key, json.dumps(body, ensure_ascii=False), seq])


def delete_document(conn: Connection, kind: str, key: str) -> int:
    return conn.execute("DELETE FROM documents WHERE kind = ? AND key = ?", [kind, key]).rowcount
