"""Prepares the data a demo kiosk needs (Qt-free, so ``scripts/setup`` can run it without a display)."""

from __future__ import annotations

from pathlib import Path

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.config import KioskConfig
from kiosk.requests.demo_district import put_demo_district


def prepare_demo(config: KioskConfig) -> dict[str, object]:
    data_dir = config.resolve(config.data.dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    cache = ArchiveCache(config.resolve(config.cache.path))
    try:
        if cache.count() == 0:
            cache.put_records(demo_records(config.point.archive_code))
        # Staff and the archive directory, as the district would publish them: agents can sign in.
        put_demo_district(cache, project_root() / "assets" / "demo" / "district.toml")
        return {"data_dir": str(data_dir), "records": cache.count()}
    finally:
        cache.close()


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
