"""Printing a command's result: JSON on stdout with ``--json``, readable lines otherwise."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.errors import NotAvailableYet


def add_json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def emit(args: argparse.Namespace, result: dict[str, Any], text: str | None = None) -> None:
    if getattr(args, "json", False):
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        print(text if text is not None else json.dumps(result, ensure_ascii=False, indent=2, default=str))


def not_available(what: str) -> NotAvailableYet:
    return NotAvailableYet(f"'{what}' is not available yet in this version of the kiosk")
