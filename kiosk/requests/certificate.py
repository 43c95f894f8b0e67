"""The result of a completed request: a certificate the owning district stands behind.

Issued with :mod:`kiosk.certify`, so the paper printed at the requesting point is checked like any other
certified copy (``kiosk verify``, or any kiosk's camera) against the owning district's public key. The
owning gateway issues as a "kiosk" of its own district: a fresh issuing key, certified by the district key
for the day of issue, signs the certificate — the district's root key never signs residents' papers
itself, and no long-lived issuing key sits on the gateway.

The page images travel beside the certificate (``pages_b64``) and are checked against its digest on
arrival; so does the issuing key's kiosk certificate (``issuer_certificate``), which the compact QR names
only by its key id.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from kiosk.certify.certificate import PrintedContent, RecordContent
from kiosk.certify.errors import CertificateInvalid
from kiosk.certify.issue import IssueRequest, Issuer, ServicePoint, mask_subject
from kiosk.certify.kiosk_cert import KioskCertificate, issue_kiosk_certificate, kiosk_certificate_from_json
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.certify.payload import decode_payload
from kiosk.certify.verify import check_content, verify_payload
from kiosk.crypto.keys import Signer, Verifier, generate
from kiosk.errors import CertificateError, ConfigError
from kiosk.guides.purposes import purpose_label


def issuer_id(archive_code: str) -> str:
    return f"gw-{archive_code}"


def issue(request: dict[str, Any], district: Signer, *, archive_code: str, archive_name: str,
          pages: Sequence[bytes], title: str, reference: str, year: str = "", office: str = "",
          now: dt.datetime | None = None) -> dict[str, Any]:
    moment = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    certified = getattr(district, "certificate", None)
    if certified is not None:
        # A gateway's signing key, certified by the district root (``kiosk keys issue-gateway``): it signs
        # the certificate itself, as a kiosk's key does, and the root key stays offline.
        key, issuing = getattr(district, "signer", district), certified
    else:
        key = generate(district.algorithm)  # type: ignore[arg-type]
        today = moment.date()
        issuing = issue_kiosk_certificate(district, issuer_id(archive_code), key, today,
                                          today + dt.timedelta(days=1))
    issuer = Issuer(key, issuing, ServicePoint(archive_code, archive_name), clock=lambda: moment)
    content = RecordContent(reference, tuple(hashlib.sha256(p).hexdigest() for p in pages))
    issued = issuer.issue(IssueRequest(records=[content],
                                       subject=mask_subject(request["subject_name"], request["subject_id"]),
                                       purpose=purpose_label(request["purpose"])))
    cert = issued.certificate
    return {"certificate_id": cert.certificate_id, "request_id": request["request_id"], "issued_by": archive_code,
            "issued_by_name": archive_name, "issued_at": moment.isoformat(), "record_type": request["record_type"],
            "purpose": request["purpose"], "subject": cert.subject, "title": title, "reference": reference,
            "year": str(year), "office": office, "payload": issued.payload,
            "verification_code": issued.verification_code, "issuer_certificate": issuing.to_json(),
            "pages_b64": [base64.b64encode(p).decode("ascii") for p in pages]}


def issuer_certificate(certificate: dict[str, Any]) -> KioskCertificate | None:
    try:
        return kiosk_certificate_from_json(certificate.get("issuer_certificate"))
    except ConfigError:
        return None


def pages_of(certificate: dict[str, Any]) -> list[bytes]:
    """The page images, each checked against what the certificate certifies."""
    pages = [base64.b64decode(p) for p in certificate.get("pages_b64", [])]
    try:
        cert = decode_payload(certificate["payload"])
        issuer = cert.kiosk or issuer_certificate(certificate)
        if issuer is None:
            raise KeyError("issuer_certificate")
        content = RecordContent(certificate["reference"], tuple(hashlib.sha256(p).hexdigest() for p in pages))
        printed = PrintedContent(certificate.get("issued_by_name", ""), (content,), certificate.get("subject", ""),
                                 purpose_label(certificate.get("purpose", "")))
        check_content(cert, [content], issuer.algorithm, printed)
    except (CertificateInvalid, KeyError):
        raise CertificateError("the certificate's pages do not match what was certified",
                               detail={"certificate_id": certificate.get("certificate_id")}) from None
    return pages


def verify(certificate: dict[str, Any], districts: Verifier | Sequence[Verifier]) -> bool:
    """Is this the certificate a trusted district issued, with the pages it certified?"""
    issuer = issuer_certificate(certificate)
    kiosks = KioskCertificates([issuer] if issuer else [])
    if not verify_payload(certificate.get("payload", ""), districts, kiosks=kiosks).valid:
        return False
    try:
        pages_of(certificate)
    except CertificateError:
        return False
    return True


def qr_payload(certificate: dict[str, Any]) -> str:
    return certificate["payload"]
