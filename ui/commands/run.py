"""`kiosk run`: the kiosk on the devices its config names."""

from __future__ import annotations

import argparse
import sys

from ui.commands.demo import has_display
from kiosk.config import load_config
from kiosk.commands import argtypes as at
from kiosk.production import refuse_unfit_for_service
from kiosk.storage import storage_key_for

HELP = "start the kiosk with the devices and gateway named in a config file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", required=True, type=at.path_text, help="path of kiosk.toml")
    p.add_argument("--check", action="store_true", help="validate the config and exit")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    refuse_unfit_for_service(config, storage_key_for(config))
    if args.check:
        print(f"{args.config}: ok")
        return 0
    if not has_display():
        print("kiosk run: no display (set DISPLAY, or run under xvfb-run)", file=sys.stderr)
        return 2
    from ui.app import run_app

    return run_app(config, demo=False)
