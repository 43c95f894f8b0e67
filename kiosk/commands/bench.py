"""`kiosk bench NAME`: measurements (speed lives here, not in timed tests)."""

from __future__ import annotations

import argparse
import importlib

from kiosk.commands.benches import bench_modules
from kiosk.commands.output import not_available

HELP = "benchmarks: idcard, fuzz-idcard, identity, search, sync, print, certify, ui, diag"
KNOWN = ("idcard", "fuzz-idcard", "identity", "search", "sync", "print", "certify", "ui", "diag")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="bench", required=True, metavar="NAME")
    benches = bench_modules()
    for name in KNOWN:
        if name in benches:
            module = importlib.import_module(benches[name])
            bp = sub.add_parser(name, help=module.HELP)
            module.add_arguments(bp)
            bp.set_defaults(_bench=module.run)
        else:
            bp = sub.add_parser(name, help=f"{name} (not available yet)")
            bp.add_argument("--json", action="store_true")
            bp.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    bench = getattr(args, "_bench", None)
    if bench is None:
        raise not_available(f"kiosk bench {args.bench}")
    return int(bench(args) or 0)
