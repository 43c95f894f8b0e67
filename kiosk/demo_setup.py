"""Prepares the data a demo kiosk needs (Qt-free, so ``scripts/setup`` can run it without a display)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk import paths
from kiosk.config import KioskConfig
from kiosk.paths import kiosk_key_files
from kiosk.requests.demo_district import put_demo_district
from kiosk.staff.pepper import load_pepper, make_pepper_file, pepper_path
from kiosk.staff.pins import Pepper
from kiosk.storage import StorageKey, storage_key_for

#: The demo district's key pair, shared with the demo's embedded gateway (it signs the sync feed with it).
DEMO_DISTRICT_DIR = "demo-district"
DEMO_KIOSK_CERT_DAYS = 730


def district_key_files(data_dir: Path) -> tuple[Path, Path]:
    """The demo district's key pair (a real kiosk holds only the district's public key)."""
    folder = data_dir / DEMO_DISTRICT_DIR
    return folder / "district.key", folder / "district.pub"


def prepare_demo(config: KioskConfig) -> dict[str, object]:
    data_dir = config.resolve(config.data.dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    key = storage_key_for(config)
    ensure_demo_keys(data_dir, config.point.kiosk_id, key)
    cache = ArchiveCache(config.resolve(config.cache.path), key=key)
    try:
        if cache.count() == 0:
            cache.put_records(demo_records(config.point.archive_code))
        # Staff and the archive directory, as the district would publish them: agents can sign in.
        put_demo_district(cache, project_root() / "assets" / "demo" / "district.toml", demo_pepper(config))
        return {"data_dir": str(data_dir), "records": cache.count()}
    finally:
        cache.close()


def demo_pepper(config: KioskConfig) -> Pepper:
    """The demo district's staff pepper, made on first use (a real district installs its own)."""
    path = pepper_path(config)
    return load_pepper(path, env={}) if path.exists() else make_pepper_file(path)


def ensure_demo_keys(data_dir: Path, kiosk_id: str, storage_key: StorageKey | None = None) -> None:
    """A demo district and this kiosk's key certified by it, so the demo prints genuinely signed copies.
    Kept when present and current; a kiosk certificate for another kiosk id, another district key or out of
    date is issued anew. With ``storage_key`` the kiosk's key is written encrypted under it, as a kiosk's is."""
    district_key, district_pub = district_key_files(data_dir)
    kiosk_key, kiosk_cert = kiosk_key_files(data_dir)
    today = datetime.now(UTC).date()
    if kiosk_key.exists() and _current(kiosk_cert, district_pub, kiosk_id, today):
        return
    # Only now: the signature libraries are a noticeable part of a demo's start-up.
    from kiosk.certify.kiosk_cert import issue_kiosk_certificate, save_kiosk_certificate
    from kiosk.crypto.keys import generate, load_signer, save_pair

    if not district_key.exists():
        save_pair(generate("sm2"), district_key, district_pub)
    district = load_signer(district_key)
    signer = generate(district.algorithm)  # type: ignore[arg-type]
    cert = issue_kiosk_certificate(district, kiosk_id, signer, today, today + timedelta(days=DEMO_KIOSK_CERT_DAYS - 1))
    if storage_key is not None:
        from kiosk.storage.private_keys import save_signer, secrets_for

        save_signer(signer, kiosk_key, kiosk_key.with_suffix(".pub"), secrets_for(storage_key)[0])
    else:
        save_pair(signer, kiosk_key, kiosk_key.with_suffix(".pub"))
    save_kiosk_certificate(cert, kiosk_cert)


def _current(kiosk_cert: Path, district_pub: Path, kiosk_id: str, today: date) -> bool:
    """The kiosk certificate names this kiosk, this district key and today (signatures are checked when the
    kiosk loads them to sign). Key files of any form the kiosk reads count, JSON ones of earlier versions too."""
    from kiosk.certify.kiosk_cert import district_key_ids, load_kiosk_certificate
    from kiosk.crypto.keys import load_verifier
    from kiosk.errors import KioskError

    try:
        cert = load_kiosk_certificate(kiosk_cert)
        district = load_verifier(district_pub)
    except KioskError:
        return False
    return (cert.kiosk_id == kiosk_id and cert.district_key_id in district_key_ids(district)
            and cert.valid_from <= today <= cert.valid_until)


def project_root() -> Path:
    return paths.ROOT
