"""Health reports carry alerts for staff and travel through the outbox, once."""

from __future__ import annotations

import datetime as dt

from kiosk.diag.health_report import HEALTH_KIND, alerts_for, build_health_report, push_health
from kiosk.diag.model import failed, passed

AT = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


class RecordingOutbox:
    def __init__(self):
        self.items = []

    def enqueue(self, kind, payload, key):
        self.items.append((kind, payload, key))


def test_alerts_for_paper_near_end_reader_lost_and_sync_lagging():
    results = [passed("receipt", "paper_near_end", "paper near end"),
               failed("idcard", "lost", "reader unplugged"),
               failed("gateway", "lagging", "last sync 3600 s ago"),
               passed("storage", "ready", "fine")]
    codes = [a["code"] for a in alerts_for(results)]
    assert codes == ["PAPER_NEAR_END", "READER_LOST", "SYNC_LAGGING"]


def test_any_other_failure_still_alerts():
    assert alerts_for([failed("docprinter", "jammed", "paper jam")])[0]["code"] == "DOCPRINTER_DOWN"
    assert alerts_for([failed("idcard", "timeout", "no answer")])[0]["code"] == "READER_LOST"


def test_report_is_redacted_and_pushed_with_an_idempotency_key():
    results = [passed("idcard", "card_read", "card 330106195203142628 read")]
    report = build_health_report("demo-01", "服务点", results, {"kiosk": "0.1.0"}, at=AT)
    assert report["ok"] and report["alerts"] == []
    assert "330106195203142628" not in str(report)
    outbox = RecordingOutbox()
    key = push_health(outbox, report)
    assert outbox.items == [(HEALTH_KIND, report, key)]
    assert key == "health:demo-01:2026-11-25T12:00:00+00:00"
