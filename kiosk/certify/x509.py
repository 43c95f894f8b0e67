"""Kiosk certificates as X.509 v3 (RFC 5280), signed SM3-with-SM2 (1.2.156.10197.1.501, GB/T 20518 and
the RFC 8998 profile, distinguishing id 1234567812345678) or Ed25519 (RFC 8410).

The district signs each kiosk's key in a certificate that OpenSSL or a district CA reads, and the kiosk
reads certificates a district CA made with OpenSSL. What the project needs of one:

- subject commonName: the kiosk id;
- subjectPublicKeyInfo: an SM2 or Ed25519 key;
- validity: the instants the kiosk may sign in;
- authorityKeyIdentifier: names the district key (RFC 5280 method 1, SHA-1 of its public key bits);
  without it every trusted district key is tried;
- basicConstraints CA:FALSE, keyUsage digitalSignature + nonRepudiation (it signs papers, nothing else).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509

from kiosk.certify.errors import CertificateMalformed
from kiosk.crypto import formats
from kiosk.crypto.keys import Signer, Verifier
from kiosk.errors import ConfigError

SIGNATURE_OIDS = {"sm2": formats.SM3_WITH_SM2_OID, "ed25519": formats.ED25519_OID}
_ALGORITHM_OF = {oid: name for name, oid in SIGNATURE_OIDS.items()}


def spki_key_id(verifier: Verifier) -> str:
    """RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes (SM2: 04||x||y; Ed25519: 32)."""
    raw = bytes.fromhex(verifier.public_hex)
    return hashlib.sha1(raw).hexdigest()


def district_name(district: Verifier) -> x509.Name:
    return x509.Name.build({"common_name": f"District signing key {spki_key_id(district)[:16]}"})


def _time(moment: datetime) -> x509.Time:
    return x509.Time({"utc_time": moment} if moment.year < 2050 else {"general_time": moment})


def build_kiosk_x509(district: Signer, kiosk_id: str, kiosk_key: Verifier, not_before: datetime,
                     not_after: datetime) -> bytes:
    """The DER of a kiosk certificate signed by ``district``."""
    algorithm = {"algorithm": SIGNATURE_OIDS[district.algorithm]}
    public = asn1_keys.PublicKeyInfo.load(formats.public_der(kiosk_key.algorithm, kiosk_key.public_hex))
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": secrets.randbits(127) | 1,
        "signature": algorithm,
        "issuer": district_name(district),
        "validity": {"not_before": _time(not_before), "not_after": _time(not_after)},
        "subject": x509.Name.build({"common_name": kiosk_id}),
        "subject_public_key_info": public,
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": False}},
            {"extn_id": "key_usage", "critical": True,
             "extn_value": {"digital_signature", "non_repudiation"}},
            {"extn_id": "key_identifier", "critical": False,
             "extn_value": bytes.fromhex(spki_key_id(kiosk_key))},
            {"extn_id": "authority_key_identifier", "critical": False,
             "extn_value": {"key_identifier": bytes.fromhex(spki_key_id(district))}},
        ],
    })
    signature = formats.der_signature(district.algorithm, district.sign(tbs.dump()))
    return x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": algorithm,
                             "signature_value": signature}).dump()


class ParsedX509:
    """The values a kiosk certificate is made of, read from DER; CertificateMalformed for anything else."""

    def __init__(self, der: bytes):
        try:
            cert = x509.Certificate.load(der, strict=True)
            tbs = cert["tbs_certificate"]
            oid = cert["signature_algorithm"]["algorithm"].dotted
            if oid not in _ALGORITHM_OF or tbs["signature"]["algorithm"].dotted != oid:
                raise CertificateMalformed(f"kiosk certificate signed with {oid}: only SM3withSM2 and Ed25519 "
                                           "are accepted")
            self.district_algorithm = _ALGORITHM_OF[oid]
            self.signed = tbs.dump()
            self.signature = formats.raw_signature(self.district_algorithm, bytes(cert["signature_value"]))
            self.algorithm, self.public_hex = formats.public_from_der(tbs["subject_public_key_info"].dump())
            names = [v for k, v in tbs["subject"].native.items() if k == "common_name"]
            self.kiosk_id = names[0] if names and isinstance(names[0], str) else ""
            self.not_before = tbs["validity"]["not_before"].native.astimezone(UTC)
            self.not_after = tbs["validity"]["not_after"].native.astimezone(UTC)
            aki = cert.authority_key_identifier
            self.district_key_id = aki.hex() if aki else ""
        except CertificateMalformed:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, ConfigError) as e:
            message = e.message if isinstance(e, ConfigError) else str(e).splitlines()[0]
            raise CertificateMalformed(f"not an X.509 kiosk certificate: {message}") from None


def day_bounds(valid_from: date, valid_until: date) -> tuple[datetime, datetime]:
    """Whole UTC days, both included, as X.509 instants."""
    return (datetime.combine(valid_from, time(0), tzinfo=UTC),
            datetime.combine(valid_until + timedelta(days=1), time(0), tzinfo=UTC) - timedelta(seconds=1))
