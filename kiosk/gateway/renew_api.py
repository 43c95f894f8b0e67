"""Renewing a kiosk's TLS certificate over its authenticated link (``POST /tls/renew``).

The kiosk sends a certificate signing request (PEM, a fresh P-256 key of its own); the gateway answers a
certificate for the *caller's* kiosk id (the request's subject is ignored: a kiosk renews itself, never
another), valid for the usual kiosk term, signed by the gateway's kiosk-issuing CA (``kiosk-ca.pem`` in its
credentials folder; the district root stays offline). A revoked kiosk is refused before it gets here.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import APIRouter, Body, HTTPException, Request

from kiosk.gateway.roles import allow
from kiosk.tls import pki
from kiosk.tls.identity import Caller, Role

router = APIRouter(prefix="/tls", tags=["tls"])
MAX_CSR_CHARS = 4000


def install(app: Any, store: Any = None, **context: Any) -> None:
    app.state.kiosk_issuer = context.get("kiosk_issuer")


@router.post("/renew")
def renew(request: Request, csr: str = Body(..., embed=True, max_length=MAX_CSR_CHARS),
          kiosk: Caller = allow(Role.KIOSK)) -> dict[str, Any]:
    issuer = getattr(request.app.state, "kiosk_issuer", None)
    if issuer is None:
        raise HTTPException(503, detail={"code": "TLS_RENEWAL_OFF", "message": "this gateway renews no certificates"})
    try:
        signing_request = x509.load_pem_x509_csr(csr.encode("ascii"))
        ok = signing_request.is_signature_valid
    except (ValueError, UnicodeError):
        ok = False
    public = signing_request.public_key() if ok else None
    if not isinstance(public, ec.EllipticCurvePublicKey) or not isinstance(public.curve, ec.SECP256R1):
        raise HTTPException(422, detail={"code": "TLS_BAD_CSR", "message": "send a signed P-256 certificate request"})
    cert = pki.issue_for_key(issuer, "kiosk", kiosk.name, public, days=pki.KIOSK_DAYS)
    return {"certificate": (pki.pem(cert) + pki.pem(issuer.cert)).decode("ascii"),
            "not_after": cert.not_valid_after_utc.isoformat()}
