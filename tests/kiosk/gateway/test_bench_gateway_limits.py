"""`kiosk bench gateway-limits` runs end to end on a small archive and reports its figures (the figures
themselves are the bench's business, not a test's)."""

from __future__ import annotations

import json

from kiosk.cli import main


def test_the_bench_reports_health_under_load_against_its_baseline(capsys):
    code = main(["bench", "gateway-limits", "--records", "1000", "--pullers", "2", "--idle", "20", "--probes", "20",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["health_failures"] == 0 and out["batches_pulled"] > 0 and out["puller_errors"] == 0
    assert out["idle_held_median"] == 20 and out["idle_refused"] == 0
    assert out["baseline_p95_ms"] > 0 and out["loaded_p95_ms"] > 0 and out["p95_ratio_to_baseline"] is not None
    assert isinstance(out["within_goal"], bool)
