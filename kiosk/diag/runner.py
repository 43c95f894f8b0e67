"""Runs checks side by side, each bounded in time, and turns every failure into a result.

A self-test talks to hardware that may hang (a TCP printer that never answers, a reader that went
silent). Each check runs on its own daemon thread; when its time is up the result says so and the run
goes on. A hung thread is left behind rather than waited for: the process, not the check, decides when
to end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping

from kiosk.diag.model import DEVICES, Check, CheckResult, failed
from kiosk.errors import KioskError


def _guarded(device: str, check: Check) -> CheckResult:
    try:
        result = check()
    except KioskError as e:
        return failed(device, _state_for(e), f"{e.message} [{e.code}]", code=e.code)
    except Exception as e:  # noqa: BLE001 - a diagnosis names what broke, it never crashes
        return failed(device, "error", f"unexpected {type(e).__name__}: {e}")
    if not isinstance(result, CheckResult):
        return failed(device, "error", f"the check returned {type(result).__name__}, not a result")
    return result


def _state_for(e: KioskError) -> str:
    code = e.code.upper()
    for word, state in (("UNREACHABLE", "unreachable"), ("TIMEOUT", "timeout"), ("PAPER_OUT", "paper_out"),
                        ("COVER_OPEN", "cover_open"), ("CONFIG", "misconfigured"), ("LOST", "lost")):
        if word in code:
            return state
    return "error"


def run_checks(checks: Mapping[str, Check], *, timeout_s: float = 10.0,
               only: Iterable[str] | None = None) -> list[CheckResult]:
    """Results in :data:`DEVICES` order (then any others), each check given at most ``timeout_s``."""
    wanted = set(only) if only is not None else None
    names = [n for n in [*DEVICES, *sorted(set(checks) - set(DEVICES))]
             if n in checks and (wanted is None or n in wanted)]
    boxes: dict[str, list[CheckResult]] = {n: [] for n in names}
    threads: dict[str, threading.Thread] = {}
    for name in names:
        def work(name: str = name) -> None:
            boxes[name].append(_guarded(name, checks[name]))

        threads[name] = threading.Thread(target=work, name=f"diag-{name}", daemon=True)
        threads[name].start()
    deadline = time.monotonic() + timeout_s
    results = []
    for name in names:
        threads[name].join(max(0.0, deadline - time.monotonic()))
        if boxes[name]:
            results.append(boxes[name][0])
        else:
            results.append(failed(name, "timeout", f"no answer within {timeout_s:g} s"))
    return results


def run_one(device: str, check: Check, *, timeout_s: float = 10.0) -> CheckResult:
    return run_checks({device: check}, timeout_s=timeout_s)[0]


def all_ok(results: Iterable[CheckResult]) -> bool:
    return all(r.ok for r in results)
