"""Benchmarks behind ``kiosk bench NAME``. Each module has ``HELP``, ``add_arguments`` and ``run``."""

BENCHES: dict[str, str] = {}
