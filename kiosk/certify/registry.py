"""The district's register of issued certificates: what each paper prints, found by its verification code.

A compact QR carries no names or references, and a code typed from the paper carries nothing at all: the
gateway's public check finds both through this register. A kiosk pushes one entry per certificate it
prints (outbox kind ``certificate``); the gateway keeps it only if the payload is one the district stands
behind and the printed texts are the ones its digest covers, so the check page shows what the paper
shows, taken from the district's own record of it, never from what a visitor sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.certify.certificate import PrintedContent, RecordContent
from kiosk.certify.errors import CertificateInvalid
from kiosk.certify.issue import IssuedCertificate
from kiosk.certify.verify import VerificationResult, check_content

KIND = "issued_certificate"
OUTBOX_KIND = "certificate"


def code_key(code: str) -> str:
    """A verification code as typed: case, spaces and dashes do not matter, Crockford's look-alikes are
    folded (O→0, I/L→1)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def registration(issued: IssuedCertificate, records: list[RecordContent]) -> dict[str, Any]:
    """The entry a kiosk pushes after printing ``issued``."""
    cert = issued.certificate
    return {"payload": issued.payload, "verification_code": issued.verification_code,
            "point_name": cert.point_name, "subject": cert.subject, "purpose": cert.purpose,
            "records": [{"reference": r.reference, "page_sha256": list(r.page_sha256)} for r in records]}


@dataclass(frozen=True)
class Printed:
    """What the paper prints, as the check page repeats it."""

    point_name: str
    references: tuple[str, ...]
    subject: str
    purpose: str


def printed_of(entry: Any, result: VerificationResult) -> Printed | None:
    """The printed texts of a register entry, if they are what the verified certificate covers."""
    cert = result.certificate
    if cert is None or cert.kiosk is None:
        return None
    if cert.version == 1:  # the payload itself carried and signed them
        return Printed(cert.point_name, cert.records, cert.subject, cert.purpose)
    if not isinstance(entry, dict):
        return None
    try:
        records = tuple(RecordContent(str(r["reference"]), tuple(str(h) for h in r["page_sha256"]))
                        for r in entry["records"])
        content = PrintedContent(str(entry["point_name"]), records, str(entry["subject"]), str(entry["purpose"]))
        check_content(cert, records, cert.kiosk.algorithm, content)
    except (KeyError, TypeError, CertificateInvalid):
        return None
    return Printed(content.point_name, tuple(r.reference for r in records), content.subject, content.purpose)
