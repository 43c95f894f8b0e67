"""The kiosk certificate: a kiosk's public key, id and validity, signed by the district.

Signed bytes (UTF-8)::

    AKK1|<kiosk_id>|<algorithm>|<public key, compact, base64url>|<valid from YYYYMMDD>|<valid until YYYYMMDD>|<district key id>

Validity is in whole UTC days, both ends included. On disk (``kiosk.cert``) it is JSON with the same
values plus the district's signature; inside a certificate QR the same values travel as payload fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
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
ALGORITHMS = ("sm2", "ed25519")


@dataclass(frozen=True)
class KioskCertificate:
    kiosk_id: str
    algorithm: str
    public_hex: str
    valid_from: date
    valid_until: date
    district_key_id: str
    signature: bytes

    def signed_bytes(self) -> bytes:
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
        return datetime.combine(self.valid_from, time(0), tzinfo=UTC)

    def ends(self) -> datetime:
        """The first instant no longer covered."""
        return datetime.combine(self.valid_until + timedelta(days=1), time(0), tzinfo=UTC)

    def validity_problem(self, moment: datetime) -> Reason | None:
        if moment < self.starts():
            return Reason.KIOSK_NOT_YET_VALID
        if moment >= self.ends():
            return Reason.KIOSK_EXPIRED
        return None

    def to_json(self) -> dict[str, Any]:
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
    if not KEY_ID.fullmatch(cert.district_key_id):
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
                            valid_until: date) -> KioskCertificate:
    unsigned = KioskCertificate(kiosk_id=kiosk_id, algorithm=kiosk_key.algorithm, public_hex=kiosk_key.public_hex,
                                valid_from=valid_from, valid_until=valid_until,
                                district_key_id=key_id(district.public_hex), signature=bytes(64))
    try:
        validated(unsigned)
    except CertificateMalformed as e:
        raise ConfigError(e.message) from None
    return replace(unsigned, signature=district.sign(unsigned.signed_bytes()))


def check_kiosk_certificate(cert: KioskCertificate, district: Verifier) -> None:
    """Raises CertificateInvalid unless ``district`` signed this kiosk certificate."""
    if cert.district_key_id != key_id(district.public_hex):
        raise CertificateInvalid(Reason.UNKNOWN_DISTRICT, "the kiosk was certified by another district's key",
                                 detail={"district_key_id": cert.district_key_id})
    if not district.verify(cert.signed_bytes(), cert.signature):
        raise CertificateInvalid(Reason.BAD_KIOSK_CERTIFICATE,
                                 "the district's signature on the kiosk certificate does not match")


def save_kiosk_certificate(cert: KioskCertificate, path: str | Path) -> None:
    Path(path).write_text(json.dumps(cert.to_json(), indent=2), encoding="utf-8")


def from_json(d: Any) -> KioskCertificate:
    """The certificate from its JSON form (:meth:`KioskCertificate.to_json`); CertificateMalformed if not."""
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
    """As :func:`from_json`, for a kiosk certificate handed in (a file, a synced document): ConfigError."""
    try:
        return from_json(d)
    except CertificateMalformed as e:
        raise ConfigError(f"not a valid kiosk certificate: {e.message}") from None


def load_kiosk_certificate(path: str | Path) -> KioskCertificate:
    p = Path(path)
    try:
        return kiosk_certificate_from_json(json.loads(p.read_text(encoding="utf-8")))
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
