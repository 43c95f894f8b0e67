"""`kiosk bench NAME`: measurements (speed lives here, not in timed tests).

Every bench is found by its name (:func:`kiosk.commands.benches.bench_modules`): a new module in
``kiosk/commands/benches/`` or a ``kiosk.benches`` entry point is a new ``kiosk bench NAME``, nothing to list.
"""

from __future__ import annotations

import argparse
import importlib

from kiosk.commands.benches import bench_modules
from kiosk.commands.output import not_available

HELP = "benchmarks (kiosk bench --help lists them): start-up, ID card, identity, search, sync, print, ..."


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="bench", required=True, metavar="NAME")
    for name, path in sorted(bench_modules().items()):
        module = importlib.import_module(path)
        bp = sub.add_parser(name, help=module.HELP)
        module.add_arguments(bp)
        bp.set_defaults(_bench=module.run)


def run(args: argparse.Namespace) -> int:
    bench = getattr(args, "_bench", None)
    if bench is None:
        raise not_available(f"kiosk bench {args.bench}")
    return int(bench(args) or 0)
