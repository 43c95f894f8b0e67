"""scripts/install-kiosk into a temporary root: units, session lockdown, idempotence, a valid config."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "scripts" / "install-kiosk"
UNITS = "etc/systemd/system"


def _install(dest: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([str(INSTALL)], env={**env, "DESTDIR": str(dest)}, capture_output=True, text=True,
                          timeout=60)


def _unit(path: Path) -> dict[str, list[str]]:
    """systemd's format allows repeated keys (Environment=), so not configparser: key → every value."""
    keys: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            k, v = line.split("=", 1)
            keys.setdefault(k.strip(), []).append(v.strip())
    return keys


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("root")
    r = _install(dest)
    assert r.returncode == 0, r.stdout + r.stderr
    return dest


def test_the_app_unit_is_a_notify_service_with_a_watchdog_that_always_restarts(installed):
    unit = _unit(installed / UNITS / "archive-kiosk.service")
    assert unit["Type"] == ["notify"] and unit["NotifyAccess"] == ["main"]
    assert int(unit["WatchdogSec"][0]) > 0
    assert unit["Restart"] == ["always"]
    assert unit["RestartPreventExitStatus"] == ["64"], "the technician's exit is the one way out"
    assert unit["ExecStart"][0].endswith("\" run --config /etc/archive-kiosk/kiosk.toml'")
    assert "Requires" in unit and "archive-kiosk-display.service" in unit["Requires"][0]
    assert (installed / UNITS / "graphical.target.wants" / "archive-kiosk.service").is_symlink()
    assert (installed / UNITS / "graphical.target.wants" / "archive-kiosk-display.service").is_symlink()


def test_every_placeholder_is_filled(installed):
    for f in installed.rglob("*"):
        if f.is_file():
            assert not re.search(r"@[A-Z_]+@", f.read_text(encoding="utf-8")), f


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(installed):
    for name in ("archive-kiosk.service", "archive-kiosk-display.service"):
        r = subprocess.run(["systemd-analyze", "verify", str(installed / UNITS / name)], capture_output=True,
                           text=True, timeout=60)
        # This machine has no X server: a missing /usr/bin/xinit is the one complaint allowed.
        problems = [ln for ln in r.stderr.splitlines()
                    if ln.strip() and not re.search(r"Command (/usr/bin/xinit|/bin/sh) is not executable", ln)
                    and "sysinit.target" not in ln]
        assert problems == [], "\n".join(problems)


def test_the_session_has_no_window_manager_and_no_way_out(installed):
    session = (installed / "usr/local/lib/archive-kiosk/kiosk-xsession").read_text(encoding="utf-8")
    assert os.access(installed / "usr/local/lib/archive-kiosk/kiosk-xsession", os.X_OK)
    assert subprocess.run(["sh", "-n", str(installed / "usr/local/lib/archive-kiosk/kiosk-xsession")]).returncode == 0
    for wm in ("openbox", "xfwm", "metacity", "twm", "startxfce", "gnome-session", "lxsession", "x-window-manager"):
        assert wm not in session
    assert "srvrkeys:none" in session
    xorg = (installed / "etc/X11/xorg.conf.d/90-archive-kiosk.conf").read_text(encoding="utf-8")
    assert re.search(r'Option\s+"DontZap"\s+"true"', xorg)
    assert re.search(r'Option\s+"DontVTSwitch"\s+"true"', xorg)
    display = _unit(installed / UNITS / "archive-kiosk-display.service")
    assert "-nolisten tcp" in display["ExecStart"][0] and display["Restart"] == ["always"]
    polkit = (installed / "etc/polkit-1/rules.d/50-archive-kiosk.rules").read_text(encoding="utf-8")
    assert '"archive-kiosk.service"' in polkit and '"start"' in polkit


def test_the_installed_config_with_the_units_environment_is_valid_and_keeps_logs_six_months(installed):
    unit = _unit(installed / UNITS / "archive-kiosk.service")
    env = dict(v.split("=", 1) for v in unit["Environment"])
    config = load_config(installed / "etc/archive-kiosk/kiosk.toml", env=env)
    assert config.logging.dir == "/var/lib/archive-kiosk/log" and config.logging.retention_days >= 184
    assert config.ui.fullscreen and not config.ui.demo_panel


