"""`kiosk bench ui`: cold start of the demo kiosk to its attract screen, and its memory with the face engine.

Each start is a fresh process running ``kiosk demo --probe startup`` (the ordinary command: config, demo
data check, the whole kiosk built, the window shown); ``startup_ms`` runs from spawning the process to
the attract screen's first paint being reported, median of ``--runs``. ``baseline_empty_window_ms`` is a
bare Python + Qt process painting an empty window, measured in the same run: the part of the start no
kiosk code can remove. ``rss_mb`` comes from ``kiosk demo --probe memory``: the kiosk process plus every
process it started (the face engine's worker, loaded with its models and one card photo encoded), each
process's RSS summed, so libraries both map are counted twice (``pss_mb`` shares them out). The demo
kiosk's process holds the demo's embedded gateway (threads, not a process) and has warmed up its
printing; ``processes`` lists each process with its own figure.
``visit_max_event_loop_gap_ms`` is the longest the UI thread was kept from its event loop during a whole
resident visit on the simulators (``kiosk demo --probe visit``), read against ``idle_max_event_loop_gap_ms``,
the same probe on the idle kiosk in the same process.

The kiosk's data go to a temporary folder, prepared once before the timed runs (as ``scripts/setup``
prepares the demo before the first ``kiosk demo``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.demo_setup import project_root
from kiosk.errors import KioskError, UsageError

HELP = "cold start of the demo kiosk to the attract screen (goal ≤ 2 s), memory with the face engine (≤ 400 MB)"
STARTUP_GOAL_MS = 2000.0
RSS_GOAL_MB = 400.0
TIMEOUT_S = 120.0


class UiBenchFailed(KioskError):
    code = "BENCH_FAILED"
    message_key = "error.bench"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("--runs", type=at.number(int, minimum=1, maximum=1000), default=5,
                   help="fresh starts to time (default 5)")
    p.add_argument("--config", type=at.path_text, default=str(project_root() / "config" / "demo.toml"))
    p.add_argument("--no-memory", action="store_true", help="skip the memory run (no face engine)")
    p.add_argument("--no-visit", action="store_true", help="skip the event-loop gaps during a resident visit")


def _child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_DATA__DIR": str(data_dir), "KIOSK_CACHE__PATH": str(data_dir / "cache.sqlite"),
                "KIOSK_LOGGING__DIR": str(data_dir / "log"), "KIOSK_UI__FULLSCREEN": "false"})
    # Headless unless a display was given: the probe needs the window painted, not looked at.
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _kiosk_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())", *args]


def _timed_run(cmd: list[str], env: dict[str, str], first_event: str) -> tuple[float, list[dict[str, Any]]]:
    """(ms from spawn to the line reporting ``first_event``, every JSON line the process printed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=project_root(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    events: list[dict[str, Any]] = []
    elapsed = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if elapsed is None and event.get("event") == first_event:
                elapsed = (time.perf_counter() - start) * 1000
            events.append(event)
        proc.wait(timeout=TIMEOUT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read() if proc.stderr else ""
    if elapsed is None or proc.returncode != 0:
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        raise UiBenchFailed(f"the probe did not report {first_event} (exit {proc.returncode}): {last}")
    return elapsed, events


def run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise UsageError("--runs ≥ 1, please")
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as tmp:
        env = _child_env(Path(tmp))
        prepared = subprocess.run(_kiosk_command("demo", "--config", args.config, "--prepare-only"), env=env,
                                  cwd=project_root(), capture_output=True, text=True, timeout=TIMEOUT_S)
        if prepared.returncode != 0:
            raise UiBenchFailed(f"demo data could not be prepared: {prepared.stderr.strip()[-300:]}")
        baseline = [_timed_run(_kiosk_command("demo", "--probe", "empty-window"), env, "empty_window_painted")[0]
                    for _ in range(args.runs)]
        starts, reported, rss_at_attract = [], [], []
        for _ in range(args.runs):
            ms, events = _timed_run(_kiosk_command("demo", "--config", args.config, "--probe", "startup"), env,
                                    "attract_painted")
            starts.append(ms)
            reported.append(events[0]["since_start_ms"])
            rss_at_attract.append(events[0]["kiosk_rss_at_attract_mb"])
        memory: dict[str, Any] = {}
        if not args.no_memory:
            _, events = _timed_run(_kiosk_command("demo", "--config", args.config, "--probe", "memory"), env,
                                   "memory")
            memory = next(e for e in events if e["event"] == "memory")
        visit: dict[str, Any] = {}
        if not args.no_visit:
            visited = subprocess.run(_kiosk_command("demo", "--config", args.config, "--probe", "visit"), env=env,
                                     cwd=project_root(), capture_output=True, text=True, timeout=TIMEOUT_S)
            if visited.returncode != 0:
                raise UiBenchFailed(f"the visit could not be driven: {visited.stderr.strip()[-300:]}")
            visit = json.loads(visited.stdout.strip().splitlines()[-1])
    startup = statistics.median(starts)
    result: dict[str, Any] = {
        "startup_ms": round(startup, 1),
        "startup_runs_ms": [round(s, 1) for s in starts],
        "startup_by_kernel_clock_ms": round(statistics.median(reported), 1),
        "baseline_empty_window_ms": round(statistics.median(baseline), 1),
        "startup_vs_baseline": round(startup / statistics.median(baseline), 2),
        "kiosk_rss_at_attract_mb": round(statistics.median(rss_at_attract), 1),
        "platform": env.get("QT_QPA_PLATFORM", "default"),
        # Other work on the machine stretches every start alike: read startup_ms with the baseline and this.
        "load_average_1min": round(os.getloadavg()[0], 2),
        "goals": {"startup_ms": STARTUP_GOAL_MS, "rss_mb": RSS_GOAL_MB},
        "startup_within_goal": startup <= STARTUP_GOAL_MS,
    }
    if visit:
        result.update({"visit_max_event_loop_gap_ms": visit["visit"]["max_gap_ms"],
                       "visit_p99_event_loop_gap_ms": visit["visit"]["p99_gap_ms"],
                       "visit_screens": visit["visit"]["screens"],
                       "idle_max_event_loop_gap_ms": visit["idle"]["max_gap_ms"],
                       "idle_p99_event_loop_gap_ms": visit["idle"]["p99_gap_ms"]})
    if memory:
        memory.pop("event", None)
        result.update(memory)
        result["rss_within_goal"] = memory["rss_mb"] <= RSS_GOAL_MB
    text = (f"startup {result['startup_ms']:.0f} ms (median of {args.runs}; an empty Qt window "
            f"{result['baseline_empty_window_ms']:.0f} ms)"
            + (f", memory {result['rss_mb']:.0f} MB RSS / {result['pss_mb']:.0f} MB PSS with the face engine"
               if memory else ""))
    emit(args, result, text)
    return 0
