"""Benchmarks behind ``kiosk bench NAME``, one module each, found by name.

A module ``kiosk/commands/benches/fuzz_idcard.py`` serves ``kiosk bench fuzz-idcard``; it has ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Benchmarks are development tooling: they may use test
dependencies (hypothesis), which the running kiosk never imports. Benchmarks that need the GUI join through the
``kiosk.benches`` entry points.
"""

import pkgutil

from kiosk.commands import plugged_in


def bench_modules() -> dict[str, str]:
    # A module whose name starts with "_" helps a bench and is not one.
    own = {m.name.replace("_", "-"): f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)
           if not m.ispkg and not m.name.startswith("_")}
    return own | plugged_in("kiosk.benches")
