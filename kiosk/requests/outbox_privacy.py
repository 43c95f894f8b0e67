"""Forgetting the photographs in requests the outbox has already pushed.

The outbox keeps a pushed item (its key answers "was this sent?"), but a proxy request's authorisation
letter and ID photo must not stay on the kiosk once the gateway has them. This replaces each pushed
request's payload by the same payload without the picture bytes, with SQLite's ``secure_delete`` on (the
freed pages are overwritten, not just unlinked) and a checkpoint that truncates the write-ahead log, so
the pictures are not left in free pages or old log frames either.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from kiosk.requests.model import strip_attachments
from kiosk.requests.service import OUTBOX_KIND


class CacheWithOutbox(Protocol):
    conn: Any

    def transaction(self) -> Any: ...


def forget_sent_photos(cache: CacheWithOutbox) -> int:
    """Returns how many pushed requests had their photos removed."""
    rows = cache.conn.execute("SELECT key, payload FROM outbox WHERE kind = ? AND pushed_at IS NOT NULL "
                              "AND instr(payload, '\"data_b64\"') > 0", [OUTBOX_KIND]).fetchall()
    if not rows:
        return 0
    # Only for this rewrite: zeroing every freed page would slow the sync's own batches for nothing.
    before = cache.conn.execute("PRAGMA secure_delete").fetchone()[0]
    cache.conn.execute("PRAGMA secure_delete=ON")
    try:
        with cache.transaction() as conn:
            conn.executemany("UPDATE outbox SET payload = ? WHERE key = ?",
                             [(json.dumps(strip_attachments(json.loads(p)), ensure_ascii=False), k) for k, p in rows])
    finally:
        cache.conn.execute(f"PRAGMA secure_delete={int(before)}")
    # A reader holding the log open makes this a partial checkpoint; the next forget finishes it.
    cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return len(rows)
