"""Applying a verified batch to the cache: operations, snapshot sweep and cursor in one transaction."""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import orjson

from kiosk.archive.cache import (ArchiveCache, defer_lookup_indexes, delete_document, delete_records,
                                 restore_lookup_indexes, set_meta, write_document, write_rows)
from kiosk.archive.models import Record
from kiosk.archive.search_index import rebuild_indexes
from kiosk.errors import SyncError, SyncVerificationError
from kiosk.sync.batch import Batch


@dataclass(frozen=True)
class Applied:
    applied: int
    deleted: int


def check_fresh(cache: ArchiveCache, batch: Batch, now_iso: str) -> None:
    """Refuse, before anything is written, a batch older than what the cache already holds: an expired
    batch (SYNC_STALE), a lower epoch, a head below the cursor of the same feed, or one cut before the last
    batch applied (SYNC_ROLLBACK). A higher epoch comes with the district's statement (checked when the
    batch was decoded) and starts over from a snapshot."""
    if batch.expires_at and dt.datetime.fromisoformat(now_iso) >= dt.datetime.fromisoformat(batch.expires_at):
        raise SyncVerificationError("the gateway's batch has expired: a frozen or replayed feed", code="SYNC_STALE",
                                    detail={"expires_at": batch.expires_at})
    epoch = int(cache.meta("epoch", "0") or 0)
    cursor = int(cache.meta("cursor", "0") or 0)
    if batch.epoch < epoch:
        raise _rollback("the feed's epoch is older than the one this kiosk applied", epoch=epoch,
                        batch_epoch=batch.epoch)
    if batch.epoch > epoch:
        if not (batch.snapshot and batch.start == 0):
            raise _rollback("a new feed epoch starts with a snapshot", epoch=epoch, batch_epoch=batch.epoch)
        return
    if batch.feed == (cache.meta("feed", "") or "") and batch.head < cursor:
        raise _rollback("the gateway's head is below what this kiosk already applied", cursor=cursor,
                        head=batch.head)
    last = cache.meta("issued_at", "") or ""
    if last and batch.issued_at and dt.datetime.fromisoformat(batch.issued_at) < dt.datetime.fromisoformat(last):
        raise _rollback("the batch was cut before the last one this kiosk applied", last_issued_at=last,
                        issued_at=batch.issued_at)


def _rollback(message: str, **detail: Any) -> SyncVerificationError:
    return SyncVerificationError(message, code="SYNC_ROLLBACK", detail=detail)


def apply_batch(cache: ArchiveCache, batch: Batch, now_iso: str) -> Applied:
    with cache.transaction() as conn:
        check_fresh(cache, batch, now_iso)
        cursor = int(cache.meta("cursor", "0") or 0)
        feed = cache.meta("feed", "") or ""
        if not batch.snapshot and (batch.start != cursor or batch.feed != feed):
            # A batch for another cursor (a concurrent sync got there first): nothing is applied.
            raise SyncError("batch does not continue the cache's cursor", code="SYNC_CURSOR_MISMATCH",
                            detail={"cursor": cursor, "batch_from": batch.start})
        bulk = _bulk_load(cache, batch, cursor)
        if bulk:
            defer_lookup_indexes(conn)
        elif cache.meta("bulk_load") == "1":
            _finish_bulk_load(conn)  # a bulk load cut short by a new feed: its records get their index now
        puts: dict[str, list[tuple[str, dict, int]]] = defaultdict(list)
        deletes: dict[str, list[str]] = defaultdict(list)
        for op in batch.ops:
            if op["op"] == "put":
                puts[op["kind"]].append((op["key"], op["body"], op["seq"]))
            else:
                deletes[op["kind"]].append(op["key"])
        removed = _sweep(conn, batch, index=not bulk) if batch.snapshot else 0
        applied = write_rows(conn, *_rows(puts.pop("record", [])), index=not bulk)
        removed += delete_records(conn, deletes.pop("record", []), index=not bulk)
        for kind, items in puts.items():
            for key, body, seq in items:
                write_document(conn, kind, key, body, seq)
                applied += 1
        for kind, keys in deletes.items():
            removed += sum(delete_document(conn, kind, key) for key in keys)
        if bulk and batch.complete:
            _finish_bulk_load(conn)
        freshness = {"epoch": str(batch.epoch)}
        if batch.issued_at:
            freshness["issued_at"] = batch.issued_at
        set_meta(conn, {**freshness, "cursor": str(batch.end), "feed": batch.feed, "head": str(batch.head),
                        "snapshot_active": "1" if batch.snapshot and not batch.complete else "0",
                        "bulk_load": "1" if bulk and not batch.complete else "0", "last_sync": now_iso})
    return Applied(applied, removed)


