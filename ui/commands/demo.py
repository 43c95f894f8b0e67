"""`kiosk demo`: the kiosk on simulated devices with the embedded demo archive."""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.commands import argtypes as at
from kiosk.commands.output import emit
from kiosk.config import load_config
from kiosk.demo_setup import prepare_demo, project_root

HELP = "start the kiosk on simulated devices and an embedded demo archive"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=at.path_text, default=str(project_root() / "config" / "demo.toml"))
    p.add_argument("--prepare-only", action="store_true", help="prepare demo data and exit (no window)")
    p.add_argument("--walkthrough", metavar="OUTDIR", type=at.creatable_dir,
                   help="drive the resident flows headless, save a PNG of every screen in five looks and "
                        "OUTDIR/accessibility.json, then exit")
    p.add_argument("--json", action="store_true")
    # For `kiosk bench ui`: report the attract screen's first paint (and memory), then quit; or paint an empty
    # window (the baseline, started the same way); or drive one visit and report the event loop's gaps.
    p.add_argument("--probe", choices=("startup", "memory", "empty-window", "visit"), help=argparse.SUPPRESS)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    if args.probe == "empty-window":
        from ui.devtools.startup_probe import empty_window

        return empty_window()
    config = load_config(args.config)
    prepared = prepare_demo(config)
    if args.prepare_only:
        emit(args, prepared, f"demo data ready in {prepared['data_dir']} ({prepared['records']} records)")
        return 0
    if args.walkthrough:
        return _walkthrough(args, config)
    if args.probe == "visit":
        from ui.devtools.loop_probe import main as visit_probe

        return visit_probe(["--config", args.config])
    if not has_display():
        print("kiosk demo: no display. Run it on a virtual screen: "
              "xvfb-run -s '-screen 0 1920x1080x24' ./scripts/demo", file=sys.stderr)
        return 2
    from ui.app import run_app

    return run_app(config, demo=True, probe=args.probe)


def _walkthrough(args: argparse.Namespace, config) -> int:
    # Headless unless a display was asked for: the walkthrough photographs widgets, it needs no screen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pathlib import Path

    from ui.devtools.walkthrough import walkthrough_app

    report = walkthrough_app(config, Path(args.walkthrough))
    screens = report["screens"]
    names = sorted({e["screen"] for e in screens})
    summary = {"outdir": args.walkthrough, "screens": len(names), "pictures": len(screens),
               "min_text_px": min(e["min_text_px"] for e in screens),
               "min_target_px": min(e["min_target_px"] for e in screens),
               "min_contrast": min(e["min_contrast"] for e in screens)}
    emit(args, summary, f"{len(screens)} pictures of {len(names)} screens in {args.walkthrough}; smallest text "
                        f"{summary['min_text_px']:g} px, smallest target {summary['min_target_px']:g} px, "
                        f"lowest contrast {summary['min_contrast']:.1f}:1")
    return 0
