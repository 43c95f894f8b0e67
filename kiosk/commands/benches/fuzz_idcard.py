"""`kiosk bench fuzz-idcard`: hypothesis against the ID-card codec, as many examples as asked for.

Random, truncated and corrupted frames and text blocks must give data or a typed error, never another
exception. Reports how many examples ran per property and how fast; a falsifying example ends the
command with exit 1 and the example in the error.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import KioskError, UsageError

HELP = "fuzz the ID-card codec with hypothesis (--examples N)"


class FuzzFailure(KioskError):
    code = "BENCH_FUZZ_FAILURE"
    message_key = "error.bench.fuzz"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--examples", type=at.number(int, minimum=1, maximum=100_000_000), default=20000,
                   help="examples in all (default 20000)")
    p.add_argument("--seed", type=at.non_negative_int, default=None, help="hypothesis seed (default: random)")
    add_json_flag(p)


def run(args: argparse.Namespace) -> int:
    if args.examples < 1:
        raise UsageError("--examples must be at least 1")
    try:
        from hypothesis import HealthCheck, Verbosity, given, seed, settings
        from hypothesis import strategies as st

        from kiosk.commands.benches._idcard_fuzzing import PROPERTIES
    except ImportError as e:
        raise UsageError(f"kiosk bench fuzz-idcard needs the test dependencies (hypothesis): {e}") from None

    results = {}
    started = time.perf_counter()
    for name, (strategies, check, share) in PROPERTIES.items():
        wanted = max(1, round(args.examples * share))
        calls, counted = _counting(check)
        prop = settings(max_examples=wanted, deadline=None, database=None, verbosity=Verbosity.quiet,
                        suppress_health_check=list(HealthCheck))(given(st.tuples(*strategies))(counted))
        if args.seed is not None:
            prop = seed(args.seed)(prop)
        t0 = time.perf_counter()
        try:
            prop()
        except AssertionError as e:
            raise FuzzFailure(f"{name}: {e}", detail={"property": name}) from None
        results[name] = {"examples": calls[0], "seconds": round(time.perf_counter() - t0, 2)}
    elapsed = time.perf_counter() - started
    total = sum(r["examples"] for r in results.values())
    result = {"bench": "fuzz-idcard", "examples": total, "asked": args.examples, "failures": 0,
              "seconds": round(elapsed, 2), "examples_per_s": round(total / elapsed, 1), "properties": results,
              "seed": args.seed}
    emit(args, result, f"{total} examples, no failure, {elapsed:.1f} s ({total / elapsed:.0f}/s)")
    return 0


def _counting(check: Callable[..., None]) -> tuple[list[int], Callable[[tuple[object, ...]], None]]:
    calls = [0]

    def counted(values: tuple[object, ...]) -> None:
        calls[0] += 1
        check(*values)

    return calls, counted
