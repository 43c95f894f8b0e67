"""Data paths of the wrong kind, met by commands: one typed line each, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_config

ROOT = Path(__file__).resolve().parents[3]


def kiosk(*argv: str) -> tuple[int, dict, str]:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", *argv, "--json"], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.fixture
def data_under_a_file(tmp_path):
    cfg = write_config(tmp_path / "kiosk.toml")
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    text = cfg.read_text(encoding="utf-8").replace('dir = "var"', f'dir = "{tmp_path / "afile" / "data"}"')
    cfg.write_text(text, encoding="utf-8")
    return cfg, tmp_path / "afile"


@pytest.mark.parametrize("command", [["stats"], ["print", "jobs"], ["request", "list"]])
def test_a_data_folder_under_a_regular_file(data_under_a_file, command):
    cfg, blocker = data_under_a_file
    code, out, _ = kiosk(*command, "--config", str(cfg))
    assert code == 1 and out["error"]["code"] == "STORAGE_NOT_A_FOLDER", out
    assert str(blocker) in out["error"]["message"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_receipt_with_its_journal_on_a_full_disk_is_storage_full(tmp_path):
    from tests.kiosk.storage_faults.filesystems import fill, small_filesystem

    with small_filesystem(tmp_path / "disk", size_kb=512) as disk:
        fill(disk)
        code, out, _ = kiosk("print", "receipt", "--demo", "--printer", "sim://receipt", "--data-dir",
                             str(disk / "data"))
        assert code == 1 and out["error"]["code"] == "STORAGE_FULL", out
        assert str(disk) in out["error"]["message"] and "free space" in out["error"]["message"]
