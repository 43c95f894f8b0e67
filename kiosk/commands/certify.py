"""`kiosk certify`."""

from __future__ import annotations

import argparse

from kiosk.commands.output import add_json_flag, not_available

HELP = "issue certified copies"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    raise not_available("kiosk certify")
