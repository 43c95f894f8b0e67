"""`kiosk diag` end to end: JSON shape, exit codes, failures named, redaction, export, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.diag.model import DEVICES

ROOT = Path(__file__).resolve().parents[3]


def _diag(capsys, *argv) -> tuple[int, dict, str]:
    code = main(["diag", *argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_every_device_is_reported_in_the_documented_shape(capsys, tmp_config_file, config):
    code, report, _ = _diag(capsys, "--config", str(tmp_config_file))
    assert [d["device"] for d in report["devices"]] == list(DEVICES)
    for d in report["devices"]:
        assert {"device", "ok", "state", "detail"} <= set(d)
        assert isinstance(d["ok"], bool) and d["state"] and isinstance(d["detail"], str)
    assert code == (0 if all(d["ok"] for d in report["devices"]) else 1)


def test_an_unreachable_receipt_printer_fails_naming_it(capsys, tmp_config_file, config, monkeypatch):
    monkeypatch.setenv("KIOSK_DEVICES__RECEIPT", "escpos+tcp://127.0.0.1:9")
    code, report, err = _diag(capsys, "--config", str(tmp_config_file), "--device", "receipt", "--timeout", "5")
    assert code == 1
    (receipt,) = report["devices"]
    assert receipt["device"] == "receipt" and receipt["ok"] is False
    assert "127.0.0.1:9" in receipt["detail"]
    assert "receipt printer (receipt)" in err


def test_a_missing_config_is_one_line_not_a_traceback(capsys, tmp_path):
    code = main(["diag", "--config", str(tmp_path / "nope.toml"), "--json"])
    out = capsys.readouterr()
    assert code == 2 and json.loads(out.out)["error"]["code"] == "CONFIG_INVALID"
    assert "Traceback" not in out.err


def test_export_writes_a_bundle(capsys, tmp_config_file, config, tmp_path):
    code, report, _ = _diag(capsys, "--config", str(tmp_config_file), "--device", "storage",
                            "--export", str(tmp_path / "support"))
    assert Path(report["export"]["zip"]).is_file()
    assert {"diag.json", "config.json", "versions.json"} <= set(report["export"]["files"])


def _kiosk(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *argv], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, **env}, timeout=60)


@pytest.mark.slow
def test_demo_passes_and_an_unreachable_receipt_printer_fails_it():
    ok = _kiosk("diag", "--demo", "--json")
    assert "Traceback" not in ok.stderr
    report = json.loads(ok.stdout)
    assert ok.returncode == 0, report
    bad = _kiosk("diag", "--demo", "--json", KIOSK_DEVICES__RECEIPT="escpos+tcp://127.0.0.1:9")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    failing = [d for d in json.loads(bad.stdout)["devices"] if not d["ok"]]
    assert [d["device"] for d in failing] == ["receipt"]
    assert "receipt printer" in bad.stderr


def test_push_queues_a_health_report_in_the_outbox(capsys, tmp_config_file, config):
    from kiosk.archive.cache import ArchiveCache
    from kiosk.sync.outbox import Outbox

    _, report, _ = _diag(capsys, "--config", str(tmp_config_file), "--device", "storage", "--push")
    cache = ArchiveCache(config.resolve(config.cache.path))
    item = Outbox(cache).item(report["pushed"])
    cache.close()
    assert item["kind"] == "health" and item["payload"]["kiosk_id"] == "test-01"
    assert [d["device"] for d in item["payload"]["devices"]] == ["storage"]
