"""Device URLs (``scheme://host/path?query``), parsed once into a small typed value."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from kiosk.errors import ConfigError


@dataclass(frozen=True)
class DeviceUrl:
    raw: str
    scheme: str
    host: str
    path: str
    query: dict[str, str] = field(default_factory=dict)

    def int_param(self, name: str, default: int) -> int:
        try:
            return int(self.query.get(name, default))
        except ValueError:
            raise ConfigError(f"device URL {self.raw!r}: parameter {name!r} must be a whole number") from None


def parse_device_url(url: str) -> DeviceUrl:
    if "://" not in url:
        # A bare path such as /dev/ttyUSB0 or /dev/pts/3 is a serial device.
        if url.startswith("/"):
            return DeviceUrl(url, "serial", "", url)
        raise ConfigError(f"device URL {url!r} has no scheme (expected e.g. serial:///dev/ttyUSB0 or sim://...)")
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return DeviceUrl(url, parts.scheme.lower(), parts.netloc, parts.path, query)
