"""The certificate a kiosk signs for one certified copy, and the digest of what it certifies."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.certify.fields import crockford
from kiosk.clock import PeopleClock
from kiosk.certify.kiosk_cert import KioskCertificate
from kiosk.crypto.sm3 import sm3

#: Limits that keep the QR small enough to scan from paper, in characters.
MAX_TEXT = 40
MAX_RECORDS = 4
MAX_REFERENCE = 40


@dataclass(frozen=True)
class RecordContent:
    """What a certified copy shows of one record: its reference (档号) and the hashes of its pages."""

    reference: str
    page_sha256: tuple[str, ...]


@dataclass(frozen=True)
class Certificate:
    """A certificate as issued, or as read from a payload.

    Format 1 payloads carry every field; format 2 (compact) payloads carry the id, time, point code, the
    kiosk key id, a truncated digest and the signature: the printed texts (point name, references, subject,
    purpose) are then empty, bound to the signature through the digest, and ``kiosk`` is filled in once the
    verifier has found the kiosk certificate.
    """

    certificate_id: str
    issued_at: datetime  # UTC, whole seconds
    point_code: str  # the archive's six-digit code
    digest: bytes  # of the certified content, see content_digest (16 bytes when read from a format 2 QR)
    signature: bytes  # by the kiosk key
    kiosk_key_id: str
    kiosk: KioskCertificate | None = None
    point_name: str = ""
    records: tuple[str, ...] = ()  # references (档号)
    subject: str = ""  # masked: 张*英 3301**********2628
    purpose: str = ""
    version: int = 2

    @property
    def kiosk_id(self) -> str | None:
        return self.kiosk.kiosk_id if self.kiosk else None


@dataclass(frozen=True)
class PrintedContent:
    """What the paper shows, all of which the content digest of a format 2 certificate covers."""

    point_name: str
    records: tuple[RecordContent, ...]
    subject: str
    purpose: str


def content_digest(algorithm: str, records: Sequence[RecordContent]) -> bytes:
    """Format 1: SM3 (with SM2 keys) or SHA-256 (with Ed25519 keys) over the references and page hashes.

    It covers the archive content, not the PDF bytes: a reprint or another renderer gives the same digest,
    and the district can recompute it from its own copy of the record.
    """
    return _digest(algorithm, ["AKD1"], records)


def printed_digest(algorithm: str, printed: PrintedContent) -> bytes:
    """Format 2: as :func:`content_digest`, and also the point name, subject and purpose printed beside
    the record, which the compact QR no longer carries itself."""
    head = ["AKD2", f"N {printed.point_name}", f"S {printed.subject}", f"U {printed.purpose}"]
    return _digest(algorithm, head, printed.records)


def _digest(algorithm: str, lines: list[str], records: Sequence[RecordContent]) -> bytes:
    for record in records:
        lines.append(f"R {record.reference}")
        lines.extend(f"P {h}" for h in record.page_sha256)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return sm3(data) if algorithm == "sm2" else hashlib.sha256(data).digest()


def verification_code(payload: str) -> str:
    """The short code printed beside the QR (``7KQ2-M9XD-4PZT``), derived from the whole signed payload,
    so a QR cut from another paper and pasted on does not match the code printed on this one."""
    code = crockford(hashlib.sha256(payload.encode("utf-8")).digest(), 12)
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def paper_time(moment: datetime, clock: PeopleClock | None = None) -> str:
    """A certificate's time as the paper prints it and the verify screens repeat it: the service point's
    local time (Asia/Shanghai unless configured otherwise)."""
    return (clock or PeopleClock()).seconds(moment)
