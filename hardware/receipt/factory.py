"""Opens the receipt device named by a URL. Called only from :mod:`hardware.registry`."""

from __future__ import annotations

from typing import Any

from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


def open_receipt(url: DeviceUrl, **options: Any) -> Any:
    raise ConfigError(f"receipt URL {url.raw!r}: scheme {url.scheme!r} is not supported")
