"""`kiosk bench handwriting`, run small: per-stroke figures that add up, and a plain refusal without a model."""

from __future__ import annotations

import json

import pytest

from hardware.handwriting.samples import CHARACTERS
from kiosk.cli import main


def test_the_bench_classifies_after_every_stroke_and_reports_against_a_cpu_unit(capsys):
    assert main(["bench", "handwriting", "--rounds", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["strokes_classified"] == 2 * sum(len(s) for s in CHARACTERS.values())
    assert out["samples"] == len(CHARACTERS) and out["samples_in_top3"] == len(CHARACTERS)
    assert 0 < out["stroke_p50_ms"] <= out["stroke_p95_ms"] and out["cpu_unit_ms"] > 0
    # The ratio is of the unrounded figures: the rounded ones agree to within their rounding.
    assert out["stroke_p50_in_cpu_units"] == pytest.approx(out["stroke_p50_ms"] / out["cpu_unit_ms"], rel=0.01)
    assert out["meets_goal"] == (out["stroke_p95_ms"] <= out["goal_ms"])


def test_without_the_model_the_bench_says_so_with_its_code(tmp_path, capsys):
    assert main(["bench", "handwriting", "--model", str(tmp_path / "absent.model")]) != 0
    err = capsys.readouterr().err
    assert "HANDWRITING_UNAVAILABLE" in err and "Traceback" not in err
