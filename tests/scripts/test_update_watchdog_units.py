"""The update watchdog's systemd units as scripts/install-kiosk installs them: systemd accepts them, the timer
is enabled, and the command they run rolls back an unconfirmed release and restarts the kiosk."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.update.releases import Releases

ROOT = Path(__file__).resolve().parents[2]
UNITS = "etc/systemd/system"
SERVICE, TIMER = "archive-kiosk-update-watchdog.service", "archive-kiosk-update-watchdog.timer"


def _unit(path: Path) -> dict[str, list[str]]:
    """Section.key → every value (systemd allows a key more than once)."""
    keys: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            assert line.endswith("]"), f"{path.name}: unclosed section header {line!r}"
            section = line[1:-1]
            continue
        assert "=" in line, f"{path.name}: not a key=value line: {line!r}"
        key, value = line.split("=", 1)
        keys.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return keys


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("root")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run([str(ROOT / "scripts" / "install-kiosk")], env={**env, "DESTDIR": str(dest)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return dest


def test_the_timer_is_installed_enabled_and_starts_the_watchdog(installed: Path):
    timer = _unit(installed / UNITS / TIMER)
    assert timer["Timer.Unit"] == [SERVICE] and timer["Install.WantedBy"] == ["timers.target"]
    assert timer["Timer.OnCalendar"] and timer["Timer.OnBootSec"]
    assert (installed / UNITS / "timers.target.wants" / TIMER).is_symlink()
    service = _unit(installed / UNITS / SERVICE)
    assert service["Service.Type"] == ["oneshot"]
    command = shlex.split(service["Service.ExecStart"][0])
    assert command[1:4] == ["update", "watchdog", "--releases"] and "--restart" in command
    # It runs only while a switch waits for its start signal, in the folder the watchdog writes to.
    assert service["Unit.ConditionPathExists"] == [str(Path(command[4]) / "pending.json")]
    assert service["Service.ReadWritePaths"] == [command[4]]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(installed: Path):
    for name in (SERVICE, TIMER):
        done = subprocess.run(["systemd-analyze", "verify", str(installed / UNITS / name)], capture_output=True,
                              text=True, timeout=60)
        problems = [ln for ln in done.stderr.splitlines() if ln.strip() and "sysinit.target" not in ln]
        assert done.returncode == 0 and problems == [], "\n".join(problems)
    calendar = _unit(installed / UNITS / TIMER)["Timer.OnCalendar"][0]
    assert subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, timeout=60).returncode == 0


def test_the_units_command_rolls_back_an_unconfirmed_release_and_restarts_the_kiosk(installed: Path,
                                                                                   tmp_path: Path):
    opt = tmp_path / "update"
    for version in ("1.0.0", "1.1.0"):
        (opt / "releases" / version / "bin").mkdir(parents=True)
        (opt / "releases" / version / "bin" / "python").touch()
    two_minutes_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=2)
    Releases(opt, clock=lambda: two_minutes_ago).switch("1.0.0")
    Releases(opt).confirm()
    Releases(opt, clock=lambda: two_minutes_ago).switch("1.1.0")  # its start deadline passed a minute ago
    # systemd does not run here: a stand-in systemctl on PATH records what it was asked.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "systemctl").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "systemctl.log"}\n')
    (bin_dir / "systemctl").chmod(0o755)
    command = shlex.split(_unit(installed / UNITS / SERVICE)["Service.ExecStart"][0])
    args = command[1:]
    args[args.index("--releases") + 1] = str(opt)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["action"] == "rolled_back" and report["rolled_back"] == "1.1.0" and report["restarted"]
    assert Releases(opt).current == "1.0.0"
    assert (tmp_path / "systemctl.log").read_text().split() == ["try-restart", "archive-kiosk.service"]
