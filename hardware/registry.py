"""Device URL → driver. Each device package's ``factory`` decides which class serves which scheme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hardware.urls import parse_device_url


@dataclass
class OpenedDevice:
    driver: Any
    #: The simulator's control handle when the URL names a simulator (``sim://``), else None.
    simulator: Any = None


def open_idcard(url: str, **options: Any) -> OpenedDevice:
    from hardware.idcard.factory import open_idcard as factory

    driver, sim = factory(parse_device_url(url), **options)
    return OpenedDevice(driver, sim)


def open_camera(url: str, **options: Any) -> OpenedDevice:
    from hardware.camera.factory import open_camera as factory

    return _wrap(factory(parse_device_url(url), **options))


def open_receipt(url: str, **options: Any) -> OpenedDevice:
    from hardware.receipt.factory import open_receipt as factory

    return _wrap(factory(parse_device_url(url), **options))


def open_docprinter(url: str, **options: Any) -> OpenedDevice:
    from hardware.docprinter.factory import open_docprinter as factory

    return _wrap(factory(parse_device_url(url), **options))


def _wrap(result: Any) -> OpenedDevice:
    if isinstance(result, tuple):
        return OpenedDevice(*result)
    return OpenedDevice(result)
