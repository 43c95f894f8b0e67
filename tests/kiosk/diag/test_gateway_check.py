"""Gateway check against a fake HTTP transport: reachable, failing, unreachable, lagging."""

from __future__ import annotations

import datetime as dt

import httpx

from kiosk.diag.gateway_check import check_gateway

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def _client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def _status(cursor: int, minutes_ago: float):
    return lambda: {"cursor": cursor, "last_sync": (NOW - dt.timedelta(minutes=minutes_ago)).isoformat()}


def test_reachable_and_recent_sync_passes_with_latency_and_lag():
    client = _client(lambda req: httpx.Response(200, json={"status": "ok", "cursor": 120}))
    r = check_gateway("http://gw.test", embedded=False, timeout_s=2, sync_interval_s=60,
                      sync_status=_status(100, 2), client=client, now=NOW)
    assert r.ok and r.state == "reachable"
    assert r.facts["cursor_lag"] == 20 and r.facts["last_sync_age_s"] == 120
    assert "latency_ms" in r.facts


def test_an_old_sync_behind_the_gateway_is_lagging():
    client = _client(lambda req: httpx.Response(200, json={"cursor": 5000}))
    r = check_gateway("http://gw.test", embedded=False, timeout_s=2, sync_interval_s=60,
                      sync_status=_status(100, 60), client=client, now=NOW)
    assert not r.ok and r.state == "lagging"
    assert "4900 changes behind" in r.detail


def test_connection_refused_is_unreachable():
    def refuse(req):
        raise httpx.ConnectError("connection refused", request=req)

    r = check_gateway("http://gw.test", embedded=False, timeout_s=2, sync_interval_s=60, client=_client(refuse))
    assert not r.ok and r.state == "unreachable" and "gw.test" in r.detail


def test_a_server_error_is_unhealthy():
    r = check_gateway("http://gw.test", embedded=False, timeout_s=2, sync_interval_s=60,
                      client=_client(lambda req: httpx.Response(503)))
    assert not r.ok and r.state == "unhealthy" and "503" in r.detail


def test_no_gateway_configured_is_offline_by_choice_and_embedded_is_the_demo():
    assert check_gateway("", embedded=False, timeout_s=1, sync_interval_s=60).state == "offline_only"
    assert check_gateway("", embedded=True, timeout_s=1, sync_interval_s=60).state == "embedded"


def test_credentials_in_the_gateway_url_never_reach_the_result():
    url = "https://kiosk:hunter2@gw.test/api?token=s3cret&region=330106"

    def refuse(req):
        raise httpx.ConnectError(f"cannot connect to {req.url}", request=req)

    for client in (_client(refuse), _client(lambda req: httpx.Response(502))):
        r = check_gateway(url, embedded=False, timeout_s=2, sync_interval_s=60, client=client)
        shown = r.failure_line()
        assert not r.ok and "gw.test" in shown and "region=330106" in shown
        assert "hunter2" not in shown and "s3cret" not in shown


def test_the_health_path_joins_the_path_not_the_query():
    asked = []

    def answer(req):
        asked.append(str(req.url))
        return httpx.Response(200, json={"cursor": 1})

    check_gateway("http://gw.test/api/?region=330106", embedded=False, timeout_s=2, sync_interval_s=60,
                  client=_client(answer))
    assert asked == ["http://gw.test/api/health?region=330106"]
