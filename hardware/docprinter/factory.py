"""Opens the docprinter device named by a URL. Called only from :mod:`hardware.registry`."""

from __future__ import annotations

from typing import Any

from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


def open_docprinter(url: DeviceUrl, **options: Any) -> Any:
    raise ConfigError(f"docprinter URL {url.raw!r}: scheme {url.scheme!r} is not supported")
