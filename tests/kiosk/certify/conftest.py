"""Key chains for both algorithms, built once: a district, a kiosk it certified, and issuing helpers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from kiosk.certify.certificate import RecordContent
from kiosk.certify.issue import IssuedCertificate, Issuer, IssueRequest, ServicePoint, sign_certificate
from kiosk.certify.kiosk_cert import KioskCertificate, issue_kiosk_certificate
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.crypto.keys import Signer, generate

ISSUED_AT = datetime(2026, 11, 25, 9, 30, 12, tzinfo=UTC)
POINT = ServicePoint("330106", "西湖区文新街道社区档案便民服务点")
REQUEST = IssueRequest([RecordContent("330106-J001-2012-SO-0001", (hashlib.sha256(b"page 1").hexdigest(),))],
                       "欧**英 3301**********2627", "办理退休手续")


@dataclass(frozen=True)
class Chain:
    algorithm: str
    district: Signer
    kiosk_key: Signer
    kiosk: KioskCertificate

    def issuer(self, at: datetime = ISSUED_AT) -> Issuer:
        return Issuer(self.kiosk_key, self.kiosk, POINT, clock=lambda: at)

    def issue(self, at: datetime = ISSUED_AT, request: IssueRequest = REQUEST) -> IssuedCertificate:
        return self.issuer(at).issue(request)

    def issue_unchecked(self, at: datetime, kiosk: KioskCertificate | None = None) -> IssuedCertificate:
        """What a kiosk with a wrong clock or a tampered build would sign: no validity policy."""
        return sign_certificate(certificate_id="0123456789AB", issued_at=at, point=POINT, request=REQUEST,
                                kiosk=kiosk or self.kiosk, signer=self.kiosk_key)

    def issue_v1(self, at: datetime = ISSUED_AT) -> IssuedCertificate:
        """A paper of format 1 (AKC1), as kiosks printed them before the compact QR."""
        akk1 = issue_kiosk_certificate(self.district, self.kiosk.kiosk_id, self.kiosk_key, self.kiosk.valid_from,
                                       self.kiosk.valid_until, form="akk1")
        return sign_certificate(certificate_id="0123456789AB", issued_at=at, point=POINT, request=REQUEST,
                                kiosk=akk1, signer=self.kiosk_key, version=1)

    @property
    def kiosks(self) -> KioskCertificates:
        """What a verifier that synced this kiosk's certificate holds."""
        return KioskCertificates([self.kiosk])


def make_chain(algorithm: str, kiosk_id: str = "kiosk-01") -> Chain:
    district, kiosk_key = generate(algorithm), generate(algorithm)  # type: ignore[arg-type]
    kiosk = issue_kiosk_certificate(district, kiosk_id, kiosk_key, date(2026, 1, 1), date(2027, 12, 31))
    return Chain(algorithm, district, kiosk_key, kiosk)


@pytest.fixture(scope="session", params=["sm2", "ed25519"])
def chain(request: pytest.FixtureRequest) -> Chain:
    return make_chain(request.param)


@pytest.fixture(scope="session")
def sm2_chain() -> Chain:
    return make_chain("sm2")
