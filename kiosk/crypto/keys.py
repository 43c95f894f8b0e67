"""Key pairs and signatures behind one small interface, whatever the algorithm.

Key files are standard (:mod:`kiosk.crypto.formats`): private keys PKCS#8 PEM, written with mode 0600;
public keys SubjectPublicKeyInfo PEM. A public key is also read from DER, or from an X.509 certificate (a
district CA's ``ca.pem``). The JSON key files of earlier versions (``{"algorithm", "public", "private"?,
"key_id"}``, hex) still load, and ``kiosk keys export`` rewrites them in the standard forms.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from kiosk.errors import ConfigError

Algorithm = Literal["ed25519", "sm2"]


class Verifier(Protocol):
    algorithm: str
    public_hex: str

    def verify(self, data: bytes, signature: bytes) -> bool: ...


class Signer(Verifier, Protocol):
    def sign(self, data: bytes) -> bytes: ...


def key_id(public_hex: str) -> str:
    """A short, stable name for a public key (first 16 hex of its SHA-256)."""
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


@dataclass(frozen=True)
class Ed25519Verifier:
    public_hex: str
    algorithm: str = "ed25519"

    def verify(self, data: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.public_hex)).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Ed25519Signer(Ed25519Verifier):
    private_hex: str = ""

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.private_hex)).sign(data)

    def __repr__(self) -> str:  # never show a private key
        return f"Ed25519Signer(public={self.public_hex[:16]}…)"


def generate(algorithm: Algorithm = "ed25519") -> Signer:
    if algorithm == "ed25519":
        k = Ed25519PrivateKey.generate()
        priv = k.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()
        pub = k.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        return Ed25519Signer(public_hex=pub, private_hex=priv)
    from kiosk.crypto import sm2

    return sm2.generate()


def verifier_for(algorithm: str, public_hex: str) -> Verifier:
    if algorithm == "ed25519":
        return Ed25519Verifier(public_hex)
    if algorithm == "sm2":
        from kiosk.crypto import sm2

        return sm2.SM2Verifier(public_hex)
    raise ConfigError(f"unknown signature algorithm {algorithm!r} (expected sm2 or ed25519)")


def signer_for(algorithm: str, public_hex: str, private_hex: str) -> Signer:
    if algorithm == "ed25519":
        return Ed25519Signer(public_hex=public_hex, private_hex=private_hex)
    if algorithm == "sm2":
        from kiosk.crypto import sm2

        return sm2.SM2Signer(public_hex=public_hex, private_hex=private_hex)
    raise ConfigError(f"unknown signature algorithm {algorithm!r} (expected sm2 or ed25519)")


def compact_public(algorithm: str, public_hex: str) -> bytes:
    """The shortest form of a public key, for certificates that must fit a QR: 32 bytes Ed25519, 33 SM2."""
    if algorithm == "ed25519":
        return bytes.fromhex(public_hex)
    if algorithm == "sm2":
        from kiosk.crypto import sm2

        return sm2.SM2Verifier(public_hex).compact_public()
    raise ConfigError(f"unknown signature algorithm {algorithm!r} (expected sm2 or ed25519)")


def verifier_from_compact(algorithm: str, data: bytes) -> Verifier:
    """The inverse of :func:`compact_public`; a ConfigError if the bytes are no key of that algorithm."""
    if algorithm == "ed25519":
        if len(data) != 32:
            raise ConfigError("an Ed25519 public key has 32 bytes")
        try:
            Ed25519PublicKey.from_public_bytes(data)
        except ValueError:
            raise ConfigError("not an Ed25519 public key") from None
        return Ed25519Verifier(data.hex())
    if algorithm == "sm2":
        if len(data) != 33:
            raise ConfigError("a compressed SM2 public key has 33 bytes")
        return verifier_for("sm2", data.hex())
    raise ConfigError(f"unknown signature algorithm {algorithm!r} (expected sm2 or ed25519)")


def save_pair(signer: Signer, private_path: str | Path, public_path: str | Path) -> None:
    from kiosk.crypto import formats

    priv = Path(private_path)
    priv.parent.mkdir(parents=True, exist_ok=True)
    der = formats.private_der(signer.algorithm, signer.public_hex, signer.private_hex)  # type: ignore[attr-defined]
    # Create with 0600 from the start: a chmod after writing leaves a window where the key is readable.
    fd = os.open(priv, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(formats.pem("PRIVATE KEY", der))
    os.chmod(priv, 0o600)
    save_public(signer, public_path)


def save_public(verifier: Verifier, path: str | Path) -> None:
    from kiosk.crypto import formats

    Path(path).write_text(formats.pem("PUBLIC KEY", formats.public_der(verifier.algorithm, verifier.public_hex)),
                          encoding="ascii")


def _read(path: str | Path) -> dict[str, str]:
    """``{"algorithm", "public", "private"?}`` (hex) from a PEM, DER or legacy JSON key file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"key file {p} not found", detail={"file": str(p)}) from None
    except OSError as e:
        raise ConfigError(f"key file {p} cannot be read: {e.strerror or e}", detail={"file": str(p)}) from None
    try:
        if data.lstrip()[:1] == b"{":
            return _legacy_json(data)
        return _standard(data)
    except ConfigError as e:
        raise ConfigError(f"key file {p} is not a valid key: {e.message}", detail={"file": str(p)}) from None


