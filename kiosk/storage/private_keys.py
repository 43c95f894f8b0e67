"""The kiosk's own private keys at rest: encrypted PKCS#8 PEM under a passphrase derived from the storage key.

A thief with the disk finds ``-----BEGIN ENCRYPTED PRIVATE KEY-----`` (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC),
which opens only with the passphrase, and the passphrase is derived (HKDF-SHA256) from the storage key that
is sealed to the machine. The format is the standard one: ``openssl pkey -passin`` reads it, and so does
Python's ``ssl`` (``load_cert_chain(password=...)``) for the TLS key.

Keys ``cryptography`` knows (ECDSA P-256 for TLS, Ed25519) are written by its ``BestAvailableEncryption``;
an SM2 key, which it does not know, is wrapped in the same PBES2 structure with asn1crypto over
``cryptography``'s own PBKDF2 and AES. One reader serves both.

A key still in plain PEM (written before this, or installed by hand) is encrypted in place the first time the
kiosk reads it with its storage key, as a plain SQLite file is.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from asn1crypto import algos, keys as asn1_keys, pem as asn1_pem
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from kiosk.errors import StorageKeyInvalid

log = logging.getLogger("kiosk.storage.private_keys")

ENCRYPTED_LABEL = "ENCRYPTED PRIVATE KEY"
PLAIN_LABELS = ("PRIVATE KEY", "EC PRIVATE KEY")
_HKDF_INFO = b"archive-kiosk private keys at rest v1"
#: The iteration count cryptography's BestAvailableEncryption uses: the passphrase is 256 random bits, so
#: a slow KDF would add nothing but start-up time.
_ITERATIONS = 2048


def passphrase(storage_key: bytes) -> bytes:
    """The private keys' passphrase (printable, as OpenSSL's tools take one) from a raw storage key."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(storage_key)
    return derived.hex().encode("ascii")


def secrets_for(key: object) -> list[bytes]:
    """The passphrases of a :class:`kiosk.storage.StorageKey` (the current key's first; during a rotation the
    next key's too)."""
    return [passphrase(raw) for raw in key.candidates()]  # type: ignore[attr-defined]


def label_of(data: bytes) -> str:
    try:
        label, _headers, _der = asn1_pem.unarmor(data)
    except ValueError:
        return ""
    return str(label)


def is_encrypted(data: bytes) -> bool:
    return label_of(data) == ENCRYPTED_LABEL


def encrypt(pkcs8_der: bytes, secret: bytes) -> bytes:
    """PKCS#8 ``PrivateKeyInfo`` DER → encrypted PEM."""
    try:
        key = serialization.load_der_private_key(pkcs8_der, password=None)
    except Exception:  # noqa: BLE001 - cryptography does not know the algorithm (SM2): wrap it ourselves
        key = None
    if key is not None:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,  # type: ignore[union-attr]
                                 serialization.BestAvailableEncryption(secret))
    salt, iv = os.urandom(16), os.urandom(16)
    aes_key = PBKDF2HMAC(hashes.SHA256(), 32, salt, _ITERATIONS).derive(secret)
    padder = padding.PKCS7(128).padder()
    body = padder.update(pkcs8_der) + padder.finalize()
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(body) + encryptor.finalize()
    scheme = algos.EncryptionAlgorithm({
        "algorithm": "pbes2",
        "parameters": algos.Pbes2Params({
            "key_derivation_func": algos.KdfAlgorithm({
                "algorithm": "pbkdf2",
                "parameters": algos.Pbkdf2Params({"salt": algos.Pbkdf2Salt("specified", salt),
                                                  "iteration_count": _ITERATIONS,
                                                  "prf": algos.HmacAlgorithm({"algorithm": "sha256"})})}),
            "encryption_scheme": algos.EncryptionAlgorithm({"algorithm": "aes256_cbc", "parameters": iv})})})
    info = asn1_keys.EncryptedPrivateKeyInfo({"encryption_algorithm": scheme, "encrypted_data": sealed})
    return asn1_pem.armor(ENCRYPTED_LABEL, info.dump())


