"""Applying a verified batch to the cache: operations, snapshot sweep and cursor in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kiosk.archive.cache import (ArchiveCache, delete_document, delete_records, set_meta, write_document,
                                 write_records)
from kiosk.archive.models import Record
from kiosk.errors import SyncError, SyncVerificationError
from kiosk.sync.batch import Batch


@dataclass(frozen=True)
class Applied:
    applied: int
    deleted: int


def apply_batch(cache: ArchiveCache, batch: Batch, now_iso: str) -> Applied:
    with cache.transaction() as conn:
        cursor = int(cache.meta("cursor", "0") or 0)
        feed = cache.meta("feed", "") or ""
        if not batch.snapshot and (batch.start != cursor or batch.feed != feed):
            # A batch for another cursor (a concurrent sync got there first): nothing is applied.
            raise SyncError("batch does not continue the cache's cursor", code="SYNC_CURSOR_MISMATCH",
                            detail={"cursor": cursor, "batch_from": batch.start})
        puts: dict[str, list[tuple[str, dict, int]]] = defaultdict(list)
        deletes: dict[str, list[str]] = defaultdict(list)
        for op in batch.ops:
            if op["op"] == "put":
                puts[op["kind"]].append((op["key"], op["body"], op["seq"]))
            else:
                deletes[op["kind"]].append(op["key"])
        applied = write_records(conn, _records(puts.pop("record", [])))
        removed = delete_records(conn, deletes.pop("record", []))
        for kind, items in puts.items():
            for key, body, seq in items:
                write_document(conn, kind, key, body, seq)
                applied += 1
        for kind, keys in deletes.items():
            removed += sum(delete_document(conn, kind, key) for key in keys)
        if batch.snapshot:
            removed += _sweep(conn, batch)
        set_meta(conn, {"cursor": str(batch.end), "feed": batch.feed, "head": str(batch.head),
                        "snapshot_active": "1" if batch.snapshot and not batch.complete else "0",
                        "last_sync": now_iso})
    return Applied(applied, removed)


_TEXT_FIELDS = ("record_id", "archive_code", "fonds", "reference", "record_type", "title", "retention", "office",
                "date", "body")


def _records(puts: list[tuple[str, dict, int]]) -> list[Record]:
    """Records of a verified batch; one the district signed but this kiosk cannot read stops the batch."""
    try:
        records = [Record.from_wire(body, seq) for _key, body, seq in puts]
    except (TypeError, ValueError) as e:
        raise SyncVerificationError(f"batch holds a record this kiosk cannot read: {type(e).__name__}",
                                    code="SYNC_BATCH_MALFORMED") from None
    for r, (key, _body, _seq) in zip(records, puts):
        if (r.record_id != key or not all(isinstance(getattr(r, f), str) for f in _TEXT_FIELDS)
                or not isinstance(r.year, int) or not isinstance(r.subject_id, (str, type(None)))
                or not all(isinstance(x, str) for x in r.names + r.pages)):
            raise SyncVerificationError(f"batch holds a malformed record under {key[:40]!r}",
                                        code="SYNC_BATCH_MALFORMED")
    return records


def _sweep(conn, batch: Batch) -> int:
    """A snapshot batch holds every live item of its range: what else the cache has there is gone."""
    upper = None if batch.complete else batch.end  # the last batch also clears anything beyond the head
    kept = {(op["kind"], op["key"]) for op in batch.ops if op["op"] == "put"}
    where, params = "updated_seq > ?", [batch.start]
    if upper is not None:
        where, params = where + " AND updated_seq <= ?", params + [upper]
    stale_records = [rid for (rid,) in conn.execute(f"SELECT record_id FROM records WHERE {where}", params)
                     if ("record", rid) not in kept]
    n = delete_records(conn, stale_records)
    stale_docs = [(k, key) for k, key in conn.execute(f"SELECT kind, key FROM documents WHERE {where}", params)
                  if (k, key) not in kept]
    return n + sum(delete_document(conn, k, key) for k, key in stale_docs)
