"""Cutting the change feed into signed batches for a kiosk's cursor."""

from __future__ import annotations

from kiosk.crypto.keys import Signer
from kiosk.gateway.store import GatewayStore
from kiosk.sync.batch import encode, op_delete, op_put


def next_batch(store: GatewayStore, signer: Signer, *, cursor: int, feed: str, snapshot: bool, limit: int) -> bytes:
    """The batch after ``cursor``. A kiosk of another feed, or behind the tombstone horizon, or ahead of
    the head (the archive was rebuilt) is sent a snapshot from the beginning instead."""
    current = store.changes(0, 0)
    behind = 0 < cursor < current.horizon and not snapshot  # a snapshot in progress needs no tombstones
    stale = (feed and feed != current.feed_id) or cursor > current.head or behind
    if stale:
        cursor, snapshot = 0, True
    snapshot = snapshot or cursor == 0
    part = store.changes(cursor, limit, include_deleted=not snapshot)
    end = part.changes[-1].seq if len(part.changes) >= limit else max(part.head, cursor)
    ops = [op_delete(c.kind, c.key, c.seq) if c.deleted else op_put(c.kind, c.key, c.seq, c.body_json or "null")
           for c in part.changes]
    return encode(ops, feed=part.feed_id, start=cursor, end=end, head=part.head, snapshot=snapshot, signer=signer)
