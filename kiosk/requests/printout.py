"""A certificate that came back from the owning district, laid out as the certified copy printed here
(就近出证): the owner's signed pages under this point's header, with the owner's verification code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.archive.types import label
from kiosk.certify.certificate import paper_time
from kiosk.requests.certificate import pages_of, qr_payload
from kiosk.guides.purposes import purpose_label
from kiosk.printing.certified_copy import CertifiedCopy, render_certified_copy
from kiosk.printing.devices import DocumentPrinter
from kiosk.printing.jobs import JobOutcome, print_document
from kiosk.printing.journal import PrintJournal
from kiosk.requests.errors import RequestStateError
from kiosk.requests.model import Status
from kiosk.requests.service import RequestService


def certified_copy_of(certificate: dict[str, Any], *, point_name: str, kiosk_id: str) -> CertifiedCopy:
    return CertifiedCopy(
        title=certificate["title"] or label(certificate["record_type"]), reference=certificate["reference"],
        archive_code=certificate["issued_by"], record_type=label(certificate["record_type"]),
        year=certificate.get("year", ""), office=certificate.get("office", ""), pages=pages_of(certificate),
        point_name=point_name, kiosk_id=kiosk_id,
        issued_at=paper_time(datetime.fromisoformat(certificate["issued_at"])),
        purpose=purpose_label(certificate["purpose"]), masked_subject=certificate["subject"],
        verification_code=certificate["verification_code"], qr_payload=qr_payload(certificate))


def certificate_pdf(certificate: dict[str, Any], *, point_name: str, kiosk_id: str) -> bytes:
    return render_certified_copy(certified_copy_of(certificate, point_name=point_name, kiosk_id=kiosk_id))


def print_certificate(service: RequestService, request_id: str, journal: PrintJournal, printer: DocumentPrinter, *,
                      point_name: str, kiosk_id: str, actor: str = "resident",
                      timeout_s: float = 60.0) -> JobOutcome:
    """Print a returned certificate once (the journal refuses a second copy of the same certificate) and
    mark the request printed when the paper is out."""
    row = service.book.get(request_id)
    certificate = row.get("certificate")
    if row["status"] != Status.COMPLETED.value or not certificate:
        raise RequestStateError(f"request {request_id} has no certificate to print",
                                detail={"request_id": request_id, "status": row["status"]})
    service.check_certificate(certificate)  # again at the printer: what is printed is what was verified
    pdf = certificate_pdf(certificate, point_name=point_name, kiosk_id=kiosk_id)
    outcome = print_document(journal, printer, pdf, title=f"档案证明 {certificate['verification_code']}",
                             certificate_id=certificate["certificate_id"], timeout_s=timeout_s)
    if outcome.printed:
        service.mark_printed(request_id, actor=actor)
    return outcome
