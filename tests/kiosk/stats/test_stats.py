"""Anonymous hourly statistics: counted at the kiosk, pushed once per hour, summed per point."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kiosk.errors import DataError
from kiosk.session import Session
from kiosk.session_records import VisitCopy
from kiosk.session_states import State
from kiosk.stats.aggregate import StatsAggregate
from kiosk.stats.recorder import StatsRecorder
from tests.storage_key import TEST_KEY

UTC = dt.timezone.utc


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 9, 10, tzinfo=UTC)

    def __call__(self) -> dt.datetime:
        return self.now


class Outbox:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}

    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> None:
        assert kind == "stats"
        self.items.setdefault(key, payload)


class Rec:
    record_type = "marriage"


def test_a_visit_is_counted_and_closed_hours_are_pushed_once(tmp_path):
    clock = Clock()
    rec = StatsRecorder(tmp_path / "stats.sqlite", point="330106", kiosk_id="k1", clock=clock, key=TEST_KEY)
    session = Session()
    outbox = Outbox()
    rec.observe(session, outbox)
    session.transition(State.GUIDE, "guide")  # from ATTRACT: a visit begins
    clock.now += dt.timedelta(minutes=3)
    session.transition(State.WIPE, "done")
    rec.printed("certified_copy")
    rec.rated(5)
    rec.rated(9)  # not a rating
    hour = rec.hours()["2026-11-25T09"]
    assert hour == {"sessions": 1, "session_seconds": 180, "prints/certified_copy": 1, "ratings/5": 1}
    assert outbox.items == {}  # the hour is still counting
    clock.now += dt.timedelta(hours=1)
    session.finish_wipe()
    session.transition(State.GUIDE, "guide")
    session.data.current_record = Rec()
    session.transition(State.WIPE, "done")
    assert list(outbox.items) == ["stats:k1:2026-11-25T09"]
    assert rec.flush(outbox) == 0  # pushed once
    rec.close()


def test_the_gateway_sums_per_point_and_a_repeat_report_counts_once(tmp_path):
    agg = StatsAggregate(tmp_path / "gw.sqlite")
    report = {"point": "330106", "kiosk": "k1", "hour": "2026-11-25T09",
              "metrics": {"sessions": 3, "viewed/marriage": 2, "viewed/school": 1}}
    agg.ingest(report)
    agg.ingest(report)
    agg.ingest({**report, "kiosk": "k2", "metrics": {"sessions": 1, "viewed/school": 4}})
    p = agg.per_point()["points"]["330106"]
    assert p["metrics"]["sessions"] == 4 and p["kiosks"] == ["k1", "k2"]
    assert p["top_record_types"][0] == "school" and p["by_hour_of_day"]["09"] == 4
    with pytest.raises(DataError) as e:
        agg.ingest({"metrics": {}})
    assert e.value.code == "STATS_INVALID"
    agg.close()


def test_copies_and_the_rating_of_a_visit_are_counted_when_it_ends_and_nothing_else_of_it_is_kept(tmp_path):
    from kiosk.identity.card import IdCard

    clock = Clock()
    rec = StatsRecorder(tmp_path / "stats.sqlite", point="330106", kiosk_id="k1", clock=clock, key=TEST_KEY)
    session = Session()
    rec.observe(session)
    session.transition(State.READING_CARD, "card")
    session.card_read(IdCard("resident", "张秀英", "330106195203142628"))
    session.data.printed += [VisitCopy(record_id="r1", copies=2), VisitCopy(request_id="q1", copies=1)]
    session.transition(State.WIPE, "timeout")  # the data are gone before the recorder hears of WIPE
    session.finish_wipe()
    session.transition(State.GUIDE, "guide")
    session.rate(4)
    session.transition(State.WIPE, "done")
    assert rec.hours()["2026-11-25T09"] == {"sessions": 2, "session_seconds": 0, "prints/certified_copy": 3,
                                            "ratings/4": 1}
    assert rec._visit is None  # no visit's data outlive its end in the recorder
    rec.close()
    stored = b"".join(f.read_bytes() for f in tmp_path.glob("stats.sqlite*"))
    assert "张秀英".encode() not in stored and b"330106195203142628" not in stored
