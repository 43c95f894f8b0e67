"""The gateway's front door, tried as an attacker would, over real TLS on loopback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from kiosk.cli import main
from kiosk.errors import GatewayRefused
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.client import GatewayClient
from tests.kiosk.sync.gateway_fixture import app_of, make_district, serve

FEATURES = ("kiosk.gateway.verify_api", "kiosk.gateway.federation", "kiosk.gateway.health_api")


@pytest.fixture
def district(tmp_path: Path):
    return make_district(tmp_path / "district")


@pytest.fixture
def running(tmp_path: Path, district):
    store = SqliteStore(tmp_path / "gw.sqlite")
    seed_archive(store, residents_wanted=3, page_images_for=1)
    with serve(app_of(store, district, feature_routers=FEATURES, peers={}), district) as url:
        yield url
    store.close()


def _code(response: httpx.Response) -> str:
    return response.json()["detail"]["code"]


def test_an_anonymous_client_gets_no_record_no_page_and_no_list(running, district):
    with district.anonymous() as anon:
        for path in ("/feed?cursor=0", "/health", "/district-key", "/kiosks", "/outbox/x",
                     "/federation/requests", "/federation/requests/r1", "/federation/stats"):
            r = anon.get(running + path)
            assert r.status_code == 401 and _code(r) == "AUTH_CERTIFICATE_REQUIRED", path
        r = anon.post(running + "/federation/inbound", json={"request_id": "x"})
        assert r.status_code == 401
        # The public certificate check needs no certificate: it answers, with a verdict.
        assert anon.get(running + "/certificates/verify", params={"qr": "nonsense"}).status_code == 200


def test_plain_http_gets_no_answer_at_all(running):
    port = int(running.rsplit(":", 1)[1])
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/feed?cursor=0", timeout=5)
    # Nor does a raw plaintext request get a single byte of data back.
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET /feed?cursor=0 HTTP/1.1\r\nHost: x\r\n\r\n")
        got = b""
        try:
            while chunk := s.recv(4096):
                got += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    assert b"record" not in got and b"HTTP/1.1 200" not in got


def test_a_kiosk_certificate_from_another_districts_ca_fails_the_handshake(running, tmp_path):
    stranger = make_district(tmp_path / "stranger")
    # The stranger's kiosk trusts our CA (it knows whom it is calling) but its certificate is the stranger's.
    context = stranger.kiosk_context()
    context.load_verify_locations(cafile=str(tmp_path / "district" / "ca.pem"))
    # TLS 1.3: the server checks the client's certificate after the client finished its side, and closes
    # the connection instead of answering.
    with pytest.raises((httpx.RemoteProtocolError, httpx.ConnectError, httpx.ReadError)), \
            httpx.Client(verify=context) as c:
        c.get(running + "/feed?cursor=0")


def test_a_kiosk_that_does_not_trust_the_gateway_stops_at_the_handshake(running, tmp_path):
    stranger = make_district(tmp_path / "stranger")
    client = GatewayClient(running, tls=stranger.kiosk_context())
    with pytest.raises(GatewayRefused) as caught:
        client.health()
    assert caught.value.code == "GATEWAY_TLS_FAILED"


def test_the_kiosk_reads_its_feed_and_nothing_of_staff_or_peers(running, district):
    with district.client() as kiosk:
        assert kiosk.get(running + "/feed?cursor=0").status_code == 200
        assert kiosk.get(running + "/health").json()["status"] == "ok"
        for path in ("/kiosks", "/federation/requests", "/federation/stats"):
            r = kiosk.get(running + path)
            assert r.status_code == 403 and _code(r) == "AUTH_WRONG_ROLE", path
        for path in ("/federation/inbound", "/federation/results"):
            r = kiosk.post(running + path, json={"request_id": "r1", "status": "rejected"})
            assert r.status_code == 403 and _code(r) == "AUTH_WRONG_ROLE", path


def test_staff_see_the_fleet_but_not_the_feed(running, district):
    staff = district.issue_staff("s-001")
    with district.client(staff) as c:
        assert c.get(running + "/kiosks").status_code == 200
        assert c.get(running + "/federation/requests").status_code == 200
        r = c.get(running + "/feed?cursor=0")
        assert r.status_code == 403 and _code(r) == "AUTH_WRONG_ROLE"


def test_a_revoked_kiosk_is_refused_at_its_next_request(running, district, tmp_path, capsys):
    thief = district.issue_kiosk("kiosk-07")
    client = GatewayClient(running, tls=district.kiosk_context(thief))
    assert client.health()["status"] == "ok"
    assert main(["keys", "revoke", "--district-key", str(district.key), "--kiosk-id", "kiosk-07", "--out",
                 str(tmp_path / "rev.json"), "--reason", "stolen", "--publish", str(tmp_path / "gw.sqlite"),
                 "--json"]) == 0
    capsys.readouterr()
    with pytest.raises(GatewayRefused) as caught:
        client.batch(0, "", False, 10)
    assert caught.value.code == "AUTH_REVOKED"
    # Another kiosk of the district goes on.
    with district.client() as kiosk:
        assert kiosk.get(running + "/feed?cursor=0").status_code == 200
    client.close()


def test_every_route_declares_its_roles(district, tmp_path):
    from fastapi import APIRouter

    from kiosk.gateway.roles import check_routes

    store = SqliteStore(tmp_path / "x.sqlite")
    app = app_of(store, district, feature_routers=FEATURES, peers={})
    undeclared = APIRouter()

    @undeclared.get("/forgotten")
    def forgotten() -> dict:
        return {}

    app.include_router(undeclared)
    with pytest.raises(RuntimeError, match="/forgotten"):
        check_routes(app)
    app.state.federation.close()
    store.close()


def test_a_gateway_without_credentials_exits_2(tmp_path, capsys):
    code = main(["gateway", "serve", "--db", str(tmp_path / "gw.sqlite"), "--json"])
    assert code == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "TLS_CREDENTIALS_MISSING"


def test_a_plain_http_gateway_url_is_refused_before_anything_is_sent(district):
    from kiosk.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        GatewayClient("http://127.0.0.1:8700", tls=district.kiosk_context())
    assert caught.value.code == "GATEWAY_NOT_HTTPS"


def test_a_route_mounted_without_a_role_admits_no_one(district, tmp_path):
    from fastapi import APIRouter

    store = SqliteStore(tmp_path / "x.sqlite")
    app = app_of(store, district)
    undeclared = APIRouter()

    @undeclared.get("/forgotten")
    def forgotten() -> dict:
        return {"secret": 1}

    app.include_router(undeclared)
    with serve(app, district) as url, district.client() as kiosk:
        r = kiosk.get(url + "/forgotten")
        assert r.status_code == 403 and _code(r) == "AUTH_NO_ROLE"
    store.close()


def test_an_oversized_body_is_refused_with_413_and_personal_data_is_never_cached(running, district):
    with district.client(timeout=30) as kiosk:
        big = kiosk.post(running + "/outbox", content=b'{"items": []}' + b" " * (9 * 1024 * 1024),
                         headers={"content-type": "application/json"})
        assert big.status_code == 413 and big.json()["detail"]["code"] == "REQUEST_TOO_LARGE"

        def chunks():  # no Content-Length: counted as it streams in
            for _ in range(40):
                yield b" " * (512 * 1024)

        streamed = kiosk.post(running + "/kiosks/health", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        feed = kiosk.get(running + "/feed?cursor=0")
        assert feed.headers["cache-control"] == "private, no-store"
        sha = next(op for op in _ops(feed.content) if op.get("body", {}).get("pages"))["body"]["pages"][0]
        page = kiosk.get(f"{running}/blobs/{sha}")
        assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"


def _ops(raw: bytes) -> list:
    return json.loads(raw.split(b"\n", 1)[1])


def test_the_public_check_is_rate_limited_per_address(running, district):
    with district.anonymous() as anon:
        answers = [anon.get(running + "/certificates/verify", params={"qr": "x"}).status_code for _ in range(70)]
    assert answers[0] == 200 and answers[-1] == 429 and answers.count(200) <= 61
