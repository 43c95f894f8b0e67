"""Subcommands of ``kiosk``. Each module has ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

Modules import heavy libraries inside ``run`` so that ``kiosk --help`` and light commands start fast. The
commands that start the GUI live in ``ui/`` (nothing below the UI imports it) and join through the
``kiosk.commands`` entry points the distribution declares.
"""

from importlib.metadata import entry_points

_OWN = ("gateway", "sync", "search", "idcard", "face", "print", "certify", "verify", "keys", "request", "stats",
        "diag", "bench", "audit", "update", "staff", "config")
#: Where each command stands in ``kiosk --help``: the GUI's first, as an operator looks for them first.
_ORDER = ("demo", "run", *_OWN)


def plugged_in(group: str) -> dict[str, str]:
    """Modules other packages offer under an entry-point group: name → module path."""
    return {ep.name: ep.value for ep in entry_points(group=group)}


def command_modules() -> dict[str, str]:
    found = {name: f"kiosk.commands.{name}" for name in _OWN} | plugged_in("kiosk.commands")
    rank = {name: i for i, name in enumerate(_ORDER)}
    return dict(sorted(found.items(), key=lambda item: rank.get(item[0], len(rank))))
