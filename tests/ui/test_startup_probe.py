"""`kiosk bench ui` starts the demo kiosk in fresh processes; here it runs once, and its memory reader is
checked against this very process. (The figures themselves live in the bench, not in a timed test.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ui.devtools.startup_probe import memory_report, process_age_ms

ROOT = Path(__file__).resolve().parents[2]


def test_memory_report_reads_this_process_and_its_children():
    child = subprocess.Popen([sys.executable, "-c", "import sys; print('up', flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"up\n"  # running its own program, not a fresh fork
        report = memory_report()
    finally:
        child.communicate(b"")
    mine = int(next(line for line in Path("/proc/self/status").read_text().splitlines()
                    if line.startswith("VmRSS:")).split()[1]) / 1024
    assert abs(report["kiosk_rss_mb"] - mine) < 50
    assert report["children_rss_mb"] > 0 and len(report["processes"]) >= 2
    assert abs(report["rss_mb"] - (report["kiosk_rss_mb"] + report["children_rss_mb"])) <= 0.11
    assert 0 < report["pss_mb"] <= report["rss_mb"]
    assert process_age_ms() > 0


def test_the_bench_starts_the_demo_kiosk_to_its_attract_screen(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
                          "bench", "ui", "--runs", "1", "--no-memory", "--no-visit", "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["startup_ms"] > result["baseline_empty_window_ms"] > 0
    assert len(result["startup_runs_ms"]) == 1 and result["platform"] == "offscreen"
    assert isinstance(result["startup_within_goal"], bool) and "rss_mb" not in result
