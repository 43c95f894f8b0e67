"""Benchmarks behind ``kiosk bench NAME``, one module each, found by name.

A module ``kiosk/commands/benches/fuzz_idcard.py`` serves ``kiosk bench fuzz-idcard``; it has ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``.
"""

import pkgutil

BENCHES: dict[str, str] = {
    m.name.replace("_", "-"): f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__) if not m.ispkg
}
