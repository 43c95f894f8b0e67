"""Two district gateways on 127.0.0.1 and a kiosk at district A (异地受理、属地办理、线上流转、就近出证).

A request filed at A for a record owned by B is completed at B by its staff (the CLI), comes back to A as a
certificate signed by B, and is printed at A; a rejection comes back with its reason; while A's gateway is
down the request waits in the kiosk's outbox and goes through later, exactly once. Both gateways and the
kiosk keep an audit trail.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from hardware.docprinter.simulator import DocPrinterSimulator

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.cli import main as kiosk_main
from kiosk.crypto.keys import load_verifier
from kiosk.errors import GatewayUnreachable
from kiosk.gateway.app import create_app
from kiosk.gateway.requests_admin import audit_path_for
from kiosk.gateway.requests_store import FederationStore
from kiosk.gateway.server import ThreadedServer
from kiosk.gateway.tls_setup import GatewayTLS
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.requests.book import RequestBook
from kiosk.requests.certificate import verify
from kiosk.requests.outbox_privacy import forget_sent_photos
from kiosk.requests.model import Attachment, Channel, Commitment, Request
from kiosk.printing.journal import PrintJournal
from kiosk.requests.errors import RequestStateError
from kiosk.requests.printout import print_certificate
from kiosk.requests.service import RequestService
from kiosk.requests.signature import Signature
from kiosk.requests.status_client import GatewayRequestStatus
from kiosk.requests.trust_list import check_returned, sign_trust_list, trusted_districts
from kiosk.sync.client import GatewayClient
from kiosk.sync.outbox import Outbox
from kiosk.tls.credentials import anonymous_context
from tests.kiosk.sync.gateway_fixture import District, make_district
from tests.waiting import wait_until
from tests.storage_key import TEST_KEY

pytestmark = pytest.mark.integration

A, B = "330106", "330108"
SUBJECT_ID, SUBJECT_NAME = "330108195203142628", "张秀英"


class Gateway:
    """One district's real gateway app (change feed, outbox intake, federation), served by uvicorn in a
    thread. The socket is bound at once but listens only from ``start()``: until then the district is down
    and connections are refused."""

    def __init__(self, district: District, peers: dict[str, str], peer_cas: dict[str, Path]):
        self.code = district.archive_code
        self.district = district
        self.db = district.folder / "gateway.sqlite"
        self.store = SqliteStore(self.db)
        # The district's key: it signs the change feed and certifies the issuing keys of its certificates.
        self.key = district.signer
        tls = GatewayTLS.load(district.gateway_tls, peer_cas)
        self.app = create_app(self.store, self.key, trust=tls.trust(), archive_code=self.code, peers=peers,
                              relay_interval_s=0.05, peer_tls=tls.peer_context, seal=tls.seal,
                              district_verifiers=[district.verifier()])
        self.server = ThreadedServer(self.app, context=tls.server_context(),
                                     probe=anonymous_context(district.folder / "ca.pem"))
        self.url = self.server.url

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        if self.server.thread.is_alive():
            self.server.stop()
        else:
            self.server.sock.close()
        self.app.state.federation.close()
        self.store.close()

    def rows(self) -> list[dict[str, Any]]:
        store = FederationStore(self.db)
        try:
            return store.list()
        finally:
            store.close()

    def audit(self) -> list[dict[str, Any]]:
        log = AuditLog(audit_path_for(self.db), key=None)  # the district's own log
        try:
            return log.rows()
        finally:
            log.close()


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
    district_a, district_b = make_district(tmp_path / "a", archive_code=A), make_district(tmp_path / "b", archive_code=B)
    peers_of_a: dict[str, str] = {}
    gw_a = Gateway(district_a, peers_of_a, {B: district_b.folder / "ca.pem"})
    gw_b = Gateway(district_b, {A: gw_a.url}, {A: district_a.folder / "ca.pem"})
    peers_of_a[B] = gw_b.url
    gw_b.start()  # A stays down until the test starts it
    yield gw_a, gw_b, tmp_path
    gw_a.stop()
    gw_b.stop()


@pytest.fixture
def kiosk_a(tmp_path: Path, districts):
    gw_a = districts[0]
    audit = AuditLog(tmp_path / "kiosk-audit.sqlite", key=TEST_KEY)
    cache = ArchiveCache(tmp_path / "kiosk-cache.sqlite", key=TEST_KEY)
    book = RequestBook(tmp_path / "kiosk-requests.sqlite", key=TEST_KEY)
    outbox = Outbox(cache)
    kiosk_tls = gw_a.district.kiosk_context(gw_a.district.issue_kiosk("kiosk-a1"))
    client = GatewayClient(gw_a.url, timeout_s=2, tls=kiosk_tls)
    source = GatewayRequestStatus(gw_a.url, timeout_s=2, tls=kiosk_tls)
    # District A vouches for B in its signed trust list: B's certificates are believed, no one else's.
    gw_b = districts[1]
    trust = sign_trust_list(gw_a.key, [{"archive_code": B, "algorithm": gw_b.key.algorithm,
                                        "public": gw_b.key.public_hex}], serial=1)
    trusted = trusted_districts(A, gw_a.district.verifier(), [trust])
    service = RequestService(book, outbox, audit, status_source=source,
                             after_push=lambda: forget_sent_photos(cache),
                             certificate_check=lambda certificate: check_returned(certificate, trusted))
    yield service, Pusher(outbox, client), audit, cache
    source.close()
    client.close()
    book.close()
    cache.close()
    audit.close()


class Pusher:
    """What the kiosk's sync loop does with the outbox: push, and tell whether the gateway answered."""

    def __init__(self, outbox: Outbox, client: GatewayClient):
        self.outbox = outbox
        self.client = client

    def push(self) -> int:
        try:
            return self.outbox.push(self.client)["pushed"]
        except GatewayUnreachable:
            return 0


def cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The owning district's staff at the real command line: ``kiosk gateway requests ...``."""
    capsys.readouterr()
    code = kiosk_main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def refreshed_to(service: RequestService, request_id: str, status: str) -> bool:
    service.refresh()
    return service.status(request_id)["status"] == status


def test_request_from_a_is_completed_at_b_and_printed_at_a(districts, kiosk_a, capsys):
    gw_a, gw_b, tmp = districts
    service, outbox, kiosk_audit, cache = kiosk_a
    request = proxy_request()

    # A's gateway is down: the request waits in the outbox.
    submitted = service.submit(request)
    rid = submitted["request_id"]
    assert submitted["status"] == "queued"
    assert request.attachments == []  # the kiosk's own copy of the photos is gone once handed over
    assert outbox.push() == 0
    assert [i["key"] for i in outbox.outbox.pending()] == [f"request:{rid}"]

    # A comes up; the outbox goes through, and a repeat push (or a re-sent copy) changes nothing.
    gw_a.start()
    assert outbox.push() == 1
    assert outbox.push() == 0
    # The same item pushed again (its answer lost on the way) is a duplicate, not a second request.
    resend = proxy_request()
    resend.request_id = rid
    again = outbox.client.push_outbox([{"key": f"request:{rid}", "kind": "request", "payload": resend.to_wire()}])
    assert again[0]["status"] == "duplicate"
    with gw_a.district.client(gw_a.district.folder / "kiosk-kiosk-a1") as kiosk:
        assert kiosk.post(f"{gw_a.url}/federation/requests", json=resend.to_wire()).status_code == 200

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
    # Pushed: the kiosk's outbox no longer holds the photographs.
    kept = outbox.outbox.item(f"request:{rid}")
    assert kept["pushed_at"] and all(a.get("dropped") for a in kept["payload"]["attachments"])
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
    # Checked like any certified copy, against the owning district's key; A's key alone does not vouch for it.
    assert verify(certificate, [load_verifier(tmp / "a" / "district.pub"), load_verifier(tmp / "b" / "district.pub")])
    assert not verify(certificate, load_verifier(tmp / "a" / "district.pub"))
    assert certificate["verification_code"] == done["verification_code"]
    # 就近出证: printed at A through the print journal on the (simulated) document printer, once.
    printer = DocPrinterSimulator(tmp / "docprinter")
    journal = PrintJournal(tmp / "print-journal.sqlite", key=TEST_KEY)
    outcome = print_certificate(service, rid, journal, printer, point_name="测试服务点", kiosk_id="kiosk-a1")
    assert outcome.printed
    [paper] = printer.printed()
    assert paper.read_bytes().startswith(b"%PDF")
    assert service.status(rid)["status"] == "printed"
    with pytest.raises(RequestStateError):  # a second print of the same certificate is refused
        print_certificate(service, rid, journal, printer, point_name="测试服务点", kiosk_id="kiosk-a1")
    assert len(printer.printed()) == 1
    journal.close()

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
    service, outbox, kiosk_audit, _cache = kiosk_a
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
    # Decided once: completing it afterwards is refused with a stable code, not a second answer.
    page = _tmp / "page.png"
    page.write_bytes(png())
    code = kiosk_main(["gateway", "requests", "complete", rid, "--db", str(gw_b.db), "--key",
                       str(_tmp / "b" / "district.key"), "--page", str(page), "--title", "t", "--reference", "r",
                       "--json"])
    refused = json.loads(capsys.readouterr().out)
    assert code != 0 and refused["error"]["code"] == "REQUEST_STATE", refused
    wait_until(lambda: refreshed_to(service, rid, "rejected"), what="the rejection to reach the kiosk")
    status = service.status(rid)
    assert status["reason"] == reason and status["certificate"] is None
    assert [r["request_id"] for r in service.ready_for(SUBJECT_ID)] == [rid]
    service.acknowledge_rejection(rid)
    assert service.ready_for(SUBJECT_ID) == []
    assert any(r["kind"] == "request.status" and r["detail"].get("reason") == reason for r in kiosk_audit.rows())
    assert any(r["kind"] == "request.rejected" for r in gw_b.audit())