def decrypt(data: bytes, secrets: Sequence[bytes]) -> tuple[bytes, bytes]:
    """(PKCS#8 DER, the passphrase that opened it) of an encrypted PEM key; :class:`StorageKeyInvalid` when
    none of ``secrets`` opens it."""
    _label, _headers, der = asn1_pem.unarmor(data)
    info = asn1_keys.EncryptedPrivateKeyInfo.load(der)
    algorithm = info["encryption_algorithm"]
    if algorithm["algorithm"].native != "pbes2":
        raise StorageKeyInvalid("the private key is encrypted with a scheme this kiosk does not use")
    params = algorithm["parameters"]
    kdf = params["key_derivation_func"]["parameters"]
    scheme = params["encryption_scheme"]
    if scheme["algorithm"].native != "aes256_cbc" or kdf["prf"]["algorithm"].native != "sha256":
        raise StorageKeyInvalid("the private key is encrypted with a scheme this kiosk does not use")
    salt, rounds, iv = kdf["salt"].native, kdf["iteration_count"].native, scheme["parameters"].native
    for secret in secrets:
        aes_key = PBKDF2HMAC(hashes.SHA256(), 32, salt, rounds).derive(secret)
        decryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).decryptor()
        body = decryptor.update(info["encrypted_data"].native) + decryptor.finalize()
        try:
            unpadder = padding.PKCS7(128).unpadder()
            plain = unpadder.update(body) + unpadder.finalize()
            asn1_keys.PrivateKeyInfo.load(plain, strict=True).native  # noqa: B018 - parse: a wrong key is noise
        except ValueError:
            continue
        return plain, secret
    raise StorageKeyInvalid("the private key does not open with this kiosk's storage key")


def write_encrypted(path: Path, pkcs8_der: bytes, secret: bytes) -> None:
    """Written 0600 from its first byte, then moved into place (a kill leaves the old file or the new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".sealing")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(encrypt(pkcs8_der, secret))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def to_pkcs8(data: bytes) -> bytes:
    """The PKCS#8 DER of a plain PEM key (``PRIVATE KEY``, or SEC1 ``EC PRIVATE KEY`` of a P-256 key)."""
    label, _headers, der = asn1_pem.unarmor(data)
    if label == "PRIVATE KEY":
        return der
    key = serialization.load_pem_private_key(data, password=None)
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def open_key(path: Path, secrets: Sequence[bytes]) -> bytes:
    """The PKCS#8 DER of the key at ``path``, opened with one of ``secrets`` (current storage key's first).
    A plain key is encrypted in place under the first; one under another of them (a rotation cut short) is
    left for the rotation to finish."""
    data = path.read_bytes()
    if is_encrypted(data):
        der, _used = decrypt(data, secrets)
        return der
    der = to_pkcs8(data)
    if secrets:
        try:
            write_encrypted(path, der, secrets[0])
        except OSError as e:
            # A key installed where the service may not write (ProtectSystem=strict): used as it is, and said.
            log.warning("private key %s stays unencrypted: cannot rewrite it here (%s)", path.name, e.strerror or e)
            Path(path.with_name(path.name + ".sealing")).unlink(missing_ok=True)
    return der


def reseal(path: Path, secrets: Sequence[bytes], new: bytes) -> bool:
    """Encrypt the key at ``path`` under ``new`` (the storage key's rotation); False when it is already."""
    data = path.read_bytes()
    if is_encrypted(data):
        der, used = decrypt(data, [new, *secrets])
        if used == new:
            return False
    else:
        der = to_pkcs8(data)
    write_encrypted(path, der, new)
    return True


def load_signer(path: Path, secrets: Sequence[bytes]) -> Any:
    """A kiosk's signing key (:class:`kiosk.crypto.keys.Signer`), opened with its storage key's passphrases."""
    from kiosk.crypto.formats import pem
    from kiosk.crypto.keys import signer_from_pem
    from kiosk.errors import ConfigError

    try:
        der = open_key(Path(path), secrets)
    except FileNotFoundError:
        raise ConfigError(f"key file {path} not found", detail={"file": str(path)}) from None
    return signer_from_pem(pem("PRIVATE KEY", der).encode("ascii"))


def save_signer(signer: Any, private_path: Path, public_path: Path, secret: bytes) -> None:
    """A new signing key written encrypted from its first byte (and its public key beside it, in clear)."""
    from kiosk.crypto.formats import private_der
    from kiosk.crypto.keys import save_public

    write_encrypted(Path(private_path), private_der(signer.algorithm, signer.public_hex, signer.private_hex), secret)
    save_public(signer, public_path)
