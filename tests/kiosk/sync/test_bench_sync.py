"""`kiosk bench sync` on a small archive: the figures are there and the cache ends equal to the gateway."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main


def test_bench_sync_reports_its_figures_and_equal_counts(capsys):
    assert main(["bench", "sync", "--records", "400", "--changes", "60", "--batch-size", "100", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["counts_equal"] and result["integrity_ok"]
    assert result["records"] >= 380 and result["initial_batches"] == -(-result["records"] // 100)
    assert result["delta_changes"] == 60 and result["delta_applied"] + result["delta_deleted"] == 60
    assert result["records_per_s"] > 0 and result["delta_10k_ms"] > 0 and result["initial_kiosk_cpu_s"] > 0
    assert result["within_goal"] == (result["records_per_s"] >= 20000 and result["delta_10k_ms"] < 1000)
    tls = result["tls_vs_plain"]
    assert tls["tls_ms"] > 0 and tls["plain_ms"] > 0 and tls["rounds"] == 4
    # The ms shown are rounded to 0.1; the ratios come from the unrounded times.
    assert tls["ratio"] == pytest.approx(tls["tls_ms"] / tls["plain_ms"], abs=2e-3)
    assert tls["within_goal"] == (tls["ratio"] <= tls["goal_ratio"])
    assert result["sync_vs_bare"] > 0 and result["bare_records_per_s"] > 0
    # encryption's cost: wall clock and this process's CPU time, each a ratio of the medians measured in turn
    enc = result["encryption"]
    assert enc["encrypted_cpu_ms"] > 0 and enc["plain_cpu_ms"] > 0 and result["encrypted_vs_plain_cpu"] == enc["cpu_ratio"]
    assert enc["cpu_ratio"] == pytest.approx(enc["encrypted_cpu_ms"] / enc["plain_cpu_ms"], abs=2e-3)
    link = result["throttled"]
    plain, zstd = link["plain"], link["zstd"]
    assert plain["records"] == zstd["records"] == 2 * 100  # the same first batches, both ways
    # compression shrinks what crosses the wire, and the figures are the ratio of the measured ones
    assert 0 < zstd["wire_bytes"] < plain["wire_bytes"]
    assert link["zstd_vs_plain_bytes"] == round(zstd["wire_bytes"] / plain["wire_bytes"], 3)
    # 10 Mbit/s and 40 ms each way: no faster than the bytes and the round trips allow
    assert plain["seconds"] >= plain["wire_bytes"] / 1.25e6
