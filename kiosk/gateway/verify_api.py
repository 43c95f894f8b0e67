"""Certificate verification over HTTP, for third parties (a bank, an employer) without the kiosk software.

``POST /certificates/verify`` with ``{"qr": "<the QR text>"}`` (or ``GET ...?qr=``) answers the same JSON
as ``kiosk verify --json``, with HTTP 200 whatever the verdict: a refused certificate is an answer, not an
error. Revocation lists and kiosk certificates are the district's documents of kinds ``revocation`` and
``kiosk_certificate`` in the gateway store, read again when they change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from kiosk.gateway.app_parts import installed_part
from kiosk.certify.errors import RevocationListInvalid
from kiosk.certify.kiosk_certs import KIND as KIOSK_CERT_KIND
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.certify.payload import MAX_PAYLOAD_CHARS
from kiosk.certify.revocation import KIND as REVOCATION_KIND
from kiosk.certify.revocation import Revocations
from kiosk.certify.trust import TrustedVerifier
from kiosk.certify.verify import VerificationResult
from kiosk.crypto.keys import Verifier, verifier_for
from kiosk.gateway.roles import allow
from kiosk.tls.identity import Role

# Public: a bank or an employer checks a paper without any certificate of their own.
router = APIRouter(prefix="/certificates", tags=["certificates"], dependencies=[allow(Role.PUBLIC)])
MAX_DOCUMENTS = 10000


class VerifyBody(BaseModel):
    # A little over the longest payload: a pasted QR text may carry stray spaces or a newline.
    qr: str = Field(max_length=MAX_PAYLOAD_CHARS + 16)


class CertificateService:
    """What the router needs: a verifier for the district's keys and the store's revocation lists."""

    def __init__(self, districts: Sequence[Verifier], store: Any = None):
        self._store = store
        self._trusted = TrustedVerifier(districts, self._documents,
                                        KioskCertificates(source=lambda: self._documents(KIOSK_CERT_KIND)))

    def verify(self, text: str) -> dict[str, Any]:
        return self.result(text).to_dict()

    def result(self, text: str) -> VerificationResult:
        return self._trusted.verify(text)

    def revocations(self) -> Revocations:
        return self._trusted.revocations()

    def _documents(self, kind: str = REVOCATION_KIND) -> list[Any]:
        if self._store is None or not hasattr(self._store, "keys"):
            return []
        return [doc for key in self._store.keys(kind, MAX_DOCUMENTS)
                if (doc := self._store.get(kind, key)) is not None]


def install(app: Any, store: Any = None, **context: Any) -> CertificateService:
    """Trusts the gateway's own district key (``signer``) and any ``district_verifiers`` handed in."""
    districts: list[Verifier] = list(context.get("district_verifiers") or [])
    signer = context.get("signer")
    if signer is not None:
        districts.append(verifier_for(signer.algorithm, signer.public_hex))
    service = CertificateService(districts, store)
    app.state.certificates = service
    from kiosk.gateway.check_page import RateLimit

    # Public: anyone may ask, no one may ask without end (per client address, like the check page).
    app.state.verify_limit = RateLimit(per_minute=int(context.get("verify_per_minute", 60)))
    return service


def _service(request: Request) -> CertificateService:
    return installed_part(request, "certificates", "CERT_SERVICE_OFF", "certificate checks not installed")


def _answer(request: Request, text: str) -> dict[str, Any]:
    limit = getattr(request.app.state, "verify_limit", None)
    if limit is not None and not limit.allow(request.client.host if request.client else "?"):
        raise HTTPException(429, detail={"code": "RATE_LIMITED", "message": "too many checks; try again in a minute"})
    try:
        return _service(request).verify(text)
    except RevocationListInvalid as e:
        raise HTTPException(503, detail=e.to_dict()) from None


@router.post("/verify")
def verify_post(request: Request, body: VerifyBody) -> dict[str, Any]:
    return _answer(request, body.qr)


@router.get("/verify")
def verify_get(request: Request, qr: str = Query(max_length=MAX_PAYLOAD_CHARS + 16)) -> dict[str, Any]:
    return _answer(request, qr)
