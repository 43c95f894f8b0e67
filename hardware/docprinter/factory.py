"""Opens the docprinter device named by a URL. Called only from :mod:`hardware.registry`.

``cups://KioskPDF`` (``?server=host:631``), ``sim://docprinter?dir=/path&hold=1&jam=next|now&paused=1``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hardware.docprinter.cups_queue import CupsQueue
from hardware.docprinter.simulator import DocPrinterSimulator
from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


def open_docprinter(url: DeviceUrl, **options: Any) -> tuple[Any, DocPrinterSimulator | None]:
    if url.scheme == "cups":
        queue = url.host or url.path.strip("/")
        if not queue:
            raise ConfigError(f"docprinter URL {url.raw!r}: name the CUPS queue, e.g. cups://KioskPDF")
        return CupsQueue(queue, url.raw, url.query.get("server", "localhost:631")), None
    if url.scheme == "sim":
        folder = url.query.get("dir") or options.get("folder") or tempfile.mkdtemp(prefix="kiosk-docprinter-")
        sim = DocPrinterSimulator(Path(folder), url.raw, hold=url.query.get("hold") in ("1", "true", "yes"))
        if url.query.get("jam") in ("now", "next"):
            sim.jam(now=url.query["jam"] == "now")
        if url.query.get("paused") in ("1", "true", "yes"):
            sim.pause()
        return sim, sim
    raise ConfigError(f"docprinter URL {url.raw!r}: scheme {url.scheme!r} is not supported (cups, sim)")
