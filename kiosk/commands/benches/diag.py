"""`kiosk bench diag`: a full round of self-tests on the demo simulators, and the support bundle's masking.

The round is what the out-of-service monitor runs every minute while nobody is at the kiosk and what a
technician waits for after signing in. The bundle figure compares, in the same run, masking a log of the
export's full size (20 MB) for ID numbers only (the baseline) with ID numbers and every name of a large
district cache: the price of the second net.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit

HELP = "a round of self-tests on the simulators (goal ≤ 10 s), support-bundle masking throughput"
ROUND_GOAL_MS = 10_000.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("--rounds", type=at.number(int, minimum=1, maximum=10_000), default=5,
                   help="self-test rounds (default 5)")
    p.add_argument("--log-mb", type=at.number(float, above=0, maximum=1024), default=20.0,
                   help="size of the log to mask (default 20, the export's cap)")
    p.add_argument("--names", type=at.number(int, minimum=1, maximum=10_000_000), default=50_000,
                   help="names the cache knows (default 50000)")


def _round(rounds: int) -> dict[str, Any]:
    from hardware.diagnostics import device_checks
    from kiosk.config import load_config
    from kiosk.demo_setup import prepare_demo, project_root
    from kiosk.diag.runner import run_checks
    from kiosk.diag.storage import check_storage
    from kiosk.storage import storage_key_for

    config = load_config(project_root() / "config" / "demo.toml")
    prepare_demo(config)
    with tempfile.TemporaryDirectory() as printer_dir:
        checks = device_checks(config.devices.model_dump(), cards_dir=project_root() / "assets" / "demo" / "cards",
                               docprinter_options={"folder": printer_dir})
        key = storage_key_for(config)
        checks["storage"] = lambda: check_storage(config.resolve(config.data.dir), config.resolve(config.cache.path),
                                                  key=key)
        totals: list[float] = []
        per_device: dict[str, list[float]] = {name: [] for name in checks}
        for _ in range(rounds):
            start = time.perf_counter()
            results = run_checks(checks, timeout_s=ROUND_GOAL_MS / 1000)
            totals.append((time.perf_counter() - start) * 1000)
            for name, check in checks.items():  # each alone, for where the time goes
                one = time.perf_counter()
                check()
                per_device[name].append((time.perf_counter() - one) * 1000)
    median = statistics.median(totals)
    return {"rounds": rounds, "median_ms": round(median, 1), "max_ms": round(max(totals), 1),
            "all_ok": all(r.ok for r in results),
            "device_median_ms": {k: round(statistics.median(v), 1) for k, v in per_device.items()},
            "goal_ms": ROUND_GOAL_MS, "within_goal": median <= ROUND_GOAL_MS}


def _names(count: int, rng: random.Random) -> list[str]:
    from kiosk.archive.synthetic_names import FEMALE_CHARS, MALE_CHARS, SURNAMES

    chars = MALE_CHARS + FEMALE_CHARS
    names: set[str] = set()
    while len(names) < count:
        given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))
        names.add(rng.choice(SURNAMES)[0] + given)
    return sorted(names)


def _log(megabytes: float, names: list[str], rng: random.Random) -> list[str]:
    """Log lines like the kiosk's: mostly ASCII, some Chinese, now and then an ID number or a name."""
    lines: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        n = len(lines)
        kind = n % 10
        if kind == 0:
            line = f"2026-11-30 10:{n % 60:02d}:00 INFO kiosk.session: card {rng.randrange(10**17, 10**18)} read"
        elif kind == 1:
            line = f"2026-11-30 10:{n % 60:02d}:00 WARNING kiosk.tool: 查询 {rng.choice(names)} 的档案失败"
        elif kind == 2:
            line = "2026-11-30 10:00:00 INFO ui.screens: 打印档案证明，请稍候（第 2 页，共 4 页）"
        else:
            line = (f"2026-11-30 10:{n % 60:02d}:00 INFO kiosk.session: transition home -> records "
                    f"(reason: touch) seq={n}")
        lines.append(line + "\n")
        size += len(line.encode("utf-8")) + 1
    return lines


def _masking(megabytes: float, name_count: int) -> dict[str, Any]:
    from kiosk.diag.names import NameMask
    from kiosk.privacy import mask_id_numbers_in

    rng = random.Random(10)
    names = _names(name_count, rng)
    lines = _log(megabytes, names, rng)
    start = time.perf_counter()
    mask = NameMask(names)
    build_ms = (time.perf_counter() - start) * 1000

    def timed(fn: Any) -> float:
        begin = time.perf_counter()
        for line in lines:
            fn(line)
        return time.perf_counter() - begin

    baseline_s = timed(mask_id_numbers_in)
    both_s = timed(lambda line: mask(mask_id_numbers_in(line)))
    size_mb = sum(len(line.encode("utf-8")) for line in lines) / 1_000_000
    return {"log_mb": round(size_mb, 1), "lines": len(lines), "names": len(names),
            "name_mask_build_ms": round(build_ms, 1),
            "baseline_id_only_mb_s": round(size_mb / baseline_s, 1),
            "ids_and_names_mb_s": round(size_mb / both_s, 1),
            "ids_and_names_s": round(both_s, 2),
            "ratio_vs_baseline": round(both_s / baseline_s, 2)}


def run(args: argparse.Namespace) -> int:
    results = {"self_test_round": _round(max(1, args.rounds)),
               "bundle_masking": _masking(args.log_mb, args.names)}
    text = "\n".join(f"{name}: {r}" for name, r in results.items())
    emit(args, results, text)
    return 0
