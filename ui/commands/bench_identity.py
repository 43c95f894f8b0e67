"""`kiosk bench identity`: card read and face check (人证核验) on simulated devices, in a Qt event loop.

The devices are the kiosk's own code paths: ``sim://idcard`` is the real pyserial driver on a pty
simulator paced at the line's speed, ``sim://camera`` delivers 640x480 frames at 15 fps from the capture
thread, and the face engine is the worker process the kiosk runs. The rounds run in a QApplication's event
loop with the FACE_CHECK screen drawing every frame (:mod:`ui.devtools.bench_identity`).

Figures (all in milliseconds):

- ``card_read_ms``: card put down at a random moment of the polling cycle → parsed record (with photo)
  on the UI thread; median, with ``card_read_p95_ms``.
- ``verdict_median_ms`` / ``verdict_p95_ms``: the resident steps into view → verdict on the UI thread,
  liveness challenge included (the simulated resident reacts after ``--reaction-ms``; a person's own
  reaction time is theirs, not the kiosk's).
- ``match_median_ms``: stepping into view → the identity decision (before the liveness challenge ends).
- ``max_event_loop_gap_ms``: the longest the UI thread's loop was kept from running during the rounds,
  read against ``idle_event_loop_gap_ms``, the same probe with nothing to do, measured in the same run.

One warm-up round (the worker's first dlib calls) is run first and reported apart.
"""

from __future__ import annotations

import argparse
import os
import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "face check: card read, face in view → verdict (median, p95), Qt event-loop gaps, simulated devices"
GOALS_MS = {"verdict_median_ms": 600.0, "verdict_p95_ms": 1000.0, "max_event_loop_gap_ms": 50.0,
            "card_read_p95_ms": 500.0}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rounds", type=at.number(int, minimum=1, maximum=10_000), default=20,
                   help="measured rounds after one warm-up (default 20)")
    p.add_argument("--card", type=at.code, default="zhang_jianguo",
                   help="demo card on the reader (default zhang_jianguo)")
    p.add_argument("--fps", type=at.number(float, above=0, maximum=240), default=15.0,
                   help="simulated camera frame rate (default 15)")
    p.add_argument("--baud", type=at.number(int, minimum=300, maximum=4_000_000), default=115200,
                   help="simulated reader line speed (default 115200)")
    p.add_argument("--poll-ms", type=at.number(int, minimum=1, maximum=60_000), default=300,
                   help="the reader driver's polling interval (default 300)")
    p.add_argument("--reaction-ms", type=at.number(int, minimum=0, maximum=60_000), default=0,
                   help="the simulated resident's reaction to the challenge on screen (default 0)")
    p.add_argument("--seed", type=at.non_negative_int, default=1, help="seed for placement moments and challenge order")
    add_json_flag(p)


