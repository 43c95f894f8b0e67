"""The signed, checksummed batch of the change feed: one format, written by the gateway, read by kiosks.

On the wire a batch is ``header JSON`` + ``\\n`` + ``operations JSON``. The header carries the sha256 of
the operation bytes exactly as sent and is signed by the district key, so a kiosk checks the bytes it
received without re-encoding anything, and no one but the district can make a batch a kiosk accepts.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson

from kiosk.crypto.keys import Signer, Verifier, key_id
from kiosk.errors import SyncVerificationError

FORMAT_VERSION = 1
MEDIA_TYPE = "application/x-kiosk-batch"
MAX_BATCH = 20000  # operations a gateway serves at most per request
DEFAULT_TTL = timedelta(hours=24)  # a batch older than this is not applied (a frozen or replayed feed)


@dataclass(frozen=True)
class Batch:
    feed: str
    start: int  # the batch covers sequence numbers (start, end]
    end: int
    head: int  # the gateway's newest sequence number when the batch was cut
    snapshot: bool  # no tombstones: the kiosk drops what the range does not hold
    ops: list[dict[str, Any]]
    # Freshness, signed with the rest: when the gateway cut the batch, until when it may be applied, and
    # the feed's epoch (raised only by the district root, for a gateway restored from a backup).
    issued_at: str = ""
    expires_at: str = ""
    epoch: int = 0

    @property
    def complete(self) -> bool:
        return self.end >= self.head


def _signing_bytes(header: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in header.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def op_put(kind: str, key: str, seq: int, body_json: str) -> str:
    """One put operation, with the body's stored JSON spliced in as is (no decode and re-encode)."""
    return (f'{{"op":"put","kind":{json.dumps(kind)},"key":{json.dumps(key, ensure_ascii=False)},'
            f'"seq":{seq},"body":{body_json}}}')


def op_delete(kind: str, key: str, seq: int) -> str:
    return f'{{"op":"delete","kind":{json.dumps(kind)},"key":{json.dumps(key, ensure_ascii=False)},"seq":{seq}}}'


def encode(ops_json: list[str], *, feed: str, start: int, end: int, head: int, snapshot: bool,
           signer: Signer, issued_at: datetime | None = None, ttl: timedelta = DEFAULT_TTL,
           epoch_statement: dict[str, Any] | None = None) -> bytes:
    body = ("[" + ",".join(ops_json) + "]").encode()
    return header_line(len(ops_json), hashlib.sha256(body).hexdigest(), feed=feed, start=start, end=end, head=head,
                       snapshot=snapshot, signer=signer, issued_at=issued_at, ttl=ttl,
                       epoch_statement=epoch_statement) + body


def header_line(count: int, checksum: str, *, feed: str, start: int, end: int, head: int, snapshot: bool,
                signer: Signer, issued_at: datetime | None = None, ttl: timedelta = DEFAULT_TTL,
                epoch_statement: dict[str, Any] | None = None) -> bytes:
    """The signed header line of a batch whose operation bytes (``[op,op,...]``) hash to ``checksum``: what
    a gateway writing the operations out a chunk at a time sends ahead of them."""
    issued = (issued_at or datetime.now(timezone.utc)).replace(microsecond=0)
    header = {"v": FORMAT_VERSION, "feed": feed, "from": start, "to": end, "head": head, "snapshot": snapshot,
              "count": count, "checksum": checksum,
              "algorithm": signer.algorithm, "key_id": key_id(signer.public_hex),
              "issued_at": issued.isoformat(), "expires_at": (issued + ttl).isoformat(),
              "epoch": int(epoch_statement["epoch"]) if epoch_statement else 0}
    if epoch_statement:
        header["epoch_statement"] = epoch_statement
    certificate = getattr(signer, "certificate", None)
    if certificate is not None:  # a feed key certified by the district root: the kiosk checks the chain
        header["signer"] = certificate.to_json()
    header["signature"] = signer.sign(_signing_bytes(header)).hex()
    return json.dumps(header, separators=(",", ":")).encode() + b"\n"


