"""The ``kiosk`` subcommands that start the GUI (``demo``, ``run``, ``bench identity``).

``kiosk/`` knows nothing of ``ui/``: these modules are offered to its command line as the entry points
``kiosk.commands`` and ``kiosk.benches`` in ``pyproject.toml``, each with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int`` like kiosk's own.
"""
