"""Verification: is this payload a certificate the district stands behind?

The chain, checked in this order so the reason names the first link that breaks: the payload's form, the
district that certified the kiosk, the district's signature on the kiosk key, the kiosk's signature on the
certificate, the kiosk key's validity on the day of issue, and the revocation lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.certify.certificate import Certificate, RecordContent, content_digest, verification_code
from kiosk.certify.errors import CertificateInvalid, Reason
from kiosk.certify.kiosk_cert import KioskCertificate, check_kiosk_certificate
from kiosk.certify.payload import decode_payload, signed_part
from kiosk.certify.revocation import Revocations
from kiosk.crypto.keys import Verifier, key_id

GENUINE = "the certificate is genuine"


@dataclass(frozen=True)
class VerificationResult:
    valid: bool
    reason: Reason | None
    message: str
    #: What the payload claims. Trust it only when ``valid``; shown otherwise to say what was refused.
    certificate: Certificate | None = None
    verification_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.certificate
        out: dict[str, Any] = {
            "valid": self.valid,
            "certificate_id": c.certificate_id if c else None,
            "issued_at": c.issued_at.isoformat() if c else None,
            "kiosk_id": c.kiosk_id if c else None,
            "reason": self.reason.value if self.reason else None,
            "message": self.message,
        }
        if c is not None:
            out.update(verification_code=self.verification_code, point_code=c.point_code, point_name=c.point_name,
                       records=list(c.records), subject=c.subject, purpose=c.purpose, digest=c.digest.hex())
        return out


class CertificateVerifier:
    """Verifies payloads against trusted district keys and revocations.

    Long-lived (a gateway, the kiosk's verify screen): it remembers kiosk certificates it has already
    checked, so the district's signature is verified once per kiosk rather than once per paper.
    """

    def __init__(self, districts: Verifier | Sequence[Verifier], revocations: Revocations | None = None,
                 remember: int = 256):
        trusted = [districts] if hasattr(districts, "verify") else list(districts)  # type: ignore[arg-type]
        self._districts = {key_id(d.public_hex): d for d in trusted}
        self._revocations = Revocations() if revocations is None else revocations
        self._kiosk_keys: dict[bytes, Verifier] = {}
        self._remember = remember

    def verify(self, text: str, revocations: Revocations | None = None) -> VerificationResult:
        """The verdict on ``text``; ``revocations`` replaces the verifier's own for this call (a gateway
        whose lists change while it runs). Never raises for anything wrong with ``text``."""
        cert: Certificate | None = None
        try:
            cert = decode_payload(text)
            self._check(cert, self._revocations if revocations is None else revocations)
        except CertificateInvalid as e:
            return VerificationResult(False, e.reason, e.message, cert,
                                      verification_code(text) if cert else None)
        return VerificationResult(True, None, GENUINE, cert, verification_code(text))

    def _check(self, cert: Certificate, revocations: Revocations) -> None:
        kiosk_key = self._kiosk_key(cert.kiosk)
        if not kiosk_key.verify(signed_part(cert), cert.signature):
            raise CertificateInvalid(Reason.BAD_SIGNATURE, "the kiosk's signature does not match the certificate")
        problem = cert.kiosk.validity_problem(cert.issued_at)
        if problem is not None:
            raise CertificateInvalid(problem, f"issued {cert.issued_at.isoformat()}, when the kiosk key was valid "
                                     f"only {cert.kiosk.valid_from} to {cert.kiosk.valid_until}")
        entry = revocations.revoking(cert)
        if entry is not None:
            raise CertificateInvalid(Reason.REVOKED, f"the district revoked kiosk {entry.kiosk_id}"
                                     + (f" ({entry.reason})" if entry.reason else ""),
                                     detail={"revoked_at": entry.revoked_at})

    def _kiosk_key(self, kiosk: KioskCertificate) -> Verifier:
        remembered = kiosk.signed_bytes() + kiosk.signature
        if remembered in self._kiosk_keys:
            return self._kiosk_keys[remembered]
        district = self._districts.get(kiosk.district_key_id)
        if district is None:
            raise CertificateInvalid(Reason.UNKNOWN_DISTRICT, "the kiosk was certified by a district key this "
                                     "verifier does not trust", detail={"district_key_id": kiosk.district_key_id})
        check_kiosk_certificate(kiosk, district)
        verifier = kiosk.verifier()
        if len(self._kiosk_keys) >= self._remember:
            self._kiosk_keys.pop(next(iter(self._kiosk_keys)))
        self._kiosk_keys[remembered] = verifier
        return verifier


def verify_payload(text: str, district: Verifier | Sequence[Verifier],
                   revocations: Revocations | None = None) -> VerificationResult:
    """One-off verification (``kiosk verify``); never raises for anything wrong with ``text``."""
    return CertificateVerifier(district, revocations).verify(text)


def check_content(cert: Certificate, records: Iterable[RecordContent]) -> None:
    """Raises CertificateInvalid(DIGEST_MISMATCH) unless ``records`` are what the certificate certifies
    (for a district that holds the record and wants to know the paper shows it)."""
    if content_digest(cert.kiosk.algorithm, list(records)) != cert.digest:
        raise CertificateInvalid(Reason.DIGEST_MISMATCH, "the record content differs from what was certified")
