"""Two district gateways on 127.0.0.1 and a kiosk at district A (异地受理、属地办理、线上流转、就近出证).

A request filed at A for a record owned by B is completed at B by its staff (the CLI), comes back to A as a
certificate signed by B, and is printed at A; a rejection comes back with its reason; while A's gateway is
down the request waits in the kiosk's outbox and goes through later, exactly once. Both gateways and the
kiosk keep an audit trail.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from PIL import Image

from kiosk.audit import AuditLog
from kiosk.cli import main as kiosk_main
from kiosk.crypto.keys import generate, load_verifier, save_pair
from kiosk.gateway import federation
from kiosk.gateway.requests_admin import audit_path_for
from kiosk.gateway.requests_store import FederationStore
from kiosk.requests.book import RequestBook
from kiosk.requests.certificate import verify
from kiosk.requests.model import Attachment, Channel, Commitment, Request
from kiosk.requests.printout import certificate_pdf
from kiosk.requests.service import RequestService
from kiosk.requests.signature import Signature
from kiosk.requests.status_client import GatewayRequestStatus

pytestmark = pytest.mark.integration

A, B = "330106", "330108"
SUBJECT_ID, SUBJECT_NAME = "330108195203142628", "张秀英"


def wait_until(predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy or the deadline passes."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        pause.wait(0.02)


def reserve_socket() -> socket.socket:
    """A bound socket that does not listen yet: connections to it are refused until a server takes it."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    return s


class Gateway:
    """One district's gateway app, served by uvicorn in a thread on a reserved socket."""

    def __init__(self, code: str, folder: Path, peers: dict[str, str]):
        self.code = code
        self.db = folder / "gateway.sqlite"
        self.sock = reserve_socket()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.peers = peers
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        app = self.app = FastAPI()
        app.include_router(federation.router)
        federation.install(app, None, federation_db=str(self.db), archive_code=self.code, peers=self.peers,
                           relay_interval_s=0.05)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        wait_until(lambda: self.server.started, what=f"gateway {self.code} to start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(timeout=10)
            self.app.state.federation.close()
        self.sock.close()

    def rows(self) -> list[dict[str, Any]]:
        store = FederationStore(self.db)
        try:
            return store.list()
        finally:
            store.close()

    def audit(self) -> list[dict[str, Any]]:
        log = AuditLog(audit_path_for(self.db))
        try:
            return log.rows()
        finally:
            log.close()


class HttpOutbox:
    """The kiosk's outbox as the request service sees it: kept until the gateway accepted, then dropped."""

    def __init__(self, gateway_url: str):
        self.url = gateway_url
        self.pending: dict[str, tuple[str, dict[str, Any]]] = {}
        self.sent: list[str] = []

    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> None:
        self.pending.setdefault(key, (kind, payload))

    def push(self) -> int:
        n = 0
        for key, (_kind, payload) in list(self.pending.items()):
            try:
                r = httpx.post(f"{self.url}/federation/requests", json=payload, timeout=2)
            except httpx.HTTPError:
                continue
            if r.status_code == 200:
                del self.pending[key]  # sent: the photos leave the kiosk with it
                self.sent.append(key)
                n += 1
        return n


def png(text_colour: int = 0) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (200, 280), (255, 255, text_colour)).save(buf, format="PNG")
    return buf.getvalue()


def signature() -> Signature:
    return Signature.from_strokes([[(10, 10, 0), (60, 40, 30), (110, 20, 60), (160, 50, 90), (200, 30, 120)]],
                                  400, 160)


def proxy_request(purpose: str = "inheritance") -> Request:
    return Request(origin_archive=A, origin_kiosk="kiosk-a1", owner_archive=B, record_type="real_estate",
                   purpose=purpose, subject_id=SUBJECT_ID, subject_name=SUBJECT_NAME, channel=Channel.PROXY,
                   agent_id="A-007", relationship="子女",
                   attachments=[Attachment("authorisation_letter", "image/jpeg", b"\xff\xd8letter"),
                                Attachment("id_photo", "image/jpeg", b"\xff\xd8idcard")],
                   commitment=Commitment(("户口簿",), signature(), "2026-11-25T10:00:00+00:00"))


