"""Issuing: a kiosk signs a certificate for the records it is about to print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kiosk.certify import compact
from kiosk.certify.certificate import Certificate, PrintedContent, RecordContent, content_digest, printed_digest, \
    verification_code
from kiosk.certify.errors import CertificateFieldInvalid, KioskKeyUnusable
from kiosk.certify.fields import FieldError, new_certificate_id, to_utc_second
from kiosk.certify.kiosk_cert import KioskCertificate
from kiosk.certify.payload import check_values, encode_payload, signed_part
from kiosk.certify.pades import can_embed, seal_pdf
from kiosk.crypto.keys import Signer
from kiosk.privacy import mask_id, mask_name


@dataclass(frozen=True)
class ServicePoint:
    code: str  # the archive's six-digit code
    name: str


@dataclass(frozen=True)
class IssueRequest:
    records: Sequence[RecordContent]
    subject: str  # already masked, see mask_subject
    purpose: str


@dataclass(frozen=True)
class IssuedCertificate:
    certificate: Certificate
    payload: str  # the signed payload (format 2: 167 base32 characters)
    verification_code: str  # printed beside the QR
    qr: str = ""  # what the QR holds: the payload, in the gateway's check URL when there is one

    def __post_init__(self) -> None:
        if not self.qr:
            object.__setattr__(self, "qr", self.payload)


def mask_subject(name: str, id_number: str) -> str:
    """The subject as a certificate names it: 欧**英 3301**********2627."""
    return f"{mask_name(name)} {mask_id(id_number)}"


def sign_certificate(*, certificate_id: str, issued_at: datetime, point: ServicePoint, request: IssueRequest,
                     kiosk: KioskCertificate, signer: Signer, check_url: str = "",
                     version: int = compact.VERSION) -> IssuedCertificate:
    """Signs whatever it is given; the policy (is the kiosk key valid now?) is :class:`Issuer`'s.
    ``version`` 1 exists to make the papers of earlier kiosks in tests; kiosks issue format 2."""
    records = tuple(request.records)
    printed = PrintedContent(point.name, records, request.subject, request.purpose)
    digest = (printed_digest(kiosk.algorithm, printed) if version == compact.VERSION
              else content_digest(kiosk.algorithm, records))
    unsigned = Certificate(certificate_id=certificate_id, issued_at=issued_at, point_code=point.code,
                           point_name=point.name, records=tuple(r.reference for r in records),
                           subject=request.subject, purpose=request.purpose, digest=digest, kiosk=kiosk,
                           kiosk_key_id=kiosk.key_id, signature=bytes(64), version=version)
    try:
        check_values(unsigned)
    except FieldError as e:
        raise CertificateFieldInvalid(f"cannot certify: {e}") from None
    cert = replace(unsigned, signature=signer.sign(signed_part(unsigned)))
    payload = encode_payload(cert)
    return IssuedCertificate(cert, payload, verification_code(payload), compact.qr_text(payload, check_url))


class Issuer:
    """One kiosk's certificate issuing, built once from its key, its kiosk certificate and config."""

    def __init__(self, signer: Signer, kiosk: KioskCertificate, point: ServicePoint,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 new_id: Callable[[], str] = new_certificate_id, check_url: str = "",
                 chain: Sequence[bytes] = ()):
        if signer.algorithm != kiosk.algorithm or signer.public_hex != kiosk.public_hex:
            raise KioskKeyUnusable("the kiosk key does not match the public key in the kiosk certificate")
        self._signer, self._kiosk, self._point = signer, kiosk, point
        self._clock, self._new_id = clock, new_id
        self._check_url = check_url
        #: Certificates (DER) from the kiosk certificate's issuer up to the district's root, carried in a
        #: copy's embedded PDF signature; a reader that already trusts the district needs none.
        self._chain = tuple(chain)

    @property
    def kiosk_id(self) -> str:
        return self._kiosk.kiosk_id

    def seal_pdf(self, pdf: bytes) -> bytes:
        """``pdf`` with an embedded PAdES signature where the kiosk's key allows one (:mod:`.pades`); an
        SM2 kiosk's copy is returned as it is, its seal being the signature in the QR."""
        if not (can_embed(self._signer.algorithm) and self._kiosk.is_x509):
            return pdf
        return seal_pdf(pdf, self._signer, self._kiosk.der, self._chain, location=self._point.name)

    def issue(self, request: IssueRequest) -> IssuedCertificate:
        now = to_utc_second(self._clock())
        problem = self._kiosk.validity_problem(now)
        if problem is not None:
            raise KioskKeyUnusable(
                f"the kiosk certificate is valid {self._kiosk.valid_from} to {self._kiosk.valid_until}, "
                f"not at {now.isoformat()}: ask the district for a new one", detail={"reason": problem.value})
        return sign_certificate(certificate_id=self._new_id(), issued_at=now, point=self._point, request=request,
                                kiosk=self._kiosk, signer=self._signer, check_url=self._check_url)
