"""The district's TLS certificate authority and the certificates it issues, in standard formats.

ECDSA P-256 keys, X.509 certificates in PEM, private keys as unencrypted PKCS#8 PEM written 0600, so
OpenSSL, curl and a browser read them. Every leaf names who it is in its subject:

- ``O``  the district's archive code (the CA's own ``O`` too);
- ``OU`` the role: ``kiosk``, ``gateway`` or ``staff``;
- ``CN`` the kiosk id, the gateway's host, or the staff id.

A gateway certificate carries ``serverAuth`` and ``clientAuth``: it serves kiosks and, towards a peer
district, is the client certificate of the federation link. Its subjectAltName lists the host names and
addresses kiosks dial.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.errors import ConfigError

ROLES = ("kiosk", "gateway", "staff")
CA_DAYS = 3650
KIOSK_DAYS = 30
GATEWAY_DAYS = 397
STAFF_DAYS = 365
ARCHIVE_CODE = re.compile(r"[0-9A-Za-z]{2,20}")
NAME = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
CA_CERT, CA_KEY = "ca.pem", "ca.key"
CERT_FILE, KEY_FILE = "cert.pem", "key.pem"


@dataclass(frozen=True)
class Authority:
    """A district CA: its certificate and private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def archive_code(self) -> str:
        return subject_value(self.cert, NameOID.ORGANIZATION_NAME)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _name(archive_code: str, role: str, common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, archive_code),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, role),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def subject_value(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    found = cert.subject.get_attributes_for_oid(oid)
    return str(found[0].value) if found else ""


def make_authority(archive_code: str, *, days: int = CA_DAYS, now: dt.datetime | None = None) -> Authority:
    if not ARCHIVE_CODE.fullmatch(archive_code):
        raise ConfigError(f"archive code {archive_code!r} is not 2-20 letters or digits")
    key = ec.generate_private_key(ec.SECP256R1())
    start = now or _now()
    name = _name(archive_code, "ca", f"District archive CA {archive_code}")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start - dt.timedelta(minutes=5)).not_valid_after(start + dt.timedelta(days=days))
            # Path length 1: below the root, a gateway's kiosk-issuing CA (renewals), and nothing deeper.
            .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Authority(cert, key)


def make_kiosk_issuer(root: Authority, *, days: int = GATEWAY_DAYS, now: dt.datetime | None = None) -> Authority:
    """A CA below the district root that may issue kiosk certificates only (the gateway renews kiosks with
    it; a leaf it issues is never taken for staff or a gateway). ``OU`` is ``kiosk-ca``."""
    key = ec.generate_private_key(ec.SECP256R1())
    start = now or _now()
    code = root.archive_code
    root_ski = root.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (x509.CertificateBuilder().subject_name(_name(code, "kiosk-ca", f"Kiosk issuing CA {code}"))
            .issuer_name(root.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start - dt.timedelta(minutes=5))
            .not_valid_after(min(start + dt.timedelta(days=days), root.cert.not_valid_after_utc))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(root.key, hashes.SHA256()))
    return Authority(cert, key)


def issue(authority: Authority, role: str, common_name: str, *, days: int, hosts: tuple[str, ...] = (),
          key: ec.EllipticCurvePrivateKey | None = None,
          now: dt.datetime | None = None) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A leaf certificate for ``role`` and a fresh key (or ``key``, for a renewal that keeps it)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    return issue_for_key(authority, role, common_name, key.public_key(), days=days, hosts=hosts, now=now), key


