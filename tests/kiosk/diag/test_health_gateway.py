"""Health reports from a kiosk's outbox to the gateway's board, over real HTTP on loopback."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from kiosk.diag.health_board import HealthBoard
from kiosk.diag.health_report import build_health_report, push_health
from kiosk.diag.model import failed, passed
from kiosk.errors import DataError
from tests.storage_key import TEST_KEY

T0 = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def _report(kiosk_id: str, at: dt.datetime, *results):
    return build_health_report(kiosk_id, "文新街道服务点", results or [passed("idcard", "ready", "SAM ok")], at=at)


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def test_the_board_keeps_each_kiosks_newest_report_and_flags_a_silent_one(tmp_path):
    clock = Clock(T0)
    board = HealthBoard(tmp_path / "gw.sqlite", clock=clock, silent_after_s=900)
    board.record(_report("kiosk-01", T0, passed("receipt", "paper_near_end", "paper near end")))
    board.record(_report("kiosk-01", T0 - dt.timedelta(minutes=5)))  # a late delivery of an older report
    board.record(_report("kiosk-02", T0))
    first, second = board.kiosks()
    assert first["kiosk_id"] == "kiosk-01" and [a["code"] for a in first["alerts"]] == ["PAPER_NEAR_END"]
    assert second["kiosk_id"] == "kiosk-02" and second["ok"] and second["alerts"] == []
    clock.now = T0 + dt.timedelta(minutes=20)
    board.record(_report("kiosk-01", clock.now))
    silent = board.kiosk("kiosk-02")
    assert [a["code"] for a in silent["alerts"]] == ["KIOSK_SILENT"] and not silent["ok"]
    board.close()


def test_the_board_refuses_a_malformed_report_and_redacts_what_it_keeps(tmp_path):
    board = HealthBoard(":memory:", clock=lambda: T0)
    with pytest.raises(DataError):
        board.record({"at": T0.isoformat()})
    with pytest.raises(DataError):
        board.record({"kiosk_id": "k1", "at": "yesterday"})
    board.record({"kiosk_id": "k1", "at": T0.isoformat(), "ok": True,
                  "devices": [{"device": "idcard", "ok": True, "state": "card_read",
                               "detail": "card 330106195203142628", "facts": {"name": "欧阳秀英"}}]})
    assert "330106195203142628" not in str(board.kiosks()) and "欧阳秀英" not in str(board.kiosks())


@pytest.fixture
def district(tmp_path):
    from tests.kiosk.sync.gateway_fixture import make_district

    return make_district(tmp_path / "district")


@pytest.fixture
def gateway(tmp_path, district):
    from kiosk.gateway.store_sqlite import SqliteStore
    from tests.kiosk.sync.gateway_fixture import app_of, server_of

    store = SqliteStore(tmp_path / "gateway.sqlite")
    server = server_of(app_of(store, district, feature_routers=("kiosk.gateway.health_api",)), district)
    server.start()
    yield server.url
    server.stop()
    store.close()


def test_a_kiosk_pushes_health_through_its_outbox_and_the_gateway_lists_alerts(gateway, district, tmp_path):
    from kiosk.archive.cache import ArchiveCache
    from kiosk.sync.client import GatewayClient
    from kiosk.sync.outbox import Outbox

    cache = ArchiveCache(tmp_path / "kiosk" / "cache.sqlite", key=TEST_KEY)
    outbox = Outbox(cache)
    now = dt.datetime.now(dt.timezone.utc)  # the gateway judges silence by its own clock
    troubled = _report("kiosk-01", now, passed("receipt", "paper_near_end", "paper near end"),
                       failed("idcard", "lost", "reader unplugged"),
                       failed("gateway", "lagging", "last sync 3600 s ago"))
    push_health(outbox, troubled)
    push_health(outbox, troubled)  # queued twice, one item
    push_health(Outbox(ArchiveCache(tmp_path / "other" / "cache.sqlite", key=TEST_KEY)), _report("kiosk-02", now))
    client = GatewayClient(gateway, tls=district.kiosk_context(district.issue_kiosk("kiosk-01")))
    other = GatewayClient(gateway, tls=district.kiosk_context(district.issue_kiosk("kiosk-02")))
    staff = district.client(district.issue_staff("s-01"), timeout=5)
    assert outbox.push(client)["pushed"] == 1
    # A kiosk reports in its own name only: kiosk-01 cannot file kiosk-02's report.
    impostor = Outbox(ArchiveCache(tmp_path / "other" / "cache.sqlite", key=TEST_KEY)).push(client)
    assert impostor["pushed"] == 0 and impostor["rejected"] == 1
    Outbox(ArchiveCache(tmp_path / "other" / "cache.sqlite", key=TEST_KEY)).push(other)

    listing = staff.get(f"{gateway}/kiosks").json()
    assert [k["kiosk_id"] for k in listing["kiosks"]] == ["kiosk-01", "kiosk-02"]
    codes = {a["code"] for a in listing["kiosks"][0]["alerts"]}
    assert {"PAPER_NEAR_END", "READER_LOST", "SYNC_LAGGING"} <= codes
    assert staff.get(f"{gateway}/kiosks/kiosk-02").json()["ok"] is True
    assert staff.get(f"{gateway}/kiosks/nobody").status_code == 404
    staff.close()
    client.close()
    cache.close()
