"""The kiosk certificate: a kiosk's public key, id and validity, signed by the district.

Issued as X.509 v3 (:mod:`.x509`; ``kiosk.cert`` is then PEM); the district's signature covers the DER
TBSCertificate. Earlier kiosks hold format ``AKK1``, still read, whose signed bytes (UTF-8) are::

    AKK1|<kiosk_id>|<algorithm>|<public key, compact, base64url>|<valid from YYYYMMDD>|<valid until YYYYMMDD>|<district key id>

with validity in whole UTC days, both ends included, JSON on disk; inside an AKC1 QR the same values
travel as payload fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from kiosk.certify.errors import CertificateInvalid, CertificateMalformed, Reason
from kiosk.certify.fields import FieldError, b64, format_day, parse_day
from kiosk.crypto.keys import Signer, Verifier, compact_public, key_id, verifier_for
from kiosk.errors import ConfigError, KioskError

FORMAT = "AKK1"
KIOSK_ID = re.compile(r"[A-Za-z0-9_.-]{1,40}")
KEY_ID = re.compile(r"[0-9a-f]{16}")
#: An X.509 authority key identifier (SHA-1, 20 bytes, as OpenSSL and the project write it), or none.
AUTHORITY_KEY_ID = re.compile(r"([0-9a-f]{2}){0,64}")
ALGORITHMS = ("sm2", "ed25519")


@dataclass(frozen=True)
class KioskCertificate:
    kiosk_id: str
    algorithm: str
    public_hex: str
    valid_from: date
    valid_until: date
    district_key_id: str
    signature: bytes  # raw: 64 bytes SM2 r||s or Ed25519
    der: bytes = b""  # the X.509 certificate; empty for AKK1
    not_before: datetime | None = None  # X.509: the exact instants; AKK1: whole days
    not_after: datetime | None = None
    #: The DER TBSCertificate, kept from parsing: what the district signed, without parsing ``der`` again.
    tbs: bytes = field(default=b"", repr=False, compare=False)

    @property
    def is_x509(self) -> bool:
        return bool(self.der)

    def signed_bytes(self) -> bytes:
        if self.der:
            if self.tbs:
                return self.tbs
            from kiosk.certify.x509 import ParsedX509

            return ParsedX509(self.der).signed
        return "|".join((FORMAT, self.kiosk_id, self.algorithm, b64(self.compact_public()),
                         format_day(self.valid_from), format_day(self.valid_until),
                         self.district_key_id)).encode("utf-8")

    def compact_public(self) -> bytes:
        return compact_public(self.algorithm, self.public_hex)

    @property
    def key_id(self) -> str:
        return key_id(self.public_hex)

    def verifier(self) -> Verifier:
        return verifier_for(self.algorithm, self.public_hex)

    def starts(self) -> datetime:
        if self.not_before is not None:
            return self.not_before
        return datetime.combine(self.valid_from, time(0), tzinfo=UTC)

    def ends(self) -> datetime:
        """The first instant no longer covered."""
        if self.not_after is not None:
            return self.not_after + timedelta(seconds=1)
        return datetime.combine(self.valid_until + timedelta(days=1), time(0), tzinfo=UTC)

    def validity_problem(self, moment: datetime) -> Reason | None:
        if moment < self.starts():
            return Reason.KIOSK_NOT_YET_VALID
        if moment >= self.ends():
            return Reason.KIOSK_EXPIRED
        return None

    def to_json(self) -> dict[str, Any]:
        if self.der:
            from kiosk.crypto.formats import pem

            return {"format": "X509", "kiosk_id": self.kiosk_id, "key_id": self.key_id,
                    "pem": pem("CERTIFICATE", self.der)}
        return {"format": FORMAT, "kiosk_id": self.kiosk_id, "algorithm": self.algorithm,
                "public": self.public_hex, "key_id": self.key_id,
                "valid_from": self.valid_from.isoformat(), "valid_until": self.valid_until.isoformat(),
                "district_key_id": self.district_key_id, "signature": self.signature.hex()}


def validated(cert: KioskCertificate) -> KioskCertificate:
    """The same certificate if every value has its one accepted form; CertificateMalformed otherwise."""
    problems = []
    if not KIOSK_ID.fullmatch(cert.kiosk_id):
        problems.append("kiosk id")
    if cert.algorithm not in ALGORITHMS:
        problems.append("algorithm")
    if not (AUTHORITY_KEY_ID if cert.der else KEY_ID).fullmatch(cert.district_key_id):
        problems.append("district key id")
    if cert.valid_until < cert.valid_from:
        problems.append("validity ends before it starts")
    if len(cert.signature) != 64:
        problems.append("signature length")
    if problems:
        raise CertificateMalformed("kiosk certificate: bad " + ", ".join(problems))
    try:
        cert.verifier()
    except KioskError:
        raise CertificateMalformed("kiosk certificate: the public key is not a valid key") from None
    return cert


def issue_kiosk_certificate(district: Signer, kiosk_id: str, kiosk_key: Verifier, valid_from: date,
                            valid_until: date, *, form: str = "x509") -> KioskCertificate:
    """X.509 (``form="x509"``), or the AKK1 form of earlier kiosks (``"akk1"``, for papers of format 1)."""
    if form == "x509":
        from kiosk.certify.x509 import build_kiosk_x509, day_bounds

        if not KIOSK_ID.fullmatch(kiosk_id) or valid_until < valid_from:
            raise ConfigError(f"cannot certify kiosk {kiosk_id!r} from {valid_from} to {valid_until}")
        return from_x509(build_kiosk_x509(district, kiosk_id, kiosk_key, *day_bounds(valid_from, valid_until)))
    unsigned = KioskCertificate(kiosk_id=kiosk_id, algorithm=kiosk_key.algorithm, public_hex=kiosk_key.public_hex,
                                valid_from=valid_from, valid_until=valid_until,
                                district_key_id=key_id(district.public_hex), signature=bytes(64))
    try:
        validated(unsigned)
    except CertificateMalformed as e:
        raise ConfigError(e.message) from None
    return replace(unsigned, signature=district.sign(unsigned.signed_bytes()))


def from_x509(der: bytes) -> KioskCertificate:
    """A kiosk certificate from X.509 DER (made here or by a district CA); CertificateMalformed if not one."""
    from kiosk.certify.x509 import ParsedX509

    parsed = ParsedX509(der)
    return validated(KioskCertificate(
        kiosk_id=parsed.kiosk_id, algorithm=parsed.algorithm, public_hex=parsed.public_hex,
        valid_from=parsed.not_before.date(), valid_until=parsed.not_after.date(),
        district_key_id=parsed.district_key_id, signature=parsed.signature, der=der,
        not_before=parsed.not_before, not_after=parsed.not_after, tbs=parsed.signed))


def district_key_ids(district: Verifier) -> set[str]:
    """The names a kiosk certificate may give its district key: the project's key id (AKK1) and the
    X.509 authority key identifier (RFC 5280 method 1)."""
    from kiosk.certify.x509 import spki_key_id

    return {key_id(district.public_hex), spki_key_id(district)}


def check_kiosk_certificate(cert: KioskCertificate, district: Verifier) -> None:
    """Raises CertificateInvalid unless ``district`` signed this kiosk certificate."""
    if cert.district_key_id and cert.district_key_id not in district_key_ids(district):
        raise CertificateInvalid(Reason.UNKNOWN_DISTRICT, "the kiosk was certified by another district's key",
                                 detail={"district_key_id": cert.district_key_id})
    if not district.verify(cert.signed_bytes(), cert.signature):
        raise CertificateInvalid(Reason.BAD_KIOSK_CERTIFICATE,
                                 "the district's signature on the kiosk certificate does not match")


def save_kiosk_certificate(cert: KioskCertificate, path: str | Path) -> None:
    """PEM for X.509, JSON for AKK1."""
    if cert.der:
        from kiosk.crypto.formats import pem

        Path(path).write_text(pem("CERTIFICATE", cert.der), encoding="ascii")
    else:
        Path(path).write_text(json.dumps(cert.to_json(), indent=2), encoding="utf-8")


def from_json(d: Any) -> KioskCertificate:
    """The certificate from its JSON form (:meth:`KioskCertificate.to_json`: AKK1, or ``{"format": "X509",
    "pem": ...}``); CertificateMalformed if not."""
    if isinstance(d, dict) and d.get("format") == "X509":
        from kiosk.crypto.formats import pem_blocks

        pem = d.get("pem")
        try:
            certs = [der for label, der in pem_blocks(pem.encode("ascii")) if label == "CERTIFICATE"] \
                if isinstance(pem, str) else []
        except (UnicodeEncodeError, ConfigError):
            certs = []
        if len(certs) != 1:
            raise CertificateMalformed("kiosk certificate: no X.509 certificate in the PEM")
        return from_x509(certs[0])
    try:
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} kiosk certificate")
        cert = KioskCertificate(kiosk_id=str(d["kiosk_id"]), algorithm=str(d["algorithm"]),
                                public_hex=str(d["public"]), valid_from=date.fromisoformat(d["valid_from"]),
                                valid_until=date.fromisoformat(d["valid_until"]),
                                district_key_id=str(d["district_key_id"]), signature=bytes.fromhex(d["signature"]))
    except (ValueError, KeyError, TypeError) as e:
        raise CertificateMalformed(f"kiosk certificate: {e}") from None
    return validated(cert)


def kiosk_certificate_from_json(d: Any) -> KioskCertificate:
    """A kiosk certificate handed in (a file's JSON, a synced document: AKK1, or ``{"format": "X509",
    "pem": ...}``); ConfigError if it is not one."""
    try:
        return from_json(d)
    except CertificateMalformed as e:
        raise ConfigError(f"not a valid kiosk certificate: {e.message}") from None


def kiosk_certificate_from_bytes(data: bytes) -> KioskCertificate:
    """From a file's bytes: PEM or DER X.509, or AKK1 JSON."""
    from kiosk.crypto.formats import is_pem, pem_blocks

    try:
        if data.lstrip()[:1] == b"{":
            return kiosk_certificate_from_json(json.loads(data.decode("utf-8")))
        if is_pem(data):
            certs = [der for label, der in pem_blocks(data) if label == "CERTIFICATE"]
            if not certs:
                raise ConfigError("no CERTIFICATE in the PEM file")
            return from_x509(certs[0])
        return from_x509(data)
    except CertificateMalformed as e:
        raise ConfigError(f"not a valid kiosk certificate: {e.message}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise ConfigError(f"not a valid kiosk certificate: {e}") from None


def load_kiosk_certificate(path: str | Path) -> KioskCertificate:
    p = Path(path)
    try:
        return kiosk_certificate_from_bytes(p.read_bytes())
    except FileNotFoundError:
        raise ConfigError(f"kiosk certificate {p} not found", detail={"file": str(p)}) from None
    except (OSError, ValueError) as e:
        raise ConfigError(f"{p} is not a valid kiosk certificate: {e}", detail={"file": str(p)}) from None
    except ConfigError as e:
        raise ConfigError(f"{p}: {e.message}", detail={"file": str(p)}) from None


def day_from_field(text: str) -> date:
    """A validity day from a payload field (CertificateMalformed if it is not one)."""
    try:
        return parse_day(text)
    except FieldError as e:
        raise CertificateMalformed(f"kiosk certificate validity: {e}") from None