_REQUIRED = ("record_id", "archive_code", "fonds", "reference", "record_type", "year", "title")
_TEXT = ("record_id", "archive_code", "fonds", "reference", "record_type", "title", "retention", "office", "date",
         "body")
_text = operator.itemgetter(*_TEXT)
_STR = {str}
_DEFAULTS = {name: f.default for name, f in Record.__dataclass_fields__.items()
             if name not in _REQUIRED and name not in ("names", "pages", "extra", "updated_seq")}


def _rows(puts: list[tuple[str, dict, int]]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Cache rows (:meth:`Record.to_row` form) straight from a verified batch's record bodies, and the page
    blobs they name. A record the district signed but this kiosk cannot read stops the whole batch."""
    rows: dict[str, dict[str, Any]] = {}
    pages: set[str] = set()
    for key, body, seq in puts:
        try:
            row = {name: body[name] for name in _REQUIRED}
            for name, default in _DEFAULTS.items():
                row[name] = body.get(name, default)
            names, page_list, extra = body.get("names") or [], body.get("pages") or [], body.get("extra") or {}
        except KeyError as e:
            raise _unreadable(key, f"no {e.args[0]}") from None
        if (row["record_id"] != key or not _STR >= set(map(type, _text(row)))
                or type(row["year"]) is not int or not isinstance(row["subject_id"], (str, type(None)))
                or type(names) is not list or type(page_list) is not list or type(extra) is not dict
                or not _STR >= set(map(type, names)) or not _STR >= set(map(type, page_list))):
            raise _unreadable(key, "a field of the wrong type")
        row["names"] = orjson.dumps(names).decode()
        row["pages"] = orjson.dumps(page_list).decode() if page_list else "[]"
        row["extra"] = _encode_extra(extra) if extra else "{}"
        row["updated_seq"] = seq
        rows[key] = row
        pages.update(page_list)
    return rows, pages


def _encode_extra(extra: dict) -> str:
    try:
        return orjson.dumps(extra).decode()
    except TypeError:  # keys that are not strings (json would coerce them, orjson refuses)
        return json.dumps(extra, ensure_ascii=False)


def _unreadable(key: str, why: str) -> SyncVerificationError:
    return SyncVerificationError(f"batch holds a record this kiosk cannot read under {key[:40]!r}: {why}",
                                 code="SYNC_BATCH_MALFORMED")


def _bulk_load(cache: ArchiveCache, batch: Batch, cursor: int) -> bool:
    """A snapshot into an empty cache (the first sync) writes records unindexed and builds the search
    indexes in one pass with its last batch: FTS5 then writes a few large segments instead of merging
    thousands of small ones. Until then the cache has nothing to search anyway."""
    if not batch.snapshot:
        return False
    return cache.meta("bulk_load") == "1" or (cursor == 0 and cache.count() == 0)


def _finish_bulk_load(conn) -> None:
    restore_lookup_indexes(conn)
    rebuild_indexes(conn)


def _sweep(conn, batch: Batch, *, index: bool = True) -> int:
    """A snapshot batch holds every live item of its range: what else the cache has there is gone. Run
    before the batch is written, so the range holds only what was there before (the same stale items, and
    on a first sync none at all to look through)."""
    upper = None if batch.complete else batch.end  # the last batch also clears anything beyond the head
    where, params = "updated_seq > ?", [batch.start]
    if upper is not None:
        where, params = where + " AND updated_seq <= ?", params + [upper]
    records = [("record", rid) for (rid,) in conn.execute(f"SELECT record_id FROM records WHERE {where}", params)]
    docs = conn.execute(f"SELECT kind, key FROM documents WHERE {where}", params).fetchall()
    if not records and not docs:
        return 0  # a first sync's batches, and most later ones: no need to look through the batch
    kept = {(op["kind"], op["key"]) for op in batch.ops if op["op"] == "put"}
    n = delete_records(conn, [rid for kind, rid in records if (kind, rid) not in kept], index=index)
    return n + sum(delete_document(conn, k, key) for k, key in docs if (k, key) not in kept)
