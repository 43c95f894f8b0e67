"""The two commands' shared set-up, as the demo runs it (the test run itself goes through ``--test``)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_setup_for_the_demo_runs_to_ready_and_is_quick_the_second_time():
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    for _ in range(2):  # the first run may install; the second finds its stamp and does nothing new
        done = subprocess.run(["./scripts/setup"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "[setup] ready" in done.stdout + done.stderr
    assert "installing Python packages" not in done.stdout + done.stderr
    assert (ROOT / ".venv" / ".kiosk-installed").is_file()


def test_the_demo_without_a_display_says_how_to_run_it():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(["./scripts/demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 2
    assert "xvfb-run" in done.stderr and "Traceback" not in done.stderr