def issue_for_key(authority: Authority, role: str, common_name: str, public: ec.EllipticCurvePublicKey, *,
                  days: int, hosts: tuple[str, ...] = (), now: dt.datetime | None = None) -> x509.Certificate:
    """A leaf certificate for someone else's key (a kiosk's certificate request)."""
    if role not in ROLES:
        raise ConfigError(f"unknown certificate role {role!r}")
    if not NAME.fullmatch(common_name):
        raise ConfigError(f"{common_name!r} is not a valid {role} name (letters, digits, _.:-, at most 64)")
    if days < 1:
        raise ConfigError("a certificate is valid for at least one day")
    start = now or _now()
    usages = [ExtendedKeyUsageOID.CLIENT_AUTH]
    if role == "gateway":
        usages.append(ExtendedKeyUsageOID.SERVER_AUTH)
    ca_ski = authority.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (x509.CertificateBuilder().subject_name(_name(authority.archive_code, role, common_name))
               .issuer_name(authority.cert.subject).public_key(public)
               .serial_number(x509.random_serial_number())
               .not_valid_before(start - dt.timedelta(minutes=5))
               .not_valid_after(min(start + dt.timedelta(days=days), authority.cert.not_valid_after_utc))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=False, crl_sign=False,
                                            content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False))
    if hosts:
        builder = builder.add_extension(x509.SubjectAlternativeName([_general_name(h) for h in hosts]),
                                        critical=False)
    return builder.sign(authority.key, hashes.SHA256())


def _general_name(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


# --- files ------------------------------------------------------------------------------------------------
def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def write_private_key(key: ec.EllipticCurvePrivateKey, path: Path, passphrase: bytes | None = None) -> None:
    """PKCS#8 PEM, created 0600 (never readable by others, not even for a moment); encrypted under
    ``passphrase`` when given (a kiosk's own key, under its storage key)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase) if passphrase
                             else serialization.NoEncryption())
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def write_public(data: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save_authority(authority: Authority, folder: Path) -> None:
    write_private_key(authority.key, folder / CA_KEY)
    write_public(pem(authority.cert), folder / CA_CERT)


def load_authority(folder: Path) -> Authority:
    cert = load_certificate(folder / CA_CERT)
    key = load_private_key(folder / CA_KEY)
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise ConfigError(f"{folder / CA_KEY} is not the key of {folder / CA_CERT}", detail={"folder": str(folder)})
    return Authority(cert, key)


def load_certificate(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(Path(path).read_bytes())
    except FileNotFoundError:
        raise ConfigError(f"certificate {path} not found", detail={"file": str(path)}) from None
    except (OSError, ValueError) as e:
        raise ConfigError(f"{path} is not a PEM X.509 certificate: {e}", detail={"file": str(path)}) from None


def load_private_key(path: Path, passphrase: bytes | None = None) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=passphrase)
    except FileNotFoundError:
        raise ConfigError(f"private key {path} not found", detail={"file": str(path)}) from None
    except (OSError, ValueError, TypeError) as e:
        raise ConfigError(f"{path} is not a PKCS#8 PEM private key: {e}", detail={"file": str(path)}) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ConfigError(f"{path} is not an ECDSA key", detail={"file": str(path)})
    return key


def write_credentials(folder: Path, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey,
                      ca_certs: list[x509.Certificate], chain: tuple[x509.Certificate, ...] = ()) -> Path:
    """A credentials folder: ``cert.pem`` (the certificate, then any CA between it and the root),
    ``key.pem`` (PKCS#8, 0600) and ``ca.pem`` (the CA(s) it trusts). The key is written first: a folder
    never holds a certificate without its key."""
    write_private_key(key, folder / KEY_FILE)
    write_public(pem(cert) + b"".join(pem(c) for c in chain), folder / CERT_FILE)
    write_public(b"".join(pem(c) for c in ca_certs), folder / CA_CERT)
    return folder


def describe(cert: x509.Certificate) -> dict[str, str]:
    return {"role": subject_value(cert, NameOID.ORGANIZATIONAL_UNIT_NAME),
            "name": subject_value(cert, NameOID.COMMON_NAME),
            "archive_code": subject_value(cert, NameOID.ORGANIZATION_NAME),
            "serial": format(cert.serial_number, "x"),
            "not_after": cert.not_valid_after_utc.isoformat()}
