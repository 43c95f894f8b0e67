"""The result of a completed request: a certificate signed by the owning district.

The signed body names the request, the record and the digests of the page images; the pages travel beside
it (``pages_b64``) and are checked against those digests on arrival. Anyone with the owning district's
public key checks the signature; the verification code is the first 12 hex of the signature's digest,
short enough to type.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

from kiosk.crypto.keys import Signer, Verifier, key_id
from kiosk.errors import CertificateError
from kiosk.privacy import mask_id, mask_name

SIGNED_FIELDS = ("certificate_id", "request_id", "issued_by", "issued_at", "record_type", "purpose", "subject",
                 "subject_name", "title", "reference", "year", "office", "pages_sha256", "key_id", "algorithm")


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps({k: body[k] for k in SIGNED_FIELDS}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def issue(request: dict[str, Any], signer: Signer, *, archive_code: str, pages: Sequence[bytes], title: str,
          reference: str, year: str = "", office: str = "", now: dt.datetime | None = None) -> dict[str, Any]:
    issued = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    body: dict[str, Any] = {
        "certificate_id": uuid.uuid4().hex, "request_id": request["request_id"], "issued_by": archive_code,
        "issued_at": issued, "record_type": request["record_type"], "purpose": request["purpose"],
        # The certificate shows the subject masked: whoever checks it holds the paper, not the ID number.
        "subject": mask_id(request["subject_id"]), "subject_name": mask_name(request["subject_name"]),
        "title": title, "reference": reference, "year": str(year), "office": office,
        "pages_sha256": [hashlib.sha256(p).hexdigest() for p in pages],
        "key_id": key_id(signer.public_hex), "algorithm": signer.algorithm,
    }
    signature = signer.sign(_canonical(body))
    body["signature"] = signature.hex()
    body["verification_code"] = hashlib.sha256(signature).hexdigest()[:12].upper()
    body["pages_b64"] = [base64.b64encode(p).decode("ascii") for p in pages]
    return body


def pages_of(certificate: dict[str, Any]) -> list[bytes]:
    """The page images, each checked against the signed digest."""
    pages = [base64.b64decode(p) for p in certificate.get("pages_b64", [])]
    digests = [hashlib.sha256(p).hexdigest() for p in pages]
    if digests != certificate.get("pages_sha256"):
        raise CertificateError("the certificate's pages do not match what was signed",
                               detail={"certificate_id": certificate.get("certificate_id")})
    return pages


def verify(certificate: dict[str, Any], verifier: Verifier) -> bool:
    try:
        data = _canonical(certificate)
        signature = bytes.fromhex(certificate["signature"])
    except (KeyError, ValueError):
        return False
    return verifier.verify(data, signature) and certificate.get("key_id") == key_id(verifier.public_hex)


def qr_payload(certificate: dict[str, Any]) -> str:
    """What the printed QR holds: id, the digest of the signed body and the signature."""
    digest = hashlib.sha256(_canonical(certificate)).hexdigest()
    return f"ARC1:{certificate['issued_by']}:{certificate['certificate_id']}:{digest}:{certificate['signature']}"
