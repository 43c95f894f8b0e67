"""Prepares the data a demo kiosk needs (Qt-free, so ``scripts/setup`` can run it without a display)."""

from __future__ import annotations

from pathlib import Path

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.config import KioskConfig


def prepare_demo(config: KioskConfig) -> dict[str, object]:
    data_dir = config.resolve(config.data.dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    cache = ArchiveCache(config.resolve(config.cache.path))
    try:
        if cache.count() == 0:
            cache.put_records(demo_records(config.point.archive_code))
        return {"data_dir": str(data_dir), "records": cache.count()}
    finally:
        cache.close()


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