def run(args: argparse.Namespace) -> int:
    if args.rounds < 1 or args.fps <= 0 or args.baud < 300 or args.poll_ms < 10 or args.reaction_ms < 0:
        raise UsageError("--rounds ≥ 1, --fps > 0, --baud ≥ 300, --poll-ms ≥ 10 and --reaction-ms ≥ 0, please")
    # Headless unless a display was given: the bench draws the preview, it needs no screen to look at.
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from hardware.camera.faces import FaceEngine
    from hardware.registry import open_camera, open_idcard
    from kiosk.demo_setup import project_root
    from kiosk.identity.face_check import FaceCheck
    from ui.devtools.bench_identity import BenchDevices, BenchPlan, run_identity_rounds

    cards_dir = Path(project_root()) / "assets" / "demo" / "cards"
    camera = open_camera(f"sim://camera?fps={args.fps:g}")
    person = args.card
    if person not in camera.simulator.people():
        raise UsageError(f"the simulated camera has no frames of {person!r}; "
                         f"known: {', '.join(camera.simulator.people())}")
    # The simulated resident's frames are decoded now, not when they step into view during a round.
    camera.simulator.show(person)
    camera.simulator.show(None)
    reader = open_idcard(f"sim://idcard?baud={args.baud}&poll_ms={args.poll_ms}", cards_dir=cards_dir)
    if args.card not in reader.simulator.available_cards():
        reader.driver.stop()
        raise UsageError(f"no demo card {args.card!r}")
    plan = BenchPlan(rounds=args.rounds, poll_ms=args.poll_ms, fps=args.fps, reaction_ms=args.reaction_ms,
                     seed=args.seed)
    load_before = os.getloadavg()[0]
    try:
        with FaceEngine() as engine:
            check = FaceCheck(camera.driver, engine, rng=random.Random(args.seed))
            raw = run_identity_rounds(BenchDevices(reader.driver, args.card, camera.simulator, person, check), plan)
    finally:
        reader.driver.stop()
        camera.driver.stop()
    raw["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    result = _report(raw, args)
    emit(args, result, _text(result))
    return 0


def _report(raw: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from ui.devtools.bench_identity import summary

    rounds = raw["rounds"]
    verdicts = summary([r.verdict_ms for r in rounds])
    reads = summary([r.card_read_ms for r in rounds])
    matches = [r.match_ms for r in rounds if r.match_ms is not None]
    by_challenge = {c: summary([r.verdict_ms for r in rounds if r.challenge == c])
                    for c in sorted({r.challenge for r in rounds})}
    result: dict[str, Any] = {
        "bench": "identity", "rounds": len(rounds), "fps": args.fps, "frame": "640x480", "baud": args.baud,
        "poll_ms": args.poll_ms, "reaction_ms": args.reaction_ms,
        "card_read_ms": reads["median"], "card_read_p95_ms": reads["p95"],
        "verdict_median_ms": verdicts["median"], "verdict_p95_ms": verdicts["p95"],
        "match_median_ms": summary(matches)["median"] if matches else None,
        "max_event_loop_gap_ms": round(max(r.max_gap_ms for r in rounds), 1),
        "idle_event_loop_gap_ms": raw["idle_event_loop_gap_ms"],
        # The longest the UI thread itself was busy in one slot: a gap far above it is waiting for a core.
        "max_ui_work_ms": round(max(r.max_ui_work_ms for r in rounds), 1),
        "max_ui_work_slot": max(rounds, key=lambda r: r.max_ui_work_ms).max_ui_work_slot,
        "event_loop_gap_by_round_ms": sorted(round(r.max_gap_ms, 1) for r in rounds),
        # Other work on the machine slows the engine and the loop alike: read the figures against it.
        "load_average_1m": raw["load_average_1m"], "cpus": os.cpu_count(),
        "verified": sum(r.verified for r in rounds),
        "rejected_reasons": sorted({r.reason for r in rounds if not r.verified}),
        "verdict_ms": verdicts, "card_read": reads, "verdict_by_challenge_ms": by_challenge,
        "template_median_ms": summary([r.template_ms for r in rounds])["median"],
        "warm_up": {k: (round(v, 1) if isinstance(v, float) else v) for k, v in asdict(raw["warm_up"]).items()},
    }
    goals = {name: {"goal": goal, "value": result[name], "met": result[name] <= goal}
             for name, goal in GOALS_MS.items()}
    result["goals"] = goals
    result["meets_goals"] = all(g["met"] for g in goals.values()) and result["verified"] == len(rounds)
    return result


def _text(r: dict[str, Any]) -> str:
    lines = [f"card read: median {r['card_read_ms']} ms, p95 {r['card_read_p95_ms']} ms",
             f"face in view → verdict: median {r['verdict_median_ms']} ms, p95 {r['verdict_p95_ms']} ms "
             f"({r['verified']}/{r['rounds']} verified; identity decided at {r['match_median_ms']} ms median)",
             f"Qt event loop: max gap {r['max_event_loop_gap_ms']} ms (idle {r['idle_event_loop_gap_ms']} ms; "
             f"longest UI-thread slot {r['max_ui_work_ms']} ms in {r['max_ui_work_slot']})"]
    for name, g in r["goals"].items():
        lines.append(f"  {name}: {g['value']} (goal ≤ {g['goal']:g}) {'met' if g['met'] else 'NOT met'}")
    return "\n".join(lines)
