"""`kiosk stats`: this kiosk's anonymous hourly statistics, or a gateway's totals per service point."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "service statistics: sessions, record types viewed, prints, requests, outcomes, ratings"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("--config", type=at.path_text, help="path of kiosk.toml (default: config/kiosk.toml)")
    p.add_argument("--demo", action="store_true", help="use config/demo.toml")
    p.add_argument("--flush", action="store_true", help="queue closed hours in the outbox for the gateway")
    p.add_argument("--gateway-db", metavar="PATH", type=at.existing_database,
                   help="show a gateway's totals per point instead")


def run(args: argparse.Namespace) -> int:
    if args.gateway_db:
        return _gateway(args)
    from kiosk.archive.cache import ArchiveCache
    from kiosk.config import load_config
    from kiosk.demo_setup import project_root
    from kiosk.stats.recorder import StatsRecorder
    from kiosk.stats.kiosk_stats import STATS_FILE
    from kiosk.sync.outbox import Outbox

    config = load_config(args.config or project_root() / "config" / ("demo.toml" if args.demo else "kiosk.toml"))
    from kiosk.storage import storage_key_for

    key = storage_key_for(config)
    recorder = StatsRecorder(config.resolve(config.data.dir) / STATS_FILE, key=key, point=config.point.archive_code,
                             kiosk_id=config.point.kiosk_id)
    try:
        result: dict[str, Any] = {"point": config.point.archive_code, "kiosk": config.point.kiosk_id,
                                  "hours": recorder.hours()}
        if args.flush:
            cache = ArchiveCache(config.resolve(config.cache.path), key=key)
            try:
                result["queued_hours"] = recorder.flush(Outbox(cache))
            finally:
                cache.close()
    finally:
        recorder.close()
    lines = [f"{hour}  " + ", ".join(f"{k}={v:g}" for k, v in metrics.items())
             for hour, metrics in result["hours"].items()] or ["no statistics yet"]
    emit(args, result, "\n".join(lines))
    return 0


def _gateway(args: argparse.Namespace) -> int:
    from kiosk.stats.aggregate import StatsAggregate

    if not Path(args.gateway_db).exists():
        raise UsageError(f"no gateway database at {args.gateway_db}", detail={"db": args.gateway_db})
    aggregate = StatsAggregate(args.gateway_db)
    try:
        result = aggregate.per_point()
    finally:
        aggregate.close()
    lines = [f"{point}: {p['metrics'].get('sessions', 0):g} sessions over {p['hours']} hours; "
             f"most asked for: {', '.join(p['top_record_types']) or '-'}" for point, p in result["points"].items()]
    emit(args, result, "\n".join(lines) or "no statistics received")
    return 0
