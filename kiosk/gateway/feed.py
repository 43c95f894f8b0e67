"""Cutting the change feed into signed batches for a kiosk's cursor.

A batch is written out a chunk of rows at a time into a spooled buffer (memory up to ``SPOOL_MEMORY``, a
temporary file beyond) while its checksum is computed, then sent as the signed header followed by that
buffer: a request holds a few hundred rows and one buffer, never the batch as rows, strings and bytes at
once, and the database connection goes back to the pool before the kiosk has read a byte.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any

import zstandard
from fastapi.responses import StreamingResponse

from kiosk.crypto.keys import Signer
from kiosk.gateway.store import GatewayStore
from kiosk.sync.batch import DEFAULT_TTL, MEDIA_TYPE, header_line, op_delete, op_put

SPOOL_MEMORY = 1 << 20  # bytes of a batch kept in memory before the spool moves to a temporary file
WRITE_CHUNK = 1 << 16  # characters gathered before they are encoded, hashed and written
READ_CHUNK = 1 << 16
# Level 3: most of what zstd gains on JSON at a small part of the CPU of the higher levels; the gateway
# compresses every batch for every kiosk.
ZSTD_LEVEL = 3
#: A batch ends after this many bytes of operations even when ``limit`` allows more: twenty kiosks asking
#: 20000 operations of large records at once must not hold twenty 11 MB answers (the kiosk asks again
#: from the batch's end, as for any batch cut by ``limit``).
MAX_BATCH_BYTES = 2 * 1024 * 1024


@dataclass
class CutBatch:
    header: bytes  # the signed header line, newline included
    body: IO[bytes]  # the operations, positioned at the start
    body_size: int

    @property
    def size(self) -> int:
        return len(self.header) + self.body_size

    def chunks(self) -> Iterator[bytes]:
        """The batch's bytes in order; the buffer is closed when they are all read (or the reader stops)."""
        try:
            yield self.header
            while block := self.body.read(READ_CHUNK):
                yield block
        finally:
            self.body.close()

    def read_all(self) -> bytes:
        return b"".join(self.chunks())

    def zstd_chunks(self, level: int = ZSTD_LEVEL) -> Iterator[bytes]:
        """The batch's bytes compressed as one zstd frame, a chunk at a time."""
        compressor = zstandard.ZstdCompressor(level=level).compressobj()
        for block in self.chunks():
            if out := compressor.compress(block):
                yield out
        yield compressor.flush()


def accepts_zstd(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows zstd (``zstd`` listed without ``q=0``)."""
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() == "zstd":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def batch_response(batch: CutBatch, accept_encoding: str) -> StreamingResponse:
    """The batch as an HTTP answer, zstd-compressed when the kiosk accepts it. The signature and checksum
    cover the uncompressed bytes, so compression changes nothing a kiosk verifies."""
    if accepts_zstd(accept_encoding):
        return StreamingResponse(batch.zstd_chunks(), media_type=MEDIA_TYPE,
                                 headers={"Content-Encoding": "zstd", "Vary": "Accept-Encoding"})
    return StreamingResponse(batch.chunks(), media_type=MEDIA_TYPE,
                             headers={"Content-Length": str(batch.size), "Vary": "Accept-Encoding"})


def cut_batch(store: GatewayStore, signer: Signer, *, cursor: int, feed: str, snapshot: bool, limit: int,
              epoch: int = 0, epoch_statement: dict[str, Any] | None = None,
              ttl: timedelta = DEFAULT_TTL, max_bytes: int = MAX_BATCH_BYTES) -> CutBatch:
    """The batch after ``cursor``. A kiosk of another feed or an older epoch, or behind the tombstone
    horizon, or ahead of the head (the archive was rebuilt) is sent a snapshot from the beginning instead.
    Every batch carries the time it was cut, its expiry and the feed's epoch (with the district's
    statement for an epoch above 0)."""
    current = store.changes(0, 0)
    behind = 0 < cursor < current.horizon and not snapshot  # a snapshot in progress needs no tombstones
    ours = int(epoch_statement["epoch"]) if epoch_statement else 0
    stale = (feed and feed != current.feed_id) or cursor > current.head or behind or epoch < ours
    if stale:
        cursor, snapshot = 0, True
    snapshot = snapshot or cursor == 0
    body: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, prefix="kiosk-batch-")
    try:
        with store.changes_streamed(cursor, limit, include_deleted=not snapshot) as (part, rows):
            count, last_seq, checksum, size, full = _write_ops(rows, body, limit, max_bytes)
        end = last_seq if count >= limit or full else max(part.head, cursor)
        header = header_line(count, checksum, feed=part.feed_id, start=cursor, end=end, head=part.head,
                             snapshot=snapshot, signer=signer, ttl=ttl, epoch_statement=epoch_statement)
        body.seek(0)
    except BaseException:
        body.close()
        raise
    return CutBatch(header, body, size)


def _write_ops(rows: Iterator, out: IO[bytes], limit: int, max_bytes: int) -> tuple[int, int, str, int, bool]:
    """Write ``[op,op,...]`` to ``out``, at most ``limit`` operations and (after the first) about ``max_bytes``;
    returns (count, last seq, sha256 hex, bytes written, whether the byte cap ended the batch early)."""
    digest = hashlib.sha256()
    size = count = last_seq = 0
    pending: list[str] = ["["]
    pending_chars = 1

    def flush() -> None:
        nonlocal size, pending_chars
        data = "".join(pending).encode()
        digest.update(data)
        out.write(data)
        size += len(data)
        pending.clear()
        pending_chars = 0

    full = False
    for c in rows:
        if count >= limit:
            break
        if count and size + pending_chars >= max_bytes:  # bytes written + characters pending: near enough
            full = True
            break
        op = op_delete(c.kind, c.key, c.seq) if c.deleted else op_put(c.kind, c.key, c.seq, c.body_json or "null")
        if count:
            pending.append(",")
        pending.append(op)
        pending_chars += len(op) + 1
        count, last_seq = count + 1, c.seq
        if pending_chars >= WRITE_CHUNK:
            flush()
    pending.append("]")
    flush()
    return count, last_seq, digest.hexdigest(), size, full


def next_batch(store: GatewayStore, signer: Signer, *, cursor: int, feed: str, snapshot: bool, limit: int,
               **freshness: Any) -> bytes:
    """The whole batch as bytes (for callers that want it in one piece)."""
    return cut_batch(store, signer, cursor=cursor, feed=feed, snapshot=snapshot, limit=limit, **freshness).read_all()
