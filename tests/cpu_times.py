"""An opt-in pytest plugin: each test's CPU time (setup, call and teardown; this process, the child processes
it reaped meanwhile and those still running), the slowest listed at the end of the run.

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


_TICK = os.sysconf("SC_CLK_TCK")


def _live_descendants_cpu() -> float:
    """CPU time of the processes still running under this one (a worker process a session fixture keeps), with
    what they reaped themselves: Linux's /proc; 0 elsewhere."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        times[pid] = sum(int(x) for x in fields[11:15]) / _TICK  # utime, stime, cutime, cstime
    mine, total, frontier = {os.getpid()}, 0.0, [os.getpid()]
    while frontier:
        frontier = [pid for pid, ppid in parent.items() if ppid in frontier and pid not in mine]
        mine.update(frontier)
        total += sum(times[pid] for pid in frontier)
    return total


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    live = _live_descendants_cpu() if os.path.isdir("/proc") else 0.0
    return time.process_time() + children.ru_utime + children.ru_stime + live


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
