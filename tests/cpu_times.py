"""An opt-in pytest plugin: each test's CPU time (setup, call and teardown; this process plus the child
processes it reaped meanwhile), the slowest listed at the end of the run.

    pytest -p tests.cpu_times [--cpu-times=N] [--cpu-times-file=PATH]

On a shared machine a test's wall time says as much about its neighbours as about the test; its CPU time
does not, so this is the figure to compare across runs when looking for what makes the suite slow.
"""

from __future__ import annotations

import os
import resource
import time
import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cpu-times")
    group.addoption("--cpu-times", type=int, default=40, metavar="N", help="list the N tests with most CPU time")
    group.addoption("--cpu-times-file", default=None, metavar="PATH",
                    help="also write every test's times here, each as it ends (so a run cut short still tells)")


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class CpuTimes:
    def __init__(self, config: pytest.Config):
        self.config = config
        self.times: dict[str, tuple[float, float]] = {}
        self.failed: set[str] = set()
        out = config.getoption("--cpu-times-file")
        if out and os.environ.get("PYTEST_XDIST_WORKER"):  # one file per worker
            out = f"{out}.{os.environ['PYTEST_XDIST_WORKER']}"
        self.out = open(out, "w", encoding="utf-8") if out else None  # noqa: SIM115 (open for the whole run)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed.add(report.nodeid)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        cpu, wall = _cpu(), time.perf_counter()
        yield
        self.times[item.nodeid] = (_cpu() - cpu, time.perf_counter() - wall)
        if self.out:
            c, w = self.times[item.nodeid]
            outcome = "failed" if item.nodeid in self.failed else "ok"
            self.out.write(f"{c:.3f}\t{w:.3f}\t{outcome}\t{item.nodeid}\n")
            self.out.flush()

    def pytest_terminal_summary(self, terminalreporter) -> None:
        ranked = sorted(self.times.items(), key=lambda kv: kv[1][0], reverse=True)
        total_cpu = sum(c for c, _ in self.times.values())
        total_wall = sum(w for _, w in self.times.values())
        tr = terminalreporter
        tr.write_sep("=", f"CPU time per test (total {total_cpu:.1f} s CPU, {total_wall:.1f} s wall in tests)")
        for nodeid, (c, w) in ranked[: self.config.getoption("--cpu-times")]:
            tr.write_line(f"{c:7.2f}s cpu {w:7.2f}s wall  {nodeid}")
        if self.out:
            self.out.close()


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(CpuTimes(config), "cpu-times-recorder")
