"""`kiosk bench fleet` end to end at a small scale: a real gateway over HTTPS, kiosks in worker processes,
every cache compared with the gateway and the gateway's handles and memory read from /proc."""

from __future__ import annotations

import json

import pytest

from tests.kiosk.sync.gateway_fixture import kiosk

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_bench_fleet_reports_exact_caches_and_the_gateways_growth():
    done = kiosk("bench", "fleet", "--kiosks", "4", "--records", "300", "--changes", "30", "--outbox", "2",
                 "--json", timeout=300)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == 0 and report["error_codes"] == [], done.stderr[-2000:]
    assert report["caches_exact"] is True and report["caches_exact_count"] == 4
    assert report["outbox_pushed"] == report["outbox_received"] == 8
    assert report["records"] > 300 * 0.8 and report["changes"] == 30
    assert report["aggregate_records_per_s"] > 0 and report["p95_kiosk_s"] > 0
    for key in ("gateway_fds_growth", "gateway_rss_growth"):
        assert isinstance(report[key], float)
    assert report["gateway_fds"]["start"] > 0 and report["gateway_rss_mb"]["start"] > 0
    assert report["gateway_fds_growth"] <= 0.10  # a fixed pool: the gateway's handles do not grow
    assert done.returncode == (0 if report["within_goal"] else 1)
