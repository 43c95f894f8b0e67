"""Issuing a gateway's credentials folder, and the demo's throwaway district made on first start.

Used by ``kiosk keys issue-gateway`` and by the demo's embedded gateway, so both write the same files.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.certify.kiosk_cert import issue_kiosk_certificate, save_kiosk_certificate
from kiosk.crypto.keys import generate, load_signer, save_pair
from kiosk.errors import ConfigError
from kiosk.tls import pki

FEED_KEY, FEED_PUB, FEED_CERT, DISTRICT_PUB = "feed.key", "feed.pub", "feed.cert", "district.pub"
FEED_DAYS = 397
KIOSK_CA, KIOSK_CA_KEY = "kiosk-ca.pem", "kiosk-ca.key"
DEMO_GATEWAY, DEMO_KIOSK = "gateway", "kiosk-tls"
DEMO_FOLDER = "demo-district"  # under the demo kiosk's data folder


def demo_district_pub(data_dir: Path) -> Path:
    return data_dir / DEMO_FOLDER / DISTRICT_PUB


def issue_gateway(district: Path, archive_code: str, hosts: tuple[str, ...], out: Path,
                  days: int = pki.GATEWAY_DAYS) -> dict[str, Any]:
    """``out``: the gateway's TLS credentials, its feed-signing key certified by the district root
    (``feed.key``, ``feed.cert``) and the root's public key; never the root's private key."""
    authority = pki.load_authority(district)
    if authority.archive_code != archive_code:
        raise ConfigError(f"the district CA in {district} is for archive {authority.archive_code}, "
                          f"not {archive_code}", detail={"ca_archive_code": authority.archive_code})
    cert, key = pki.issue(authority, "gateway", archive_code, days=days, hosts=hosts)
    pki.write_credentials(out, cert, key, [authority.cert])
    root = load_signer(district / "district.key")
    feed = generate(root.algorithm)  # type: ignore[arg-type]
    today = cert.not_valid_before_utc.date()
    feed_cert = issue_kiosk_certificate(root, f"feed-{archive_code}", feed, today,
                                        today + timedelta(days=FEED_DAYS - 1))
    save_pair(feed, out / FEED_KEY, out / FEED_PUB)
    save_kiosk_certificate(feed_cert, out / FEED_CERT)
    pki.write_public((district / DISTRICT_PUB).read_bytes(), out / DISTRICT_PUB)
    # The CA the gateway renews its kiosks' certificates with: kiosk certificates only, never the root.
    issuer = pki.make_kiosk_issuer(authority, days=days)
    pki.write_private_key(issuer.key, out / KIOSK_CA_KEY)
    pki.write_public(pki.pem(issuer.cert), out / KIOSK_CA)
    return {"credentials": str(out), **pki.describe(cert), "hosts": list(hosts), "feed_key": str(out / FEED_KEY),
            "feed_key_id": feed_cert.key_id, "feed_valid_until": feed_cert.valid_until.isoformat()}


def issue_kiosk(district: Path, kiosk_id: str, out: Path, days: int = pki.KIOSK_DAYS) -> dict[str, Any]:
    authority = pki.load_authority(district)
    cert, key = pki.issue(authority, "kiosk", kiosk_id, days=days)
    pki.write_credentials(out, cert, key, [authority.cert])
    return {"credentials": str(out), **pki.describe(cert)}


def ensure_demo_district(folder: Path, archive_code: str, kiosk_id: str) -> tuple[Path, Path]:
    """The demo's own district under its data folder, made once (what is missing is made): root key, CA,
    the embedded gateway's credentials for 127.0.0.1 and the demo kiosk's. Returns (gateway, kiosk)
    credentials folders."""
    if not (folder / "district.key").exists():
        save_pair(generate(), folder / "district.key", folder / DISTRICT_PUB)
    if not (folder / pki.CA_KEY).exists():
        pki.save_authority(pki.make_authority(archive_code), folder)
    gateway, kiosk = folder / DEMO_GATEWAY, folder / DEMO_KIOSK
    if not (gateway / FEED_CERT).exists():
        issue_gateway(folder, archive_code, ("127.0.0.1", "localhost"), gateway)
    if not (kiosk / pki.KEY_FILE).exists() or _expiring(kiosk / pki.CERT_FILE):
        issue_kiosk(folder, kiosk_id, kiosk)
    return gateway, kiosk


def _expiring(cert_path: Path) -> bool:
    import datetime as dt

    cert = pki.load_certificate(cert_path)
    return cert.not_valid_after_utc - dt.datetime.now(dt.timezone.utc) < dt.timedelta(days=7)
