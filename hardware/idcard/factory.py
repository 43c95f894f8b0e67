"""Opens the ID-card reader named by a URL. Called only from :mod:`hardware.registry`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


def open_idcard(url: DeviceUrl, *, cards_dir: str | Path, **options: Any) -> tuple[Any, Any]:
    """(reader, simulator control or None)."""
    if url.scheme == "sim" and url.host == "idcard":
        from hardware.idcard.demo_reader import InProcessCardReader

        reader = InProcessCardReader(url.query.get("cards", str(cards_dir)))
        return reader, reader
    raise ConfigError(f"ID-card reader URL {url.raw!r}: scheme {url.scheme!r} is not supported")
