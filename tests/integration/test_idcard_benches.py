"""`kiosk bench idcard` and `kiosk bench fuzz-idcard`, run small: their JSON holds what the figures claim,
and a fuzzed property that breaks ends the bench with exit 1 and the example, not a traceback."""

from __future__ import annotations

import json

import pytest

from kiosk.commands.benches import _idcard_fuzzing as fuzz
from kiosk.cli import main

pytestmark = pytest.mark.integration


def _run(capsys, *argv) -> tuple[int, dict]:
    code = main(list(argv))
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1, lines
    return code, json.loads(lines[0])


def test_idcard_bench_times_whole_reads_paced_at_the_line_speed(capsys):
    code, out = _run(capsys, "bench", "idcard", "--rounds", "3", "--poll-ms", "50", "--json")
    assert code == 0 and out["rounds"] == 3 and out["baud"] == 115200
    placed, found = out["placed_to_parsed_ms"], out["found_to_parsed_ms"]
    # Once the card is down, the find (15 bytes), select (19) and read (1295) replies must cross the paced line.
    assert placed["min"] >= (15 + 19 + 1295) * 10 / 115200 * 1000
    assert placed["min"] >= found["min"] > 0 and placed["median"] <= placed["p95"] <= placed["max"]
    assert out["median_ms"] == placed["median"] and out["p95_ms"] == placed["p95"]
    assert out["meets_goal"] == (out["p95_ms"] <= out["goal_ms"] == 500)


def test_idcard_bench_refuses_an_unknown_card(capsys):
    code, out = _run(capsys, "bench", "idcard", "--card", "nobody", "--json")
    assert code == 2 and out["error"]["code"] == "USAGE" and "zhang_jianguo" in out["error"]["message"]


def test_fuzz_bench_runs_the_examples_asked_for(capsys):
    code, out = _run(capsys, "bench", "fuzz-idcard", "--examples", "100", "--seed", "3", "--json")
    assert code == 0 and out["failures"] == 0 and out["asked"] == 100
    assert out["examples"] == sum(p["examples"] for p in out["properties"].values()) == 100
    assert set(out["properties"]) == set(fuzz.PROPERTIES)


def test_fuzz_bench_reports_a_broken_property_with_exit_1(capsys, monkeypatch):
    def breaks_on_long_streams(data: bytes, chunk: int) -> None:
        if len(data) > 8:
            raise AssertionError("codec raised IndexError")

    strategies, _, share = fuzz.PROPERTIES["byte_streams"]
    monkeypatch.setitem(fuzz.PROPERTIES, "byte_streams", (strategies, breaks_on_long_streams, share))
    code, out = _run(capsys, "bench", "fuzz-idcard", "--examples", "200", "--seed", "1", "--json")
    assert code == 1 and out["error"]["code"] == "BENCH_FUZZ_FAILURE"
    assert out["error"]["message"].startswith("byte_streams:") and "IndexError" in out["error"]["message"]