def decode(raw: bytes, verifier: Verifier) -> Batch:
    """Check signature, checksum and shape; any failure is a :class:`SyncVerificationError`."""
    head_bytes, sep, body = raw.partition(b"\n")
    if not sep:
        raise SyncVerificationError("batch has no header line", code="SYNC_BATCH_MALFORMED")
    try:
        header = orjson.loads(head_bytes)  # unlike json, a deeply nested line is a ValueError, not a crash
        signature = bytes.fromhex(header["signature"])
    except (ValueError, KeyError, TypeError):
        raise SyncVerificationError("batch header is not readable", code="SYNC_BATCH_MALFORMED") from None
    if header.get("v") != FORMAT_VERSION:
        raise SyncVerificationError(f"batch format {header.get('v')!r} is not supported", code="SYNC_BATCH_VERSION")
    signed_by = feed_key(header, verifier)
    if header.get("algorithm") != signed_by.algorithm or not signed_by.verify(_signing_bytes(header), signature):
        raise SyncVerificationError("batch signature does not verify with the district key",
                                    code="SYNC_BAD_SIGNATURE", detail={"key_id": header.get("key_id")})
    if hashlib.sha256(body).hexdigest() != header.get("checksum"):
        raise SyncVerificationError("batch checksum does not match its contents", code="SYNC_BAD_CHECKSUM")
    try:
        with _collector_paused():
            ops = orjson.loads(body)
        start, end, head = (_int(header[k]) for k in ("from", "to", "head"))
        feed, snapshot = header["feed"], header["snapshot"]
    except (ValueError, KeyError, TypeError):
        raise SyncVerificationError("batch is not readable", code="SYNC_BATCH_MALFORMED") from None
    if not isinstance(feed, str) or not isinstance(snapshot, bool) or not 0 <= start <= end:
        raise SyncVerificationError("batch header is not well formed", code="SYNC_BATCH_MALFORMED")
    issued_at, expires_at, epoch = header.get("issued_at", ""), header.get("expires_at", ""), header.get("epoch", 0)
    try:
        if issued_at or expires_at:
            _moment(issued_at), _moment(expires_at)
        _int(epoch)
    except (ValueError, TypeError):
        raise SyncVerificationError("batch freshness fields are not well formed", code="SYNC_BATCH_MALFORMED") \
            from None
    if epoch:
        from kiosk.sync.epoch import check_statement

        check_statement(header.get("epoch_statement"), epoch, verifier)
    if not isinstance(ops, list) or len(ops) != header.get("count"):
        raise SyncVerificationError("batch operation count does not match", code="SYNC_BATCH_MALFORMED")
    last = start
    for op in ops:
        if not _well_formed(op, last, end):
            raise SyncVerificationError("batch operations are malformed, out of order or out of range",
                                        code="SYNC_BATCH_MALFORMED")
        last = op["seq"]
    return Batch(feed, start, end, head, snapshot, ops, issued_at, expires_at, epoch)


def _moment(text: Any) -> datetime:
    if not isinstance(text, str):
        raise TypeError("not a time")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment


def feed_key(header: dict[str, Any], district: Verifier) -> Verifier:
    """The key that signed this batch: the district key itself, or a feed key the district certified for
    the gateway (``header["signer"]``), checked and within its validity."""
    from kiosk.certify.errors import CertificateInvalid, CertificateMalformed
    from kiosk.certify.kiosk_cert import check_kiosk_certificate, from_json

    raw = header.get("signer")
    if raw is None:
        return district
    try:
        cert = from_json(raw)
        check_kiosk_certificate(cert, district)
    except (CertificateInvalid, CertificateMalformed) as e:
        raise SyncVerificationError(f"the batch's feed key is not certified by the district: {e.message}",
                                    code="SYNC_BAD_SIGNATURE") from None
    if not cert.kiosk_id.startswith("feed-"):
        raise SyncVerificationError("the batch is signed by a key the district did not certify for the feed",
                                    code="SYNC_BAD_SIGNATURE", detail={"signer": cert.kiosk_id})
    if cert.validity_problem(datetime.now(timezone.utc)) is not None:
        raise SyncVerificationError("the batch's feed key is outside its validity", code="SYNC_FEED_KEY_EXPIRED",
                                    detail={"valid_until": cert.valid_until.isoformat()})
    return cert.verifier()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing a batch makes a few objects per operation, none of them in a reference cycle, yet tens of
    thousands of them set off the cyclic collector's full passes over the whole heap again and again (a third
    of the decoding time). It is paused for the parse only."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not an integer")
    return value


def _well_formed(op: Any, last: int, end: int) -> bool:
    if not isinstance(op, dict):
        return False
    seq = op.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not last < seq <= end:
        return False
    if not isinstance(op.get("kind"), str) or not isinstance(op.get("key"), str) or not op["key"]:
        return False
    if op.get("op") == "put":
        return "body" in op and (op["kind"] != "record" or isinstance(op["body"], dict))
    return op.get("op") == "delete"
