"""A kiosk renews its TLS certificate over its authenticated link before it expires.

A fresh P-256 key is made on the kiosk, its certificate request sent to the gateway
(``POST /tls/renew``, as the kiosk it still is), and the answer checked before anything is replaced: the
certificate is for the new key and the same kiosk, and it chains to the district CA the kiosk pins. The
new key and certificate are written beside the old ones first (``*.new``) and then moved into place; a
kiosk interrupted between the two moves finishes them at its next start (:func:`finish_renewal`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.errors import GatewayRefused
from kiosk.tls import pki
from kiosk.tls.identity import issued_by

RENEW_BEFORE = dt.timedelta(days=10)


class Link(Protocol):
    def post_json(self, path: str, body: Any) -> dict[str, Any]: ...


def expires(folder: Path) -> dt.datetime:
    return pki.load_certificate(folder / pki.CERT_FILE).not_valid_after_utc


def due(folder: Path, now: dt.datetime | None = None, before: dt.timedelta = RENEW_BEFORE) -> bool:
    return expires(folder) - (now or dt.datetime.now(dt.timezone.utc)) < before


def renew(folder: Path, link: Link, passphrase: bytes | None = None) -> dict[str, Any]:
    """``passphrase``: the kiosk's private-key passphrase; the new key is written encrypted under it."""
    folder = Path(folder)
    old = pki.load_certificate(folder / pki.CERT_FILE)
    name = pki.subject_value(old, NameOID.COMMON_NAME)
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])).sign(key, hashes.SHA256()))
    answer = link.post_json("/tls/renew", {"csr": csr.public_bytes(serialization.Encoding.PEM).decode("ascii")})
    try:
        chain = x509.load_pem_x509_certificates(str(answer.get("certificate", "")).encode("ascii"))
    except ValueError:
        chain = []
    roots = x509.load_pem_x509_certificates((folder / pki.CA_CERT).read_bytes())
    if not _acceptable(chain, key, old, roots):
        raise GatewayRefused("the gateway's renewed certificate is not one this kiosk can use", code="TLS_BAD_RENEWAL")
    pki.write_private_key(key, folder / (pki.KEY_FILE + ".new"), passphrase)
    pki.write_public(b"".join(pki.pem(c) for c in chain), folder / (pki.CERT_FILE + ".new"))
    finish_renewal(folder)
    return {"renewed": True, "not_after": chain[0].not_valid_after_utc.isoformat(), "kiosk_id": name}


def _acceptable(chain: list[x509.Certificate], key: ec.EllipticCurvePrivateKey, old: x509.Certificate,
                roots: list[x509.Certificate]) -> bool:
    if not chain or chain[0].public_key().public_numbers() != key.public_key().public_numbers():
        return False
    if pki.describe(chain[0])["name"] != pki.describe(old)["name"] or pki.describe(chain[0])["role"] != "kiosk":
        return False
    # leaf ← (an issuing CA ←) a root the kiosk pins
    links = list(zip(chain, chain[1:]))
    if not all(issued_by(child, parent) for child, parent in links):
        return False
    return any(issued_by(chain[-1], root) or chain[-1] == root for root in roots)


def finish_renewal(folder: Path) -> bool:
    """Move a complete renewal (both ``.new`` files, matching) into place; True if there was one."""
    key_new, cert_new = folder / (pki.KEY_FILE + ".new"), folder / (pki.CERT_FILE + ".new")
    if not cert_new.exists():  # cut short while writing: the old pair is still whole and in place
        return False
    if key_new.exists():
        os.replace(key_new, folder / pki.KEY_FILE)
    os.replace(cert_new, folder / pki.CERT_FILE)
    return True


def renew_if_due(folder: Path, link: Link, now: dt.datetime | None = None,
                 passphrase: bytes | None = None) -> dict[str, Any]:
    if not due(Path(folder), now):
        return {"renewed": False, "not_after": expires(Path(folder)).isoformat()}
    return renew(Path(folder), link, passphrase)
