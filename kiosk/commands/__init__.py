"""Subcommands of ``kiosk``. Each module has ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

Modules import heavy libraries inside ``run`` so that ``kiosk --help`` and light commands start fast.
"""

COMMANDS: dict[str, str] = {
    name: f"kiosk.commands.{name}"
    for name in ("demo", "run", "gateway", "sync", "search", "idcard", "face", "print", "certify", "verify", "keys",
                 "request", "stats", "diag", "bench", "audit")
}