def test_statistics_go_through_the_outbox_once_and_the_gateway_sums_them_per_point(districts, kiosk_a, tmp_path):
    import datetime as dt

    from kiosk.stats.recorder import StatsRecorder

    gw_a, _gw_b, _tmp = districts
    _service, pusher, _audit, _cache = kiosk_a
    now = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)
    recorder = StatsRecorder(tmp_path / "stats.sqlite", point=A, kiosk_id="kiosk-a1", clock=lambda: now, key=TEST_KEY)
    for metric in ("sessions", "sessions", "viewed/marriage", "prints/certified_copy"):
        recorder.add(metric)
    now += dt.timedelta(hours=1)  # 09:00–10:00 is closed; only closed hours leave the kiosk
    assert recorder.flush(pusher.outbox) == 1
    assert pusher.push() == 0  # A is down: the hour waits in the outbox
    gw_a.start()
    assert pusher.push() == 1
    assert recorder.flush(pusher.outbox) == 0 and pusher.push() == 0
    with gw_a.district.client(gw_a.district.issue_staff("s-01")) as staff:
        point = staff.get(f"{gw_a.url}/federation/stats").json()["points"][A]
    assert point["metrics"] == {"sessions": 2, "viewed/marriage": 1, "prints/certified_copy": 1}
    assert point["kiosks"] == ["kiosk-a1"] and point["top_record_types"] == ["marriage"]
    recorder.close()


def test_a_request_for_an_archive_no_peer_reaches_is_rejected_at_once_with_a_reason(districts, kiosk_a):
    gw_a, _gw_b, _tmp = districts
    service, pusher, _audit, _cache = kiosk_a
    gw_a.start()
    request = proxy_request()
    request.owner_archive = "440305"  # a district A's gateway has no peer for
    rid = service.submit(request)["request_id"]
    assert pusher.push() == 1
    wait_until(lambda: refreshed_to(service, rid, "rejected"), what="the refusal to reach the kiosk")
    assert "440305" in service.status(rid)["reason"]
    assert [r["request_id"] for r in service.ready_for(SUBJECT_ID)] == [rid]  # told at the next card tap
    a_row = FederationStore(gw_a.db).get(rid, with_payload=True)
    assert a_row["outbound"] == "" and all(a.get("dropped") for a in a_row["payload"]["attachments"])
    assert [r["detail"]["owner_archive"] for r in gw_a.audit() if r["kind"] == "federation.unroutable"] == ["440305"]