@pytest.fixture
def districts(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    gw_a = Gateway(A, tmp_path / "a", {})
    gw_b = Gateway(B, tmp_path / "b", {A: gw_a.url})
    gw_a.peers[B] = gw_b.url
    key_b = generate("ed25519")
    save_pair(key_b, tmp_path / "b" / "district.key", tmp_path / "b" / "district.pub")
    gw_b.start()  # A stays down until the test starts it
    yield gw_a, gw_b, tmp_path
    gw_a.stop()
    gw_b.stop()


@pytest.fixture
def kiosk_a(tmp_path: Path, districts):
    gw_a = districts[0]
    audit = AuditLog(tmp_path / "kiosk-audit.sqlite")
    book = RequestBook(tmp_path / "kiosk-requests.sqlite")
    outbox = HttpOutbox(gw_a.url)
    source = GatewayRequestStatus(gw_a.url, timeout_s=2)
    service = RequestService(book, outbox, audit, status_source=source)
    yield service, outbox, audit
    source.close()
    book.close()
    audit.close()


def cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    import argparse

    from kiosk.gateway.requests_cli import add_requests_parser, run_requests

    parser = argparse.ArgumentParser()
    add_requests_parser(parser.add_subparsers())
    args = parser.parse_args(list(argv[1:]))
    code = run_requests(args)
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def refreshed_to(service: RequestService, request_id: str, status: str) -> bool:
    service.refresh()
    return service.status(request_id)["status"] == status


def test_request_from_a_is_completed_at_b_and_printed_at_a(districts, kiosk_a, capsys):
    gw_a, gw_b, tmp = districts
    service, outbox, kiosk_audit = kiosk_a
    request = proxy_request()

    # A's gateway is down: the request waits in the outbox.
    submitted = service.submit(request)
    rid = submitted["request_id"]
    assert submitted["status"] == "queued"
    assert request.attachments == []  # the kiosk's own copy of the photos is gone once handed over
    assert outbox.push() == 0 and list(outbox.pending) == [f"request:{rid}"]

    # A comes up; the outbox goes through, and a repeat push (or a re-sent copy) changes nothing.
    gw_a.start()
    assert outbox.push() == 1
    assert outbox.push() == 0
    resend = proxy_request()
    resend.request_id = rid
    assert httpx.post(f"{gw_a.url}/federation/requests", json=resend.to_wire()).status_code == 200

    # A forwards to B; B's staff see it once, with the photos and the signed commitment.
    wait_until(lambda: [r for r in gw_b.rows() if r["request_id"] == rid], what="the request to reach B")
    assert [r["request_id"] for r in gw_b.rows()] == [rid]
    assert [r["request_id"] for r in gw_a.rows()] == [rid]
    b_row = FederationStore(gw_b.db).get(rid, with_payload=True)
    assert {a["kind"] for a in b_row["payload"]["attachments"]} == {"authorisation_letter", "id_photo"}
    assert b_row["payload"]["commitment"]["missing"] == ["户口簿"]
    # A kept no photos once B had them.
    wait_until(lambda: gw_a.rows()[0]["status"] == "forwarded", what="A to mark the request forwarded")
    a_row = FederationStore(gw_a.db).get(rid, with_payload=True)
    assert all(a.get("dropped") for a in a_row["payload"]["attachments"])

    wait_until(lambda: refreshed_to(service, rid, "forwarded"), what="the kiosk to see 'forwarded'")
    assert service.status(rid)["target"]["overdue"] is False

    # B's staff complete it: a certificate signed with B's key.
    page = tmp / "page.png"
    page.write_bytes(png())
    done = cli("gateway", "requests", "complete", rid, "--db", str(gw_b.db), "--key", str(tmp / "b" / "district.key"),
               "--page", str(page), "--title", "房屋所有权登记", "--reference", "330108-FC-1998-0042",
               "--staff", "B-012", "--json", capsys=capsys)
    assert done["status"] == "completed"

    # The result flows back to A and the kiosk; the resident is told at the next card tap.
    wait_until(lambda: refreshed_to(service, rid, "completed"), what="the certificate to reach the kiosk")
    ready = service.ready_for(SUBJECT_ID)
    assert [r["request_id"] for r in ready] == [rid]
    certificate = ready[0]["certificate"]
    assert verify(certificate, load_verifier(tmp / "b" / "district.pub"))
    assert certificate["verification_code"] == done["verification_code"]
    pdf = certificate_pdf(certificate, point_name="测试服务点", kiosk_id="kiosk-a1")
    assert pdf.startswith(b"%PDF")
    service.mark_printed(rid, actor="resident")
    assert service.status(rid)["status"] == "printed"

    # The audit trail on both sides, with both parties for the agent's actions and nothing in clear.
    a_kinds = [(r["kind"], r["actor"]) for r in gw_a.audit()]
    assert ("federation.received", "agent:A-007") in a_kinds
    assert ("federation.forwarded", "gateway") in a_kinds
    assert ("federation.result", f"archive:{B}") in a_kinds
    b_kinds = [(r["kind"], r["actor"]) for r in gw_b.audit()]
    assert ("federation.inbound", f"archive:{A}") in b_kinds
    assert ("request.completed", "staff:B-012") in b_kinds
    assert ("federation.result_sent", "gateway") in b_kinds
    kiosk_rows = kiosk_audit.rows()
    submitted_row = next(r for r in kiosk_rows if r["kind"] == "request.submitted")
    assert submitted_row["actor"] == "agent:A-007" and submitted_row["detail"]["subject"] == "3301**********2628"
    assert [r["kind"] for r in kiosk_rows].count("request.printed") == 1
    for log in (gw_a.audit(), gw_b.audit(), kiosk_rows):
        text = json.dumps(log, ensure_ascii=False)
        assert SUBJECT_ID not in text and SUBJECT_NAME not in text


def test_a_rejection_flows_back_with_its_reason(districts, kiosk_a, capsys):
    gw_a, gw_b, _tmp = districts
    service, outbox, kiosk_audit = kiosk_a
    gw_a.start()
    rid = service.submit(proxy_request("property_transfer"))["request_id"]
    assert outbox.push() == 1
    wait_until(lambda: [r for r in gw_b.rows() if r["request_id"] == rid], what="the request to reach B")
    listed = cli("gateway", "requests", "list", "--db", str(gw_b.db), "--json", capsys=capsys)
    assert [r["request_id"] for r in listed["requests"]] == [rid]
    assert listed["requests"][0]["subject"] == "3301**********2628"
    reason = "授权委托书未注明委托事项，请补充后重新申请"
    cli("gateway", "requests", "reject", rid, "--db", str(gw_b.db), "--reason", reason, "--staff", "B-012",
        "--json", capsys=capsys)
    wait_until(lambda: refreshed_to(service, rid, "rejected"), what="the rejection to reach the kiosk")
    status = service.status(rid)
    assert status["reason"] == reason and status["certificate"] is None
    assert [r["request_id"] for r in service.ready_for(SUBJECT_ID)] == [rid]
    service.acknowledge_rejection(rid)
    assert service.ready_for(SUBJECT_ID) == []
    assert any(r["kind"] == "request.status" and r["detail"].get("reason") == reason for r in kiosk_audit.rows())
    assert any(r["kind"] == "request.rejected" for r in gw_b.audit())
