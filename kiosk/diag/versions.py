"""What software this kiosk runs: for the technician screen and the support bundle."""

from __future__ import annotations

import importlib.metadata
import platform
import sqlite3
import sys

from kiosk import __version__

#: Distributions whose versions explain most field problems (drivers, Qt, face engine, crypto).
PACKAGES: tuple[str, ...] = ("archive-kiosk", "PySide6-Essentials", "pyserial", "opencv-python-headless", "dlib-bin",
                             "face_recognition", "python-escpos", "pycups", "sqlite-utils", "pydantic", "httpx",
                             "fastapi", "cryptography", "gmssl", "reportlab")


def versions() -> dict[str, str]:
    found: dict[str, str] = {"kiosk": __version__, "python": sys.version.split()[0],
                             "platform": platform.platform(), "sqlite": sqlite3.sqlite_version}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