def test_a_second_run_changes_nothing_and_keeps_local_config_edits(installed):
    conf = installed / "etc/archive-kiosk/kiosk.toml"
    conf.write_text(conf.read_text(encoding="utf-8") + "\n# edited on site\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in installed.rglob("*") if p.is_file()}
    r = _install(installed)
    assert r.returncode == 0, r.stderr
    assert "installed" not in r.stdout.replace("install-kiosk", "")
    assert "kept /etc/archive-kiosk/kiosk.toml" in r.stdout
    assert {p: p.read_bytes() for p in installed.rglob("*") if p.is_file()} == before


def test_the_app_runs_locked_down_with_its_keys_sealed_or_private(installed):
    unit = _unit(installed / UNITS / "archive-kiosk.service")
    assert unit["UMask"] == ["0077"] and unit["LimitCORE"] == ["0"] and unit["PrivateTmp"] == ["yes"]
    assert unit["ProtectSystem"] == ["strict"] and unit["CapabilityBoundingSet"] == [""]
    assert unit["NoNewPrivileges"] == ["yes"] and unit["BindPaths"] == ["/tmp/.X11-unix"]
    env = dict(v.split("=", 1) for v in unit["Environment"])
    key_file = Path(env["KIOSK_STORAGE__KEY_FILE"])
    # No systemd-creds in a temporary root: the fallback key file, 0600 in a 0700 folder outside the data.
    installed_key = installed / key_file.relative_to("/")
    assert installed_key.stat().st_mode & 0o777 == 0o600 and installed_key.parent.stat().st_mode & 0o777 == 0o700
    assert len(bytes.fromhex(installed_key.read_text().strip())) == 32
    assert not str(key_file).startswith(env["KIOSK_DATA__DIR"])
    assert (installed / "var/lib/archive-kiosk").stat().st_mode & 0o777 == 0o700
    config = load_config(installed / "etc/archive-kiosk/kiosk.toml", env=env)
    from kiosk.storage.key import storage_key_path

    assert storage_key_path(config) == key_file  # accepted: outside the data folder
    display = _unit(installed / UNITS / "archive-kiosk-display.service")
    assert "-auth /run/archive-kiosk-display/Xauthority" in display["ExecStart"][0]
    assert display["RuntimeDirectoryMode"] == ["0700"] and "XAUTHORITY=/run/archive-kiosk-display/Xauthority" in \
        unit["Environment"]


def test_the_machine_has_no_sysrq_and_the_maintenance_account_only_diagnoses(installed):
    sysctl = (installed / "etc/sysctl.d/90-archive-kiosk.conf").read_text(encoding="utf-8")
    assert re.search(r"^kernel\.sysrq\s*=\s*0$", sysctl, re.M)
    sudoers = installed / "etc/sudoers.d/archive-kiosk"
    assert sudoers.stat().st_mode & 0o777 == 0o440
    rules = [ln for ln in sudoers.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    assert rules == ["kiosk ALL=(kiosk-maint) NOPASSWD: /bin/bash --login",
                     "kiosk-maint ALL=(root) NOPASSWD: /usr/local/lib/archive-kiosk/kiosk-diag, "
                     "/usr/local/lib/archive-kiosk/kiosk-diag *"]
    maintenance = (installed / "usr/local/lib/archive-kiosk/kiosk-maintenance").read_text(encoding="utf-8")
    assert "sudo -u kiosk-maint" in maintenance
    diag = installed / "usr/local/lib/archive-kiosk/kiosk-diag"
    for refused in (["--export", "/tmp/x"], ["--config", "/tmp/evil.toml"], ["--device", "all; sh"]):
        r = subprocess.run([str(diag), *refused], capture_output=True, text=True, timeout=30)
        assert r.returncode == 2 and "kiosk-diag:" in r.stderr


def _run_app_command(unit: dict[str, list[str]], lib_dir: Path, app_dir: Path) -> str:
    """The app unit's ExecStart as systemd would run it ($$ → $), with the installed folders moved to
    temporary ones; returns what the chosen kiosk command was started with."""
    command = unit["ExecStart"][0].replace("$$", "$")
    command = command.replace("/usr/local/lib/archive-kiosk", str(lib_dir))
    command = command.replace(str(ROOT), str(app_dir))  # the installation's own environment (APP_DIR)
    assert command.startswith("/bin/sh -c '") and command.endswith("'")
    done = subprocess.run(["/bin/sh", "-c", command[len("/bin/sh -c '"):-1]], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _fake_kiosk(folder: Path, name: str) -> None:
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "kiosk").write_text(f'#!/bin/sh\necho {name} "$@"\n')
    (folder / "bin" / "kiosk").chmod(0o755)


def test_the_app_runs_the_release_signed_updates_switched_to_else_its_own_environment(installed, tmp_path):
    unit = _unit(installed / UNITS / "archive-kiosk.service")
    assert str(ROOT) in unit["ExecStart"][0], "the installation's own environment is the fallback"
    lib_dir, app_dir = tmp_path / "lib", tmp_path / "app"
    _fake_kiosk(app_dir / ".venv", "installed")
    (lib_dir / "update" / "releases").mkdir(parents=True)
    assert _run_app_command(unit, lib_dir, app_dir) == "installed run --config /etc/archive-kiosk/kiosk.toml"
    _fake_kiosk(lib_dir / "update" / "releases" / "1.4.0", "release-1.4.0")
    (lib_dir / "update" / "current").symlink_to(Path("releases") / "1.4.0")
    assert _run_app_command(unit, lib_dir, app_dir) == "release-1.4.0 run --config /etc/archive-kiosk/kiosk.toml"


def test_the_app_may_write_only_its_start_signal_among_the_releases(installed):
    unit = _unit(installed / UNITS / "archive-kiosk.service")
    env = dict(v.split("=", 1) for v in unit["Environment"])
    releases = env["KIOSK_UPDATE__RELEASES"]
    assert releases == "/usr/local/lib/archive-kiosk/update"
    writable = unit["ReadWritePaths"][0].split()
    assert f"{releases}/started" in writable and not any(
        w == releases or releases.startswith(w + "/") or w == f"{releases}/releases" for w in writable)
    started = installed / releases.lstrip("/") / "started"
    assert started.is_dir() and started.stat().st_mode & 0o777 == 0o700
    assert (installed / releases.lstrip("/") / "releases").is_dir()
    assert load_config(installed / "etc/archive-kiosk/kiosk.toml", env=env).update.releases == releases
