"""`kiosk diag`: the technician's self-tests headless, and the redacted support bundle.

This is a composition root: it reads config, binds the device checks from :mod:`hardware.diagnostics`
and the Qt-free checks from :mod:`kiosk.diag`, runs them bounded in time and reports them redacted.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag
from kiosk.config import KioskConfig, load_config
from kiosk.demo_setup import prepare_demo, project_root
from kiosk.diag.model import DEVICES, CheckResult
from kiosk.errors import DataError
from kiosk.storage import StorageKey, storage_key_for

HELP = "hardware and system self-tests (exit 1 when any fails), and support bundles"

log = logging.getLogger("kiosk.diag")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("--device", choices=DEVICES, action="append",
                   help="check only this device (repeatable); default: all")
    p.add_argument("--demo", action="store_true", help="use config/demo.toml and the simulators")
    p.add_argument("--config", type=at.path_text, help="path of kiosk.toml (default: config/kiosk.toml)")
    p.add_argument("--timeout", type=at.seconds, default=10.0, help="seconds each check may take (default 10)")
    p.add_argument("--export", metavar="DIR", type=at.creatable_dir, help="write a redacted support bundle into DIR")
    p.add_argument("--push", action="store_true",
                   help="queue the results as a health report in the outbox (sent with the next sync)")


def _config(args: argparse.Namespace) -> KioskConfig:
    if args.config:
        return load_config(args.config)
    name = "demo.toml" if args.demo else "kiosk.toml"
    return load_config(project_root() / "config" / name)


def _checks(config: KioskConfig, key: StorageKey, timeout_s: float) -> dict[str, Any]:
    from hardware.diagnostics import device_checks
    from kiosk.diag.gateway_check import check_gateway, read_sync_status
    from kiosk.diag.storage import check_storage

    urls = config.devices.model_dump()
    # A simulated document printer keeps its folder in the data dir, not a fresh temporary dir per run.
    doc_options = {"folder": str(config.resolve(config.devices.sim_paper_dir))} \
        if config.devices.docprinter.startswith("sim:") else {}
    checks = device_checks(urls, cards_dir=project_root() / "assets" / "demo" / "cards",
                           docprinter_options=doc_options)
    gw = config.gateway
    checks["gateway"] = lambda: check_gateway(gw.url, embedded=gw.embedded, timeout_s=min(gw.timeout_s, timeout_s),
                                              sync_interval_s=gw.sync_interval_s,
                                              sync_status=lambda: read_sync_status(config.resolve(config.cache.path), key),
                                              credentials=config.resolve(gw.credentials) if gw.credentials else None,
                                              storage_key=key)
    checks["storage"] = lambda: check_storage(config.resolve(config.data.dir), config.resolve(config.cache.path), key=key,
                                              min_free_mb=config.data.min_free_mb,
                                              warn_free_mb=config.data.warn_free_mb,
                                              integrity_deadline_s=timeout_s * 0.8)
    return checks


def _push(config: KioskConfig, results: list[CheckResult]) -> str:
    from kiosk.archive.cache import ArchiveCache
    from kiosk.diag.health_report import build_health_report, push_health
    from kiosk.diag.in_force import config_report, running_versions
    from kiosk.sync.outbox import Outbox

    report = build_health_report(config.point.kiosk_id, config.point.name, results, running_versions(config),
                                 config=config_report(config))
    cache = ArchiveCache(config.resolve(config.cache.path), key=storage_key_for(config))
    try:
        return push_health(Outbox(cache), report)
    finally:
        cache.close()


def _text(results: list[CheckResult]) -> str:
    lines = []
    for r in results:
        mark = "ok  " if r.ok else "FAIL"
        lines.append(f"{mark} {r.device:<10} {r.state:<16} {r.detail}")
    return "\n".join(lines)


def _diagnose(args: argparse.Namespace) -> int:
    from kiosk.diag.runner import all_ok, run_checks

    config = _config(args)
    if args.demo:
        try:
            prepare_demo(config)
        except DataError as e:  # a damaged cache or a full disk: the storage check below reports it
            log.warning("demo data not prepared: %s", e.code)
    key = storage_key_for(config)
    results = run_checks(_checks(config, key, args.timeout), timeout_s=args.timeout, only=args.device)
    report: dict[str, Any] = {"devices": [r.to_dict() for r in results]}
    if args.export:
        from kiosk.diag.config_view import config_in_force
        from kiosk.diag.export import export_bundle
        from kiosk.diag.names import names_in_cache
        from kiosk.diag.versions import versions

        report["export"] = export_bundle(Path(args.export), kiosk_id=config.point.kiosk_id, results=results,
                                         config_view=config_in_force(config), versions=versions(),
                                         log_dir=config.resolve(config.logging.dir),
                                         names=names_in_cache(config.resolve(config.cache.path), key))
    if args.push:
        try:
            report["pushed"] = _push(config, results)
        except DataError as e:  # the report stays on screen; the outbox could not take it
            report["pushed"] = {"error": e.code}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=str))
    else:
        print(_text(results))
        if args.export:
            print(f"support bundle: {report['export']['zip']}")
    for r in results:
        if not r.ok:
            print(f"kiosk diag: FAILED {r.failure_line()}", file=sys.stderr)
    return 0 if all_ok(results) else 1


def run(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError

    try:
        return _diagnose(args)
    except KioskError:
        raise  # the command line prints it as one line with its exit code
    except Exception as e:  # noqa: BLE001 - a diagnostic tool must never end in a traceback
        log.exception("kiosk diag failed")
        message = f"diagnostics could not run: {type(e).__name__}: {e}"
        if args.json:
            print(json.dumps({"error": {"code": "DIAG_FAILED", "message": message}}, ensure_ascii=False))
        else:
            print(f"kiosk diag: {message}", file=sys.stderr)
        return 1
