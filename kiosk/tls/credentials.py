"""A credentials folder (``cert.pem``, ``key.pem``, ``ca.pem``) as ``ssl`` contexts for both ends of a link.

TLS 1.3 only. A client trusts nothing but the CA file it is given (the district CA is pinned: the system's
public roots never count), checks the server's name against its certificate and presents its own
certificate. A server presents its certificate and asks every caller for one; whether a caller without one
may go on is decided per route (:mod:`kiosk.gateway.roles`), so the public certificate check stays open.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509

from kiosk.errors import ConfigError
from kiosk.tls.pki import CA_CERT, CERT_FILE, KEY_FILE, describe, load_certificate, load_private_key


@dataclass(frozen=True)
class Credentials:
    folder: Path
    #: The passphrase of an encrypted ``key.pem`` (a kiosk's, derived from its storage key), None for a plain one.
    passphrase: bytes | None = None

    @property
    def cert(self) -> Path:
        return self.folder / CERT_FILE

    @property
    def key(self) -> Path:
        return self.folder / KEY_FILE

    @property
    def ca(self) -> Path:
        return self.folder / CA_CERT

    @classmethod
    def load(cls, folder: str | Path, secrets: Sequence[bytes] = ()) -> Credentials:
        """The folder, checked: every file there, the key matches the certificate, the key is private.

        ``secrets``: a kiosk's private-key passphrases (:func:`kiosk.storage.private_keys.secrets_for`): its
        ``key.pem`` is kept encrypted under the first, and a plain one is encrypted in place on loading."""
        creds = cls(Path(folder))
        from kiosk.tls.renewal import finish_renewal

        finish_renewal(creds.folder)  # a renewal cut short between its two moves is completed first
        missing = [p.name for p in (creds.cert, creds.key, creds.ca) if not p.is_file()]
        if missing:
            raise ConfigError(f"credentials folder {folder} lacks {', '.join(missing)}",
                              code="TLS_CREDENTIALS_MISSING", detail={"folder": str(folder), "missing": missing})
        if creds.key.stat().st_mode & 0o077:
            raise ConfigError(f"{creds.key} is readable by others; it must be 0600",
                              code="TLS_KEY_EXPOSED", detail={"file": str(creds.key)})
        key, used = load_private_key_with(creds.key, secrets)
        if load_certificate(creds.cert).public_key().public_numbers() != key.public_key().public_numbers():
            raise ConfigError(f"{creds.key} is not the key of {creds.cert}", code="TLS_KEY_MISMATCH",
                              detail={"folder": str(folder)})
        return cls(creds.folder, used)

    def certificate(self) -> x509.Certificate:
        return load_certificate(self.cert)

    def identity(self) -> dict[str, str]:
        return describe(self.certificate())

    def ca_certificates(self) -> list[x509.Certificate]:
        try:
            return x509.load_pem_x509_certificates(self.ca.read_bytes())
        except ValueError as e:
            raise ConfigError(f"{self.ca} holds no PEM certificate: {e}", detail={"file": str(self.ca)}) from None

    def server_context(self, extra_cas: tuple[Path, ...] = (), *, require_client: bool = False) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.load_cert_chain(self.cert, self.key, password=self._password)
        ctx.load_verify_locations(cafile=str(self.ca))
        for extra in extra_cas:
            ctx.load_verify_locations(cafile=str(extra))
        ctx.verify_mode = ssl.CERT_REQUIRED if require_client else ssl.CERT_OPTIONAL
        return ctx

    def client_context(self, ca: Path | None = None) -> ssl.SSLContext:
        """For calling a gateway of this district (or, with ``ca``, a peer district's gateway)."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # check_hostname and CERT_REQUIRED by default
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.load_verify_locations(cafile=str(ca or self.ca))
        ctx.load_cert_chain(self.cert, self.key, password=self._password)
        return ctx

    def _password(self) -> bytes:
        # A callable, so OpenSSL never falls back to prompting on a terminal for an encrypted key.
        return self.passphrase or b""


def client_context_of(folder: str | Path | None, secrets: Sequence[bytes] = ()) -> ssl.SSLContext | None:
    """The client context of a credentials folder; None when no folder is configured. ``secrets``: the
    kiosk's private-key passphrases (its ``key.pem`` is encrypted under its storage key)."""
    if not folder or not str(folder):
        return None
    return Credentials.load(folder, secrets).client_context()


def load_private_key_with(path: Path, secrets: Sequence[bytes]) -> tuple[Any, bytes | None]:
    """The key at ``path`` and the passphrase that opened it (None: a plain key, encrypted now if ``secrets``)."""
    from cryptography.hazmat.primitives import serialization

    from kiosk.storage import private_keys

    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e}", detail={"file": str(path)}) from None
    if not private_keys.is_encrypted(data):
        if secrets:
            private_keys.open_key(path, secrets)  # encrypted in place from now on (where it may be rewritten)
            if private_keys.is_encrypted(path.read_bytes()):
                return load_private_key(path, secrets[0]), secrets[0]
        return load_private_key(path), None
    if not secrets:
        raise ConfigError(f"{path} is encrypted: it opens with this kiosk's storage key only",
                          code="TLS_KEY_ENCRYPTED", detail={"file": str(path)})
    der, used = private_keys.decrypt(data, secrets)
    return serialization.load_der_private_key(der, password=None), used


def anonymous_context(ca: Path) -> ssl.SSLContext:
    """A client with no certificate of its own that still pins the district CA (a third party checking a
    certificate, a readiness probe)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_verify_locations(cafile=str(ca))
    return ctx
