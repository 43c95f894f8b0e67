"""A certificate the console issued, made checkable here: its issuing key's certificate is published (the
compact QR names it only by key id; the district's kiosks and this gateway's check learn it from the feed),
and the paper's printed texts go into the district's register, so ``/check`` answers for its code."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from kiosk.certify.kiosk_certs import KIND as KIOSK_CERT_KIND
from kiosk.certify.kiosk_certs import as_document, document_key
from kiosk.gateway.store import GatewayStore
from kiosk.guides.purposes import purpose_label
from kiosk.requests.certificate import issuer_certificate


def register_issued(store: GatewayStore, check: Any, certificate: dict[str, Any]) -> None:
    issuer = issuer_certificate(certificate)
    if issuer is not None and store.get(KIOSK_CERT_KIND, document_key(issuer)) is None:
        store.put_document(KIOSK_CERT_KIND, document_key(issuer), as_document(issuer))
    if check is None:  # a gateway without the public check page has no register to fill
        return
    pages = [base64.b64decode(p) for p in certificate.get("pages_b64", [])]
    check.register({"payload": certificate["payload"], "verification_code": certificate["verification_code"],
                    "point_name": certificate.get("issued_by_name", ""), "subject": certificate.get("subject", ""),
                    "purpose": purpose_label(certificate.get("purpose", "")),
                    "records": [{"reference": certificate["reference"],
                                 "page_sha256": [hashlib.sha256(p).hexdigest() for p in pages]}]})
