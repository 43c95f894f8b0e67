"""Verification: is this payload a certificate the district stands behind?

The chain, checked in this order so the reason names the first link that breaks: the payload's form, the
kiosk certificate (in a format 1 payload itself; for format 2 found by key id among the kiosk certificates
the verifier holds), the district that certified the kiosk, the district's signature on the kiosk key, the
kiosk's signature on the certificate, the kiosk key's validity on the day of issue, and the revocation lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kiosk.certify.certificate import Certificate, PrintedContent, RecordContent, content_digest, printed_digest, \
    verification_code
from kiosk.certify.errors import CertificateInvalid, Reason
from kiosk.certify.kiosk_cert import KioskCertificate, check_kiosk_certificate, district_key_ids
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.certify.payload import decode_payload, encode_payload, signed_part
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
            out.update(verification_code=self.verification_code, point_code=c.point_code,
                       kiosk_key_id=c.kiosk_key_id, format=c.version, digest=c.digest.hex())
            if c.version == 1:  # a format 2 QR carries no printed texts: they are checked against the paper
                out.update(point_name=c.point_name, records=list(c.records), subject=c.subject, purpose=c.purpose)
        return out


class CertificateVerifier:
    """Verifies payloads against trusted district keys and revocations.

    Long-lived (a gateway, the kiosk's verify screen): it remembers kiosk certificates it has already
    checked, so the district's signature is verified once per kiosk rather than once per paper.
    """

    def __init__(self, districts: Verifier | Sequence[Verifier], revocations: Revocations | None = None,
                 remember: int = 256, kiosks: KioskCertificates | None = None):
        trusted = [districts] if hasattr(districts, "verify") else list(districts)  # type: ignore[arg-type]
        self._districts = {name: d for d in trusted for name in district_key_ids(d)}
        self._revocations = Revocations() if revocations is None else revocations
        self._kiosk_keys: dict[bytes, Verifier] = {}
        self._remember = remember
        self._kiosks = kiosks or KioskCertificates()

    def verify(self, text: str, revocations: Revocations | None = None) -> VerificationResult:
        """The verdict on ``text``; ``revocations`` replaces the verifier's own for this call (a gateway
        whose lists change while it runs). Never raises for anything wrong with ``text``."""
        cert: Certificate | None = None
        try:
            cert = decode_payload(text)
            cert = self._with_kiosk(cert)
            self._check(cert, self._revocations if revocations is None else revocations)
        except CertificateInvalid as e:
            return VerificationResult(False, e.reason, e.message, cert,
                                      verification_code(encode_payload(cert)) if cert else None)
        return VerificationResult(True, None, GENUINE, cert, verification_code(encode_payload(cert)))

    def _signed_by_any(self, kiosk: KioskCertificate) -> None:
        if not _any_district_signed(kiosk, {id(d): d for d in self._districts.values()}.values()):
            raise CertificateInvalid(Reason.UNKNOWN_DISTRICT, "no trusted district key signed the kiosk certificate")

    def _with_kiosk(self, cert: Certificate) -> Certificate:
        """A format 2 certificate with its kiosk certificate: of those known for its key id, the first the
        district signed that covers the time of issue (a kiosk renewed keeps its key), else the first the
        district signed, else the first (whose check then names what is wrong)."""
        if cert.kiosk is not None:
            return cert
        candidates = self._kiosks.candidates(cert.kiosk_key_id)
        if not candidates:
            raise CertificateInvalid(Reason.UNKNOWN_KIOSK, "the kiosk certificate this paper names is not known "
                                     "here (sync, or hand in the kiosk certificates)",
                                     detail={"kiosk_key_id": cert.kiosk_key_id})

        def signed(kiosk: KioskCertificate) -> bool:
            try:
                self._kiosk_key(kiosk)
            except CertificateInvalid:
                return False
            return True

        good = [k for k in candidates if signed(k)]
        covering = [k for k in good if k.validity_problem(cert.issued_at) is None]
        return replace(cert, kiosk=(covering or good or candidates)[0])

    def _check(self, cert: Certificate, revocations: Revocations) -> None:
        assert cert.kiosk is not None
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
        remembered = (kiosk.der or kiosk.signed_bytes()) + kiosk.signature
        if remembered in self._kiosk_keys:
            return self._kiosk_keys[remembered]
        if kiosk.district_key_id:
            district = self._districts.get(kiosk.district_key_id)
            if district is None:
                raise CertificateInvalid(Reason.UNKNOWN_DISTRICT, "the kiosk was certified by a district key this "
                                         "verifier does not trust", detail={"district_key_id": kiosk.district_key_id})
            check_kiosk_certificate(kiosk, district)
        else:  # an X.509 certificate that does not name its issuer's key: any trusted district may have signed
            self._signed_by_any(kiosk)
        verifier = kiosk.verifier()
        if len(self._kiosk_keys) >= self._remember:
            self._kiosk_keys.pop(next(iter(self._kiosk_keys)))
        self._kiosk_keys[remembered] = verifier
        return verifier


def _any_district_signed(kiosk: KioskCertificate, districts: Iterable[Verifier]) -> bool:
    signed = kiosk.signed_bytes()
    return any(d.verify(signed, kiosk.signature) for d in districts)


def verify_payload(text: str, district: Verifier | Sequence[Verifier], revocations: Revocations | None = None,
                   kiosks: KioskCertificates | None = None) -> VerificationResult:
    """One-off verification (``kiosk verify``); never raises for anything wrong with ``text``."""
    return CertificateVerifier(district, revocations, kiosks=kiosks).verify(text)


def check_content(cert: Certificate, records: Iterable[RecordContent], algorithm: str,
                  printed: PrintedContent | None = None) -> None:
    """Raises CertificateInvalid(DIGEST_MISMATCH) unless ``records`` (and, for format 2, the ``printed``
    texts) are what the certificate certifies (for a district that holds the record and wants to know the
    paper shows it). ``algorithm`` is the kiosk key's, which chose the hash."""
    records = list(records)
    if cert.version == 1:
        digest = content_digest(algorithm, records)
    else:
        if printed is None:
            raise CertificateInvalid(Reason.DIGEST_MISMATCH, "a format 2 certificate covers its printed texts too")
        digest = printed_digest(algorithm, replace(printed, records=tuple(records)))
    if digest[:len(cert.digest)] != cert.digest:
        raise CertificateInvalid(Reason.DIGEST_MISMATCH, "the record content differs from what was certified")
