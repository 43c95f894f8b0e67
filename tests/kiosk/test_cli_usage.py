"""Usage errors of the command line: exit 2, one line on stderr, and JSON on stdout when JSON was asked for."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main


def test_a_missing_argument_with_json_is_a_json_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["verify", "--qr", "K1:x", "--json"])
    assert e.value.code == 2
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert error["code"] == "USAGE" and "--district-pub" in error["message"]
    assert "--district-pub" in err and "Traceback" not in err


def test_without_json_stdout_stays_empty(capsys):
    with pytest.raises(SystemExit) as e:
        main(["verify", "--qr", "K1:x"])
    assert e.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "required" in err


def test_help_lists_every_subcommand_the_gui_ones_included(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for name in ("demo", "run", "gateway", "sync", "search", "idcard", "face", "print", "certify", "verify", "keys",
                 "request", "diag", "bench", "audit", "staff"):
        assert f"\n    {name} " in out, name


def test_the_gui_bench_is_offered_through_its_entry_point(capsys):
    with pytest.raises(SystemExit):
        main(["bench", "identity", "--help"])
    assert "--rounds" in capsys.readouterr().out
