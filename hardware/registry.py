"""Device URL → driver. The only place that knows which class serves which URL scheme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hardware.idcard.events import CardReader
from hardware.urls import parse_device_url
from kiosk.errors import ConfigError


@dataclass
class OpenedDevice:
    driver: Any
    #: The simulator's control handle when the URL names a simulator (``sim://``), else None.
    simulator: Any = None


def open_idcard(url: str, *, cards_dir: str | Path) -> OpenedDevice:
    u = parse_device_url(url)
    if u.scheme == "sim" and u.host == "idcard":
        from hardware.idcard.demo_reader import InProcessCardReader

        reader: CardReader = InProcessCardReader(u.query.get("cards", str(cards_dir)))
        return OpenedDevice(reader, reader)
    raise ConfigError(f"ID-card reader URL {url!r}: scheme {u.scheme!r} is not supported")
