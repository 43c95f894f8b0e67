"""python-escpos, imported once and kept from touching the root logger.

Importing ``escpos.capabilities`` calls ``logging.basicConfig()``, which adds a stderr handler to the
root logger when none is set yet: the kiosk's own logging (masked, to files) would then also go to
stderr, into the CLI's output. We take that handler back right after the import.

It also parses its printer database on every start unless told where to keep the parsed copy, and makes a
new temporary folder for it each time (``environ.get(..., mkdtemp())`` runs mkdtemp either way): a kiosk
restarted daily would fill /tmp with them. The parsed copy lives in the user's cache folder instead, and
the empty folder is removed.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def _capabilities_cache() -> Path | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kiosk" / "escpos"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: escpos keeps its temporary folder
    return base


def _import_without_root_handler() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    cache = _capabilities_cache()
    if cache is not None:
        os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))
    # escpos.capabilities still makes (and forgets) an empty temporary folder: note the one it makes — only
    # its own call, since other threads may make temporary folders meanwhile — and remove it.
    made: list[str] = []
    original = tempfile.mkdtemp

    def noting_mkdtemp(*args: Any, **kwargs: Any) -> str:
        folder = original(*args, **kwargs)
        if sys._getframe(1).f_globals.get("__name__") == "escpos.capabilities":
            made.append(folder)
        return folder

    tempfile.mkdtemp = noting_mkdtemp
    try:
        importlib.import_module("escpos.printer")
    finally:
        tempfile.mkdtemp = original
    for folder in made:
        if cache is not None:
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # empty: the parsed database went to the cache folder
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)


_import_without_root_handler()

from escpos.image import EscposImage  # noqa: E402
from escpos.printer import Dummy, Usb  # noqa: E402

__all__ = ["EscposImage", "Dummy", "Usb"]
