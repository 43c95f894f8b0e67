"""The ``kiosk`` command: one entry point, subcommands in ``kiosk/commands/``.

This is the composition root for everything that is not the GUI: it reads config, builds objects and
hands them in. Every error ends as one line on stderr (or a JSON object with ``--json``) and an exit
code; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.commands import command_modules
from kiosk.errors import KioskError
from kiosk.storage_faults import storage_fault

log = logging.getLogger("kiosk.cli")


class _Parser(argparse.ArgumentParser):
    #: Set when the command line asks for JSON: a script reading stdout then gets the usage error as JSON too.
    json_errors = False

    def error(self, message: str) -> None:  # argparse's own errors: exit 2 with one line, like ours
        # One line naming the argument (the types in kiosk/commands/argtypes.py say what is wrong); the
        # usage stays one --help away. Non-UTF-8 bytes of a value are escaped, never a second error.
        message = " ".join(message.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace").split())
        if _Parser.json_errors:
            print(json.dumps({"error": {"code": "USAGE", "message": f"{self.prog}: {message}"}}, ensure_ascii=False))
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiosk", description="Archive self-service kiosk (社区档案便民服务点自助终端)")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in command_modules().items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    _Parser.json_errors = "--json" in argv
    try:
        args = parser.parse_args(argv)
    finally:
        _Parser.json_errors = False
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except KioskError as e:
        return _report(args, e)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kiosk ... | head`): stop quietly, and keep the interpreter's final flush
        # from raising the same error again as a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as e:
        # A data path that is full, read-only, not ours or the wrong kind of thing, met wherever a command
        # touched it: the typed fault with the path and what to do, not a traceback.
        fault = storage_fault(e, e.filename or "")
        if fault is None:
            raise
        return _report(args, fault)


def _report(args: argparse.Namespace, e: KioskError) -> int:
    if wants_json(args):
        print(json.dumps({"error": {"code": e.code, "message": e.message}}, ensure_ascii=False))
    else:
        print(f"kiosk {args.command}: {e.message} [{e.code}]", file=sys.stderr)
    return e.exit_code


def entry() -> int:
    """The process entry point (the ``kiosk`` script, ``python -m kiosk.cli``): every file and folder the
    kiosk creates is its user's alone (data, keys, logs, support bundles), whatever umask it was started
    with."""
    os.umask(0o077)
    return main()


if __name__ == "__main__":
    sys.exit(entry())
