"""What a gateway needs from its credentials folder to serve: the TLS contexts, whom it trusts as callers,
and the key that signs its feed.

The folder (``kiosk keys issue-gateway``) holds ``cert.pem``/``key.pem``/``ca.pem`` and the feed-signing
key ``feed.key`` with its certificate ``feed.cert`` by the district root and the root's public key
``district.pub``: the root's private key is not needed to serve.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from kiosk.certify.kiosk_cert import KioskCertificate, check_kiosk_certificate, load_kiosk_certificate
from kiosk.crypto.keys import Signer, Verifier, load_signer, load_verifier
from kiosk.errors import ConfigError
from kiosk.tls.credentials import Credentials
from kiosk.tls.district import DISTRICT_PUB, FEED_CERT, FEED_KEY, KIOSK_CA, KIOSK_CA_KEY
from kiosk.tls.identity import TrustedAuthorities
from kiosk.tls.pki import Authority, load_certificate, load_private_key, subject_value
from kiosk.tls.sealed import seal



@dataclass(frozen=True)
class CertifiedSigner:
    """A feed-signing key with the district root's certificate of it: batches carry the certificate, so
    a kiosk that trusts only the root checks them."""

    signer: Signer
    certificate: KioskCertificate

    @property
    def algorithm(self) -> str:
        return self.signer.algorithm

    @property
    def public_hex(self) -> str:
        return self.signer.public_hex

    def sign(self, data: bytes) -> bytes:
        return self.signer.sign(data)

    def verify(self, data: bytes, signature: bytes) -> bool:
        return self.signer.verify(data, signature)


def feed_signer(folder: Path) -> tuple[CertifiedSigner, Verifier]:
    """The feed key of a gateway's credentials folder and the district root it is certified by."""
    district = load_verifier(folder / DISTRICT_PUB)
    cert = load_kiosk_certificate(folder / FEED_CERT)
    signer = load_signer(folder / FEED_KEY)
    if cert.public_hex != signer.public_hex:
        raise ConfigError(f"{folder / FEED_CERT} does not certify {folder / FEED_KEY}", detail={"folder": str(folder)})
    check_kiosk_certificate(cert, district)
    return CertifiedSigner(signer, cert), district


def peer_authorities(peer_cas: Mapping[str, str | Path]) -> dict[str, x509.Certificate]:
    """Each peer district's CA, checked to be the CA of the archive code it is given for."""
    out = {}
    for code, path in peer_cas.items():
        ca = load_certificate(Path(path))
        named = subject_value(ca, NameOID.ORGANIZATION_NAME)
        if named != code:
            raise ConfigError(f"{path} is the CA of archive {named or '?'}, not of {code}",
                              code="TLS_PEER_CA_MISMATCH", detail={"file": str(path), "archive_code": code})
        out[code] = ca
    return out


@dataclass
class GatewayTLS:
    credentials: Credentials
    peer_cas: dict[str, Path] = field(default_factory=dict)
    _signing: Any = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: str | Path, peer_cas: Mapping[str, str | Path] | None = None) -> GatewayTLS:
        tls = cls(Credentials.load(folder), {c: Path(p) for c, p in (peer_cas or {}).items()})
        tls.trust()  # the CA files are checked at start, not at the first call
        return tls

    @property
    def archive_code(self) -> str:
        return self.credentials.identity()["archive_code"]

    def trust(self) -> TrustedAuthorities:
        issuers = (load_certificate(self.kiosk_ca),) if self.kiosk_ca.exists() else ()
        return TrustedAuthorities(self.credentials.ca_certificates()[0], peer_authorities(self.peer_cas), issuers)

    @property
    def kiosk_ca(self) -> Path:
        return self.credentials.folder / KIOSK_CA

    def kiosk_issuer(self) -> Authority | None:
        """The CA this gateway renews its kiosks' certificates with (None: renewals are off)."""
        if not self.kiosk_ca.exists():
            return None
        return Authority(load_certificate(self.kiosk_ca), load_private_key(self.credentials.folder / KIOSK_CA_KEY))

    def server_context(self) -> ssl.SSLContext:
        return self.credentials.server_context(tuple(self.peer_cas.values()))

    def seal(self, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` signed as this district's gateway (:mod:`kiosk.tls.sealed`)."""
        if self._signing is None:
            self._signing = (self.credentials.certificate(), load_private_key(self.credentials.key))
        return seal(body, *self._signing)

    def peer_context(self, archive_code: str) -> ssl.SSLContext | None:
        """For calling a peer's gateway: our gateway certificate, only that peer's CA trusted."""
        ca = self.peer_cas.get(archive_code)
        return self.credentials.client_context(ca) if ca is not None else None
