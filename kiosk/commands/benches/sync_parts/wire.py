"""Two figures of ``kiosk bench sync`` beside the loopback ones:

- ``sync_vs_bare``: the initial sync against a bare bulk load of the same records, with the same indexes,
  straight into a new cache (no HTTP, no signature, no batches): bare seconds / sync seconds (goal ≥ 0.6);
- ``throttled``: the first batches of the same sync through a link of 10 Mbit/s and 40 ms each way (a proxy
  on loopback, TLS end to end), with the feed zstd-compressed and not: bytes on the wire per record and
  the time, in the same run.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

SYNC_VS_BARE_GOAL = 0.6
THROTTLED_BATCHES = 2


def bare_load_s(store: Any, path: Path) -> tuple[float, int]:
    """Seconds to load every live record of ``store`` into a new cache at ``path``: one transaction, the
    cache's own bulk path (lookup indexes deferred, search indexes rebuilt at the end), the same indexes a
    sync leaves. Reading the records from the store is not timed."""
    from kiosk.archive.cache import ArchiveCache, defer_lookup_indexes, restore_lookup_indexes, write_rows
    from kiosk.storage import StorageKey
    from kiosk.archive.models import Record
    from kiosk.archive.search_index import rebuild_indexes

    records = []
    after = 0
    while True:
        part = store.changes(after, 5000, include_deleted=False)
        if not part.changes:
            break
        records += [Record.from_wire(json.loads(c.body_json), c.seq) for c in part.changes
                    if c.kind == "record" and c.body_json]
        after = part.changes[-1].seq
    cache = ArchiveCache(path, key=StorageKey.generate())  # encrypted, as a kiosk's
    try:
        started = time.perf_counter()
        rows = {r.record_id: r.to_row() for r in records}
        pages = {page for r in records for page in r.pages}
        with cache.transaction() as conn:
            defer_lookup_indexes(conn)
            write_rows(conn, rows, pages, index=False)
            restore_lookup_indexes(conn)
            rebuild_indexes(conn)
        return time.perf_counter() - started, len(records)
    finally:
        cache.close()


def throttled(folder: Path, url: str, verifier: Any, tls: Any, batch_size: int) -> dict[str, Any]:
    from kiosk.archive.cache import ArchiveCache
    from kiosk.commands.benches.sync_parts.throttle import ThrottledLink
    from kiosk.storage import StorageKey
    from kiosk.sync.client import GatewayClient
    from kiosk.sync.syncer import SyncClient

    link = ThrottledLink(int(url.rsplit(":", 1)[1]))
    link.start()
    out: dict[str, Any] = {"mbit_s": 10, "latency_ms": 40, "batches": THROTTLED_BATCHES}
    try:
        for compressed in (False, True):
            name = "zstd" if compressed else "plain"
            cache = ArchiveCache(folder / f"throttled-{name}.sqlite", key=StorageKey.generate())
            gateway = GatewayClient(f"https://127.0.0.1:{link.port}", 120, tls=tls, compressed=compressed)
            client = SyncClient(cache, gateway, verifier, batch_limit=batch_size)
            link.reset_counts()
            try:
                result = client.sync_once(max_batches=THROTTLED_BATCHES)
            finally:
                gateway.close()
                cache.close()
            records = max(1, result.applied)
            out[name] = {"records": result.applied, "seconds": round(result.elapsed_ms / 1000, 2),
                         "wire_bytes": link.down_bytes, "wire_bytes_per_record": round(link.down_bytes / records, 1)}
    finally:
        link.stop()
    out["zstd_vs_plain_bytes"] = round(out["zstd"]["wire_bytes"] / max(1, out["plain"]["wire_bytes"]), 3)
    out["zstd_vs_plain_time"] = round(out["zstd"]["seconds"] / max(0.001, out["plain"]["seconds"]), 3)
    return out
