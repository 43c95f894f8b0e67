"""Signed messages between district gateways: a request forwarded to its owner, a result sent back.

TLS proves who is on the other end of the connection while it lasts; a seal proves, for as long as the
message is kept, which district sent it. The sending gateway signs the message (canonical JSON, ECDSA
P-256 with SHA-256) with the key of its gateway certificate and attaches that certificate; the receiver
accepts it only if the certificate was issued by the CA it holds for the claimed archive code, names that
code and is within its validity.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.errors import KioskError
from kiosk.tls.identity import issued_by
from kiosk.tls.pki import describe, pem

FORMAT = "AKS1"


class SealBroken(KioskError):
    code = "FEDERATION_BAD_SEAL"
    message_key = "error.federation.seal"


def _canonical(body: Any) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal(body: dict[str, Any], cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    signature = key.sign(_canonical(body), ec.ECDSA(hashes.SHA256()))
    return {"format": FORMAT, "body": body, "sealed_by": pem(cert).decode("ascii"), "signature": signature.hex()}


def unseal(envelope: Any, ca: x509.Certificate | None, archive_code: str,
           now: dt.datetime | None = None) -> dict[str, Any]:
    """The body of a message sealed by the gateway of ``archive_code`` (whose CA is ``ca``)."""
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT or not isinstance(envelope.get("body"), dict):
        raise SealBroken("the message is not sealed by a district gateway")
    if ca is None:
        raise SealBroken(f"no CA is known for archive {archive_code}", detail={"archive_code": archive_code})
    try:
        cert = x509.load_pem_x509_certificate(str(envelope["sealed_by"]).encode("ascii"))
        signature = bytes.fromhex(str(envelope["signature"]))
    except (KeyError, ValueError, UnicodeError):
        raise SealBroken("the message's seal is not readable") from None
    named = describe(cert)
    moment = now or dt.datetime.now(dt.timezone.utc)
    if not issued_by(cert, ca) or named["role"] != "gateway" or named["archive_code"] != archive_code:
        raise SealBroken(f"the message is not sealed by the gateway of archive {archive_code}",
                         detail={"archive_code": archive_code})
    if not cert.not_valid_before_utc <= moment < cert.not_valid_after_utc:
        raise SealBroken("the seal's certificate is outside its validity", detail={"archive_code": archive_code})
    public = cert.public_key()
    try:
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise InvalidSignature
        public.verify(signature, _canonical(envelope["body"]), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise SealBroken("the message does not match its seal", detail={"archive_code": archive_code}) from None
    return envelope["body"]
