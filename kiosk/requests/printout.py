"""A certificate that came back from the owning district, laid out as the certified copy printed here
(就近出证): the owner's signed pages under this point's header, with the owner's verification code."""

from __future__ import annotations

from typing import Any

from kiosk.archive.types import label
from kiosk.requests.certificate import pages_of, qr_payload
from kiosk.guides.purposes import purpose_label
from kiosk.printing.certified_copy import CertifiedCopy, render_certified_copy


def certified_copy_of(certificate: dict[str, Any], *, point_name: str, kiosk_id: str) -> CertifiedCopy:
    return CertifiedCopy(
        title=certificate["title"] or label(certificate["record_type"]), reference=certificate["reference"],
        archive_code=certificate["issued_by"], record_type=label(certificate["record_type"]),
        year=certificate.get("year", ""), office=certificate.get("office", ""), pages=pages_of(certificate),
        point_name=point_name, kiosk_id=kiosk_id, issued_at=certificate["issued_at"],
        purpose=purpose_label(certificate["purpose"]), masked_subject=certificate["subject_name"],
        verification_code=certificate["verification_code"], qr_payload=qr_payload(certificate))


def certificate_pdf(certificate: dict[str, Any], *, point_name: str, kiosk_id: str) -> bytes:
    return render_certified_copy(certified_copy_of(certificate, point_name=point_name, kiosk_id=kiosk_id))
