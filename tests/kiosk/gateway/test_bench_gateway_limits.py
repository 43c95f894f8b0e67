"""`kiosk bench gateway-limits` runs end to end on a small archive and reports its figures (the figures
themselves are the bench's business, not a test's)."""

from __future__ import annotations

import json

from kiosk.cli import main
from kiosk.gateway.limits import DEFAULT_LIMITS


def test_the_bench_reports_health_under_load_against_its_baseline(capsys):
    code = main(["bench", "gateway-limits", "--records", "1000", "--pullers", "2", "--idle", "20", "--probes", "20",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["health_failures"] == 0 and out["batches_pulled"] > 0 and out["puller_errors"] == 0
    # The attacker speaks from one address: it holds only that address's unfinished connections, the rest
    # are closed as they are accepted.
    assert out["idle_held_median"] == DEFAULT_LIMITS.max_unfinished_per_client and out["idle_refused"] > 0
    assert out["baseline_p95_ms"] > 0 and out["loaded_p95_ms"] > 0 and out["p95_ratio_to_baseline"] is not None
    assert isinstance(out["within_goal"], bool)
