"""Printer profiles: how a receipt printer wants its Chinese text and QR codes, picked per device URL.

``escpos+tcp://10.0.0.5:9100?profile=cn80`` names a profile; single keys override it
(``&text=raster&qr=image&columns=32&dots=384``). The URL lives in config ``[devices] receipt``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


@dataclass(frozen=True)
class ReceiptProfile:
    name: str
    #: "gb18030": the printer's Chinese mode (FS &) with GB18030 bytes; "raster": text drawn as an image,
    #: for printers without a Chinese font.
    text: Literal["gb18030", "raster"] = "gb18030"
    #: Lines with characters outside this charset are drawn as images even in "gb18030" mode: most Chinese
    #: printer fonts hold GBK only, and a rare name character (e.g. 䶮) must not become "?".
    font_charset: str = "gbk"
    qr: Literal["native", "image"] = "native"
    columns: int = 48
    dots: int = 576
    cut: Literal["full", "partial", "none"] = "partial"
    #: How long a silent printer gets to answer one status query.
    status_timeout_s: float = 0.5
    #: How long printing a receipt may take before we ask why it has not finished.
    confirm_timeout_s: float = 10.0


PROFILES: dict[str, ReceiptProfile] = {
    "cn80": ReceiptProfile("cn80"),
    "cn58": ReceiptProfile("cn58", columns=32, dots=384),
    "raster80": ReceiptProfile("raster80", text="raster", qr="image"),
    "raster58": ReceiptProfile("raster58", text="raster", qr="image", columns=32, dots=384),
}
_CHOICES = {"text": ("gb18030", "raster"), "qr": ("native", "image"), "cut": ("full", "partial", "none")}


def profile_from_url(url: DeviceUrl) -> ReceiptProfile:
    name = url.query.get("profile", "cn80")
    if name not in PROFILES:
        raise ConfigError(f"receipt URL {url.raw!r}: unknown profile {name!r} (known: {', '.join(PROFILES)})")
    profile = PROFILES[name]
    changes: dict[str, object] = {}
    for key, allowed in _CHOICES.items():
        if key in url.query:
            if url.query[key] not in allowed:
                raise ConfigError(f"receipt URL {url.raw!r}: {key} must be one of {', '.join(allowed)}")
            changes[key] = url.query[key]
    for key in ("columns", "dots"):
        if key in url.query:
            changes[key] = url.int_param(key, getattr(profile, key))
    for key in ("status_timeout_s", "confirm_timeout_s"):
        if key in url.query:
            try:
                changes[key] = float(url.query[key])
            except ValueError:
                raise ConfigError(f"receipt URL {url.raw!r}: {key} must be a number of seconds") from None
    if "charset" in url.query:
        changes["font_charset"] = url.query["charset"]
    return replace(profile, **changes)
