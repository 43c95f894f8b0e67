"""Usage errors of the command line: exit 2, one line on stderr, and JSON on stdout when JSON was asked for."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main


def test_a_missing_argument_with_json_is_a_json_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["verify", "copy.pdf", "--json"])
    assert e.value.code == 2
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert error["code"] == "USAGE" and "--district-pub" in error["message"]
    assert "--district-pub" in err and "Traceback" not in err


def test_without_json_stdout_stays_empty(capsys):
    with pytest.raises(SystemExit) as e:
        main(["verify", "copy.pdf"])
    assert e.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "required" in err
