"""Who a TLS caller is, from the certificate it presented.

The handshake has already checked the chain against the CAs the gateway trusts. Here the caller's
district comes from *which* CA issued the certificate, never from the subject alone: another district's
CA can write any archive code into a certificate it issues, so a leaf of a peer's CA is only ever that
peer's gateway, and only if its subject names the peer's code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.tls.pki import subject_value


class Role(str, enum.Enum):
    KIOSK = "kiosk"
    PEER = "peer"  # another district's gateway
    STAFF = "staff"
    PUBLIC = "public"  # anyone, with or without a certificate


@dataclass(frozen=True)
class Caller:
    role: Role
    name: str  # kiosk id, staff id, or the peer's archive code
    archive_code: str
    serial: str = ""
    not_before: float = 0.0  # POSIX seconds: a revocation "effective from" compares with it

    @property
    def label(self) -> str:
        return f"{self.role.value}:{self.name}"


ANONYMOUS = Caller(Role.PUBLIC, "anonymous", "")


class TrustedAuthorities:
    """The gateway's own district CA and its peers' CAs, by archive code."""

    def __init__(self, own: x509.Certificate, peers: Mapping[str, x509.Certificate] | None = None,
                 kiosk_issuers: tuple[x509.Certificate, ...] = ()):
        self.own = own
        self.own_code = subject_value(own, NameOID.ORGANIZATION_NAME)
        self.peers = dict(peers or {})
        # CAs below our root that renew kiosk certificates: their leaves are kiosks or nothing.
        self.kiosk_issuers = tuple(ca for ca in kiosk_issuers if issued_by(ca, own))
        self._resolve = lru_cache(maxsize=4096)(self._caller)

    def caller(self, der: bytes | None) -> Caller | None:
        """The caller a verified certificate names; None for a certificate that names no role we grant."""
        if not der:
            return None
        return self._resolve(der)

    def _caller(self, der: bytes) -> Caller | None:
        try:
            leaf = x509.load_der_x509_certificate(der)
        except ValueError:
            return None
        role = subject_value(leaf, NameOID.ORGANIZATIONAL_UNIT_NAME)
        code = subject_value(leaf, NameOID.ORGANIZATION_NAME)
        name = subject_value(leaf, NameOID.COMMON_NAME)
        serial = format(leaf.serial_number, "x")
        start = leaf.not_valid_before_utc.timestamp()
        if issued_by(leaf, self.own):
            if code != self.own_code:
                return None
            if role == "kiosk":
                return Caller(Role.KIOSK, name, code, serial, start)
            if role == "staff":
                return Caller(Role.STAFF, name, code, serial, start)
            return None  # our own gateway's certificate is no caller of ours
        for issuer in self.kiosk_issuers:
            if issued_by(leaf, issuer):
                if role == "kiosk" and code == self.own_code:
                    return Caller(Role.KIOSK, name, code, serial, start)
                return None
        for peer_code, ca in self.peers.items():
            if issued_by(leaf, ca):
                if role == "gateway" and code == peer_code:
                    return Caller(Role.PEER, peer_code, peer_code, serial, start)
                return None
        return None


def issued_by(leaf: x509.Certificate, ca: x509.Certificate) -> bool:
    if leaf.issuer != ca.subject:
        return False
    key = ca.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return False
    try:
        leaf.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