def _legacy_json(data: bytes) -> dict[str, str]:
    try:
        parsed = json.loads(data.decode("utf-8"))
        if not isinstance(parsed, dict) or "algorithm" not in parsed or "public" not in parsed:
            raise ValueError("not a key file")
        bytes.fromhex(parsed["public"])
        return parsed
    except (ValueError, TypeError, UnicodeDecodeError) as e:
        raise ConfigError(str(e)) from None


def _standard(data: bytes) -> dict[str, str]:
    from kiosk.crypto import formats

    blocks = formats.pem_blocks(data) if formats.is_pem(data) else [("", data)]
    for label, der in blocks:
        if label.endswith("PRIVATE KEY"):
            algorithm, public, private = formats.private_from_der(der, label)
            if public is None:
                public = _derived_public(algorithm, private)
            return {"algorithm": algorithm, "public": public, "private": private}
        if label == "CERTIFICATE":
            from asn1crypto import x509

            der = x509.Certificate.load(der)["tbs_certificate"]["subject_public_key_info"].dump()
        if label in ("PUBLIC KEY", "CERTIFICATE", ""):
            try:
                algorithm, public = formats.public_from_der(der)
            except ConfigError:
                if label:
                    raise
                algorithm, public, private = formats.private_from_der(der)  # a DER private key
                return {"algorithm": algorithm, "public": public or _derived_public(algorithm, private),
                        "private": private}
            return {"algorithm": algorithm, "public": public}
    raise ConfigError("no public key, private key or certificate in it")


def _derived_public(algorithm: str, private_hex: str) -> str:
    if algorithm == "ed25519":
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
        return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    from kiosk.crypto import sm2

    return sm2.public_of(private_hex)


def load_verifier(path: str | Path) -> Verifier:
    d = _read(path)
    return verifier_for(d["algorithm"], d["public"])


def signer_from_pem(data: bytes) -> Signer:
    """A signer from a plain PEM private key held in memory (a kiosk's key, decrypted from its file)."""
    d = _standard(data)
    if "private" not in d:
        raise ConfigError("the PEM holds no private key")
    return signer_for(d["algorithm"], d["public"], d["private"])


def load_signer(path: str | Path) -> Signer:
    d = _read(path)
    if "private" not in d:
        raise ConfigError(f"key file {path} holds no private key", detail={"file": str(path)})
    return signer_for(d["algorithm"], d["public"], d["private"])
