"""Standard encodings of the project's keys and signatures, so OpenSSL, a district CA or an e-seal system
reads what the kiosk writes and the kiosk reads theirs.

- public keys: SubjectPublicKeyInfo (RFC 5280), PEM or DER. SM2 keys as id-ecPublicKey on the named curve
  SM2 (1.2.156.10197.1.301, GB/T 32918 / RFC 8998), which is what ``openssl genpkey -algorithm SM2`` writes;
  Ed25519 as RFC 8410.
- private keys: PKCS#8 PrivateKeyInfo (RFC 5208), PEM; an OpenSSL ``EC PRIVATE KEY`` (SEC1) is read too.
- signatures: SM2 as DER ``SEQUENCE { r, s }`` where a standard wants it (X.509, ``openssl dgst``); the QR
  keeps the 64-byte ``r || s``. Ed25519 signatures are 64 bytes everywhere.

asn1crypto does the ASN.1 (``cryptography`` has no SM2 curve); the SM2 maths is :mod:`kiosk.crypto.sm2`.
"""

from __future__ import annotations

import base64
import re

from asn1crypto import algos, core
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import ConfigError

SM2_CURVE_OID = "1.2.156.10197.1.301"
SM3_WITH_SM2_OID = "1.2.156.10197.1.501"
ED25519_OID = "1.3.101.112"


def _register_sm2() -> None:
    """asn1crypto knows neither the SM2 curve nor SM3withSM2 by name; both are registered once, by OID."""
    if SM2_CURVE_OID not in asn1_keys.NamedCurve._map:
        asn1_keys.NamedCurve.register("sm2p256v1", SM2_CURVE_OID, 32)
    if SM3_WITH_SM2_OID not in algos.SignedDigestAlgorithmId._map:
        algos.SignedDigestAlgorithmId._map[SM3_WITH_SM2_OID] = "sm3_sm2"
        algos.SignedDigestAlgorithmId._reverse_map = None  # rebuilt from _map at next use


_register_sm2()
_PEM = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\s*(.+?)\s*-----END \1-----", re.S)


def pem(label: str, der: bytes) -> str:
    body = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    """(label, DER) of every PEM block in ``data``."""
    try:
        return [(m.group(1).decode("ascii"), base64.b64decode(m.group(2), validate=False))
                for m in _PEM.finditer(data)]
    except ValueError:
        raise ConfigError("a PEM block is not valid base64") from None


def is_pem(data: bytes) -> bool:
    return b"-----BEGIN " in data[:200]


# --- public keys -------------------------------------------------------------------------------------

