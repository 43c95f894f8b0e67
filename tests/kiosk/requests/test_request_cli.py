"""`kiosk request` and `kiosk gateway requests`: JSON out, typed errors, never a traceback."""

from __future__ import annotations

import json

from kiosk.cli import main

SUBJECT = "330108195203142628"


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # refused by argparse, before the command runs
        code = int(e.code)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out)


def submit_args(cfg) -> list[str]:
    return ["request", "submit", "--config", str(cfg), "--record-type", "marriage", "--purpose", "inheritance",
            "--owner", "330108", "--subject-id", SUBJECT, "--subject-name", "张秀英", "--json"]


def test_submit_then_status(capsys, tmp_config_file):
    code, out = run_json(capsys, *submit_args(tmp_config_file))
    assert code == 0 and out["status"] == "queued" and len(out["request_id"]) == 32
    code, status = run_json(capsys, "request", "status", out["request_id"], "--config", str(tmp_config_file),
                            "--json")
    assert code == 0 and status["status"] == "queued" and status["target"]["overdue"] is False
    assert status["summary"]["subject"] == "3301**********2628"
    code, listed = run_json(capsys, "request", "list", "--config", str(tmp_config_file), "--json")
    assert [r["request_id"] for r in listed["requests"]] == [out["request_id"]]


def test_errors_are_json_with_stable_codes(capsys, tmp_config_file, tmp_path):
    code, out = run_json(capsys, "request", "status", "nope", "--config", str(tmp_config_file), "--json")
    assert code == 3 and out["error"]["code"] == "REQUEST_NOT_FOUND"
    code, out = run_json(capsys, *submit_args(tmp_config_file), "--missing", "户口簿")
    assert code == 2 and out["error"]["code"] == "REQUEST_INVALID"
    code, out = run_json(capsys, *submit_args(tmp_config_file), "--channel", "proxy", "--agent", "A-1")
    assert code == 2 and out["error"]["code"] == "REQUEST_INVALID"
    code, out = run_json(capsys, *submit_args(tmp_config_file), "--letter", str(tmp_path / "missing.jpg"))
    assert code == 2 and out["error"]["code"] == "USAGE"


def test_gateway_requests_on_a_missing_database(capsys, tmp_path):
    code, out = run_json(capsys, "gateway", "requests", "list", "--db", str(tmp_path / "none.sqlite"), "--json")
    assert code == 2 and out["error"]["code"] == "USAGE" and "does not exist" in out["error"]["message"]
    assert not (tmp_path / "none.sqlite").exists()
