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
    from kiosk.storage import storage_key_for

    cache = ArchiveCache(config.resolve(config.cache.path), key=storage_key_for(config))
    item = Outbox(cache).item(report["pushed"])
    cache.close()
    assert item["kind"] == "health" and item["payload"]["kiosk_id"] == "test-01"
    assert [d["device"] for d in item["payload"]["devices"]] == ["storage"]


@pytest.fixture
def kiosk_loggers():
    """configure_logging rewires the package loggers; put them back for the tests that follow."""
    import logging

    saved = {n: (lg.handlers[:], lg.level, lg.propagate)
             for n in ("kiosk", "hardware", "ui") for lg in [logging.getLogger(n)]}
    yield
    for name, (handlers, level, propagate) in saved.items():
        lg = logging.getLogger(name)
        for h in lg.handlers:
            if h not in handlers:
                h.close()
        lg.handlers[:], lg.level, lg.propagate = handlers, level, propagate


def test_the_exported_bundle_holds_no_full_id_number_or_name(capsys, tmp_config_file, config, tmp_path,
                                                             kiosk_loggers):
    import logging
    import re
    import zipfile

    from kiosk.demo_setup import prepare_demo
    from kiosk.logs import configure_logging

    prepare_demo(config)  # the cache then indexes the demo residents' names
    log_dir = config.resolve(config.logging.dir)
    mask = configure_logging(log_dir, "INFO")
    mask.protect(["欧阳秀英"])
    logging.getLogger("kiosk.test").info("session of %s (%s)", "欧阳秀英", "330106195203142627")
    mask.forget()
    for h in logging.getLogger("kiosk").handlers:
        h.flush()
    # Lines written past the masking filter: a crash dump, a tool run by hand.
    with (log_dir / "kiosk.log").open("a", encoding="utf-8") as f:
        f.write("2026-11-30 ERROR kiosk.tool: record of 张建国 440304198802210043 failed; name=王小明\n")
    (log_dir / "kiosk.log.2026-11-29").write_text("2026-11-29 INFO kiosk: agent 李娜 signed in\n", encoding="utf-8")

    code, report, _ = _diag(capsys, "--config", str(tmp_config_file), "--device", "storage",
                            "--export", str(tmp_path / "support"))
    assert code == 0
    bundle = zipfile.ZipFile(report["export"]["zip"])
    text = "".join(bundle.read(n).decode("utf-8") for n in bundle.namelist() if not n.endswith("/"))
    assert "logs/kiosk.log.2026-11-29" in "".join(bundle.namelist())
    for full in ("欧阳秀英", "张建国", "李娜", "王小明", "330106195203142627", "440304198802210043"):
        assert full not in text, full
    assert not re.search(r"\d{17}[\dXx]", text), "no 18-character ID number of any kind"
    for masked in ("欧**英", "张*国", "李*", "王*明", "3301**********2627", "4403**********0043"):
        assert masked in text, masked
