"""A data folder the kiosk's user may not open (mode 000), met by the real commands run as an unprivileged
user: root ignores mode bits, so each command here runs as ``nobody`` (setpriv, else runuser). The kiosk's
start shows it is out of service and stays up; ``kiosk search`` and ``kiosk sync --status`` end with the
typed STORAGE_PERMISSION, their stable exit code, and no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.config import load_config
from kiosk.errors import StoragePermission
from kiosk.storage import storage_key_for
from tests.conftest import write_config

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def as_nobody() -> list[str]:
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("neither setpriv nor runuser is installed: cannot drop privileges to try mode bits")


def environment() -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1",
            "QT_QPA_PLATFORM": "offscreen", "HOME": "/nonexistent", "LANG": "C.UTF-8"}


@pytest.fixture
def locked_out() -> Iterator[Path]:
    """A kiosk config whose data folder is mode 000; its key and log folders belong to nobody."""
    if os.geteuid() != 0:
        pytest.skip("needs root to hand the folders to nobody")
    base = Path(tempfile.mkdtemp(prefix="kiosk-unprivileged-"))
    base.chmod(0o755)  # nobody must reach the config, the key and the logs
    try:
        cfg = write_config(base / "config" / "kiosk.toml")
        var, keys, log = base / "var", base / "keys", base / "log"
        text = cfg.read_text(encoding="utf-8")
        text = text.replace('path = "var/cache.sqlite"', f'path = "{var / "cache.sqlite"}"')
        text = text.replace('dir = "var/log"', f'dir = "{log}"').replace('dir = "var"', f'dir = "{var}"')
        cfg.write_text(text + f'\n[storage]\nkey_file = "{keys / "storage.key"}"\n', encoding="utf-8")
        config = load_config(cfg)
        ArchiveCache(var / "cache.sqlite", key=storage_key_for(config)).close()  # the key and a cache, as root
        for path in (base, *base.rglob("*")):
            os.chown(path, NOBODY, NOBODY)
        var.chmod(0o000)
        yield cfg
    finally:
        for path in (base, *base.rglob("*")):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def run_as_nobody(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*as_nobody(), sys.executable, "-m", "kiosk.cli", *argv], capture_output=True, text=True,
                          timeout=120, env=environment(), cwd="/")


@pytest.mark.parametrize("command", [["search", "--query", "秀英"], ["sync", "--status"]])
def test_a_command_on_a_data_folder_it_may_not_open_is_storage_permission(locked_out, command):
    base = locked_out.parents[1]
    done = run_as_nobody(*command, "--cache", str(base / "var" / "cache.sqlite"), "--storage-key",
                         str(base / "keys" / "storage.key"), "--json")
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["error"]["code"] == "STORAGE_PERMISSION", out
    assert done.returncode == StoragePermission.exit_code
    assert str(locked_out.parents[1] / "var") in out["error"]["message"] and "chown" in out["error"]["message"]


def test_the_kiosk_started_on_a_data_folder_it_may_not_open_is_out_of_service_and_stays_up(locked_out):
    proc = subprocess.Popen([*as_nobody(), sys.executable, "-m", "kiosk.cli", "run", "--config", str(locked_out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(), cwd="/")
    try:
        line = ""
        assert proc.stderr is not None
        for line in proc.stderr:  # read as it is written; the kiosk does not exit, so the loop ends on the line
            if "out of service" in line or "Traceback" in line:
                break
        assert "out of service: STORAGE_PERMISSION" in line, line
        assert proc.poll() is None  # still running: the out-of-service screen, not an exit and a restart loop
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
