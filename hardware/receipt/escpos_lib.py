"""python-escpos, imported once and kept from touching the root logger.

Importing ``escpos.capabilities`` calls ``logging.basicConfig()``, which adds a stderr handler to the
root logger when none is set yet: the kiosk's own logging (masked, to files) would then also go to
stderr, into the CLI's output. We take that handler back right after the import.
"""

from __future__ import annotations

import importlib
import logging


def _import_without_root_handler() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    importlib.import_module("escpos.printer")
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)


_import_without_root_handler()

from escpos.image import EscposImage  # noqa: E402
from escpos.printer import Dummy, Usb  # noqa: E402

__all__ = ["EscposImage", "Dummy", "Usb"]
