"""`kiosk bench identity`: the figures are there and hang together; the loop probe sees a blocked loop.

Speed itself is the bench's business (``kiosk bench identity --json``), not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from PySide6.QtCore import QTimer

from tests.conftest import ROOT

#: Bytes on the line for one card read (find, select, read with their answers) at 115200 baud, 10 bits a byte.
WIRE_MS = (10 + 15 + 10 + 19 + 10 + 1295) * 10 / 115200 * 1000


def test_a_short_run_reports_every_figure_of_the_issue():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "bench", "identity", "--rounds", "1", "--json"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    r = json.loads(done.stdout)
    assert r["rounds"] == 1 and r["verified"] == 1 and r["rejected_reasons"] == []
    assert r["fps"] == 15 and r["frame"] == "640x480"
    # The card cannot be read faster than its bytes travel the simulated line.
    assert WIRE_MS < r["card_read_ms"] <= r["card_read_p95_ms"]
    # The identity is decided before the verdict, which also waits for the liveness challenge.
    assert 0 < r["match_median_ms"] < r["verdict_median_ms"] <= r["verdict_p95_ms"]
    assert r["max_event_loop_gap_ms"] > 0 and r["idle_event_loop_gap_ms"] > 0
    assert set(r["goals"]) == {"verdict_median_ms", "verdict_p95_ms", "max_event_loop_gap_ms", "card_read_p95_ms"}
    for name, g in r["goals"].items():
        assert g["value"] == r[name] and g["met"] == (g["value"] <= g["goal"])
    assert r["warm_up"]["verified"] is True


def test_the_probe_sees_a_loop_kept_busy(qtbot):
    from ui.devtools.bench_identity import LoopProbe

    probe = LoopProbe()
    probe.start()
    qtbot.waitUntil(lambda: probe.ticks >= 5, timeout=2000)
    quiet = probe.reset_max()

    def busy() -> None:  # a slot that keeps the UI thread for 80 ms, as a blocking call would
        end = time.perf_counter() + 0.08
        while time.perf_counter() < end:
            pass

    QTimer.singleShot(0, busy)
    after = probe.ticks
    qtbot.waitUntil(lambda: probe.ticks >= after + 5, timeout=2000)
    probe.stop()
    assert probe.max_gap_ms >= 80 > quiet