def public_der(algorithm: str, public_hex: str) -> bytes:
    """SubjectPublicKeyInfo DER of a public key as :mod:`kiosk.crypto.keys` holds it (hex)."""
    raw = bytes.fromhex(public_hex)
    if algorithm == "ed25519":
        return Ed25519PublicKey.from_public_bytes(raw).public_bytes(serialization.Encoding.DER,
                                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
    if algorithm == "sm2":
        info = asn1_keys.PublicKeyInfo({
            "algorithm": {"algorithm": "ec", "parameters": asn1_keys.ECDomainParameters("named", "sm2p256v1")},
            "public_key": raw if raw[0] == 4 else b"\x04" + raw})
        return info.dump()
    raise ConfigError(f"unknown signature algorithm {algorithm!r} (expected sm2 or ed25519)")


def public_from_der(der: bytes) -> tuple[str, str]:
    """(algorithm, public hex) of a SubjectPublicKeyInfo; ConfigError for any other key."""
    try:
        info = asn1_keys.PublicKeyInfo.load(der, strict=True)
        oid = info["algorithm"]["algorithm"].dotted
        if oid == ED25519_OID:
            return "ed25519", bytes(info["public_key"]).hex()
        if info["algorithm"]["algorithm"].native == "ec":
            params = info["algorithm"]["parameters"]
            if params.name != "named" or params.chosen.dotted != SM2_CURVE_OID:
                raise ConfigError("an EC public key on another curve than SM2 (only SM2 and Ed25519 sign here)")
            return "sm2", bytes(info["public_key"]).hex()
    except (ValueError, TypeError, KeyError) as e:
        raise ConfigError(f"not a SubjectPublicKeyInfo: {e}") from None
    raise ConfigError(f"a public key of algorithm {oid}: only SM2 and Ed25519 sign here")


# --- private keys ------------------------------------------------------------------------------------

def private_der(algorithm: str, public_hex: str, private_hex: str) -> bytes:
    """PKCS#8 PrivateKeyInfo DER."""
    if algorithm == "ed25519":
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
        return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    if algorithm == "sm2":
        inner = asn1_keys.ECPrivateKey({"version": "ecPrivkeyVer1", "private_key": int(private_hex, 16),
                                        "public_key": bytes.fromhex(public_hex)})
        info = asn1_keys.PrivateKeyInfo({
            "version": 0,
            "private_key_algorithm": {"algorithm": "ec",
                                      "parameters": asn1_keys.ECDomainParameters("named", "sm2p256v1")},
            "private_key": inner})
        return info.dump()
    raise ConfigError(f"unknown signature algorithm {algorithm!r} (expected sm2 or ed25519)")


def private_from_der(der: bytes, label: str = "PRIVATE KEY") -> tuple[str, str | None, str]:
    """(algorithm, public hex or None, private hex) of a PKCS#8 key (or SEC1 ``EC PRIVATE KEY`` on SM2)."""
    if label == "ENCRYPTED PRIVATE KEY":
        raise ConfigError("the private key is encrypted: export it without a passphrase for the kiosk's key folder")
    try:
        if label == "EC PRIVATE KEY":
            inner = asn1_keys.ECPrivateKey.load(der, strict=True)
            return "sm2", _ec_public(inner), f"{inner['private_key'].native:064x}"
        info = asn1_keys.PrivateKeyInfo.load(der, strict=True)
        algorithm = info["private_key_algorithm"]
        if algorithm["algorithm"].dotted == ED25519_OID:
            key = serialization.load_der_private_key(der, password=None)
            assert isinstance(key, Ed25519PrivateKey)
            raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
            return "ed25519", None, raw.hex()
        if algorithm["algorithm"].native == "ec":
            params = algorithm["parameters"]
            if params.name != "named" or params.chosen.dotted != SM2_CURVE_OID:
                raise ConfigError("an EC private key on another curve than SM2")
            inner = info["private_key"].parsed
            return "sm2", _ec_public(inner), f"{inner['private_key'].native:064x}"
    except (ValueError, TypeError, KeyError) as e:
        raise ConfigError(f"not a PKCS#8 private key: {e}") from None
    raise ConfigError("a private key of another algorithm than SM2 or Ed25519")


def _ec_public(inner: asn1_keys.ECPrivateKey) -> str | None:
    public = inner["public_key"]
    return bytes(public).hex() if public.native is not None else None


# --- signatures --------------------------------------------------------------------------------------

class _EcSignature(core.Sequence):
    _fields = [("r", core.Integer), ("s", core.Integer)]


def der_signature(algorithm: str, raw: bytes) -> bytes:
    """The signature as standards carry it: SM2 ``SEQUENCE { r, s }`` DER, Ed25519 unchanged."""
    if algorithm != "sm2":
        return raw
    return _EcSignature({"r": int.from_bytes(raw[:32], "big"), "s": int.from_bytes(raw[32:], "big")}).dump()


def raw_signature(algorithm: str, der: bytes) -> bytes:
    """The 64 bytes the project's verifiers take; a ConfigError when ``der`` is no signature."""
    if algorithm != "sm2":
        return der
    try:
        parsed = _EcSignature.load(der, strict=True)
        r, s = parsed["r"].native, parsed["s"].native
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    except (ValueError, TypeError, OverflowError) as e:
        raise ConfigError(f"not a DER SM2 signature: {e}") from None
