"""From an archive record and its page images to a signed certified copy (PDF bytes)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.archive.models import Record
from kiosk.archive.types import label
from kiosk.certify.certificate import RecordContent, paper_time
from kiosk.certify.issue import IssuedCertificate, Issuer, IssueRequest
from kiosk.certify.registry import registration
from kiosk.clock import PeopleClock
from kiosk.printing.certified_copy import CertifiedCopy, render_certified_copy


@dataclass(frozen=True)
class SignedCopy:
    issued: IssuedCertificate
    pdf: bytes
    records: tuple[RecordContent, ...] = ()

    def registration(self) -> dict[str, Any]:
        """The entry for the district's register of issued certificates (outbox kind ``certificate``)."""
        return registration(self.issued, list(self.records))


def record_content(record: Record, pages: Sequence[bytes]) -> RecordContent:
    """The record as the certificate's digest sees it: its reference and the SHA-256 of each page."""
    return RecordContent(record.reference, tuple(hashlib.sha256(p).hexdigest() for p in pages))


def certify_copy(issuer: Issuer, record: Record, pages: Sequence[bytes], subject: str, purpose: str,
                 point_name: str, clock: PeopleClock | None = None) -> SignedCopy:
    """Signs a certificate for ``record`` as shown by ``pages`` (PNG) and lays out the printable copy, with an
    embedded PDF signature where the kiosk's key allows one."""
    content = record_content(record, pages)
    issued = issuer.issue(IssueRequest(records=[content], subject=subject, purpose=purpose))
    cert = issued.certificate
    copy = CertifiedCopy(
        title=record.title, reference=record.reference, archive_code=record.archive_code,
        record_type=label(record.record_type), year=record.year, office=record.office, pages=list(pages),
        point_name=point_name, kiosk_id=cert.kiosk_id,
        issued_at=paper_time(cert.issued_at, clock), purpose=purpose,
        masked_subject=cert.subject, verification_code=issued.verification_code, qr_payload=issued.qr,
        timezone=(clock or PeopleClock()).tz.key)
    return SignedCopy(issued, issuer.seal_pdf(render_certified_copy(copy)), (content,))
