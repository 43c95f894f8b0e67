"""Federation between district gateways, tried as a malicious peer or an impostor would, over mutual TLS:
a result only from the owner of a request this gateway forwarded, a request only in the sender's own
name, every message sealed by the sending district's gateway."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kiosk.gateway.app import create_app
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.gateway.tls_setup import GatewayTLS
from kiosk.tls import pki
from kiosk.tls.credentials import Credentials
from tests.kiosk.sync.gateway_fixture import make_district, serve

A, B, C = "330106", "330108", "330199"


@pytest.fixture
def world(tmp_path: Path):
    """District A's gateway (peers B and C known), and the districts B and C."""
    a, b, c = (make_district(tmp_path / code, archive_code=code) for code in (A, B, C))
    tls = GatewayTLS.load(a.gateway_tls, {B: b.folder / "ca.pem", C: c.folder / "ca.pem"})
    store = SqliteStore(tmp_path / "a.sqlite")
    # B's gateway is "down" (nobody listens there): what A forwards waits, as forwarded requests do.
    app = create_app(store, a.signer, trust=tls.trust(), archive_code=A, district_verifiers=[a.verifier()],
                     peers={B: "https://127.0.0.1:9", C: "https://127.0.0.1:9"}, peer_tls=tls.peer_context,
                     seal=tls.seal, relay_interval_s=3600)
    with serve(app, a, tls) as url:
        yield url, app.state.federation, a, b, c
    app.state.federation.close()
    store.close()


def _wire(request_id: str, owner: str, origin: str = A) -> dict:
    return {"request_id": request_id, "origin_archive": origin, "owner_archive": owner, "record_type": "marriage",
            "purpose": "inheritance", "subject_id": "330106195203142627", "subject_name": "欧阳秀英",
            "origin_kiosk": "test-01"}


def _as_peer(district, a) -> httpx.Client:
    """The peer district's gateway calling A: its gateway certificate, A's CA trusted."""
    context = Credentials.load(district.gateway_tls).client_context(a.folder / "ca.pem")
    return httpx.Client(verify=context, timeout=10)


def _sealed(district, body: dict) -> dict:
    return GatewayTLS.load(district.gateway_tls).seal(body)


def _result(request_id: str, status: str = "rejected", reason: str = "请致电 400-000-0000 缴纳加急费") -> dict:
    return {"request_id": request_id, "status": status, "reason": reason, "certificate": None,
            "handled_by": "B-01"}


def _code(r: httpx.Response) -> str:
    return r.json()["detail"]["code"]


def test_only_the_owner_may_answer_a_forwarded_request(world):
    url, fed, a, b, c = world
    fed.take_from_kiosk(_wire("req-b", owner=B))
    assert fed.store.get("req-b")["status"] == "received"
    with _as_peer(c, a) as stranger:  # C is a peer of A, but the request is B's to answer
        r = stranger.post(url + "/federation/results", json=_sealed(c, _result("req-b")))
    assert r.status_code == 403 and _code(r) == "FEDERATION_NOT_OWNER"
    assert fed.store.get("req-b")["status"] == "received"
    with _as_peer(b, a) as owner:
        r = owner.post(url + "/federation/results", json=_sealed(b, _result("req-b", reason="档案不在本馆")))
    assert r.status_code == 200
    row = fed.store.get("req-b")
    assert (row["status"], row["reason"]) == ("rejected", "档案不在本馆")


def test_no_peer_answers_a_request_this_gateway_did_not_forward(world):
    url, fed, a, b, c = world
    fed.take_from_kiosk(_wire("req-local", owner=A))  # A's own record: A's staff decide
    with _as_peer(b, a) as peer:
        r = peer.post(url + "/federation/results", json=_sealed(b, _result("req-local")))
    assert r.status_code == 403 and _code(r) == "FEDERATION_NOT_FORWARDED"
    assert fed.store.get("req-local")["status"] == "received"


def test_a_result_must_carry_the_senders_own_seal(world):
    url, fed, a, b, c = world
    fed.take_from_kiosk(_wire("req-b2", owner=B))
    with _as_peer(b, a) as peer:
        unsealed = peer.post(url + "/federation/results", json=_result("req-b2"))
        sealed_by_c = peer.post(url + "/federation/results", json=_sealed(c, _result("req-b2")))
        tampered = _sealed(b, _result("req-b2", status="completed"))
        tampered["body"]["reason"] = "请致电 400-000-0000"
        changed = peer.post(url + "/federation/results", json=tampered)
    for r in (unsealed, sealed_by_c, changed):
        assert r.status_code == 403 and _code(r) == "FEDERATION_BAD_SEAL", r.text
    assert fed.store.get("req-b2")["status"] == "received"


def test_a_peer_forwards_requests_of_its_own_district_only(world):
    url, fed, a, b, c = world
    with _as_peer(b, a) as peer:
        forged = peer.post(url + "/federation/inbound", json=_sealed(b, _wire("req-c", owner=A, origin=C)))
        honest = peer.post(url + "/federation/inbound", json=_sealed(b, _wire("req-from-b", owner=A, origin=B)))
    assert forged.status_code == 403 and _code(forged) == "FEDERATION_WRONG_ORIGIN"
    assert honest.status_code == 200 and fed.store.get("req-from-b")["role"] == "owner"


def test_a_gateway_certificate_naming_another_archive_is_no_peer(world, tmp_path):
    url, fed, a, b, c = world
    # B's CA (trusted by A for archive B) issues a gateway certificate that claims to be archive C.
    authority = pki.load_authority(b.folder)
    cert, key = pki.issue(authority, "gateway", B, days=1)
    # pki.issue writes the CA's own code into the subject; a rogue CA writes another.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    rogue = (x509.CertificateBuilder().subject_name(x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, C), x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "gateway"),
        x509.NameAttribute(NameOID.COMMON_NAME, C)])).issuer_name(cert.issuer).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(cert.not_valid_before_utc)
        .not_valid_after(cert.not_valid_after_utc).sign(authority.key, hashes.SHA256()))
    folder = pki.write_credentials(tmp_path / "rogue", rogue, key, [pki.load_certificate(a.folder / "ca.pem")])
    with httpx.Client(verify=Credentials.load(folder).client_context(), timeout=10) as client:
        r = client.post(url + "/federation/inbound", json={"request_id": "x"})
    assert r.status_code == 403 and _code(r) == "AUTH_UNKNOWN_CERTIFICATE"


def test_the_relay_gives_a_request_only_to_a_gateway_of_the_owning_district(tmp_path):
    """A serves as A's peer "B" a gateway that holds C's credentials: the handshake fails (only B's CA is
    trusted for B) and the request stays waiting, undelivered."""
    a, b, c = (make_district(tmp_path / code, archive_code=code) for code in (A, B, C))
    c_store = SqliteStore(tmp_path / "c.sqlite")
    c_tls = GatewayTLS.load(c.gateway_tls, {A: a.folder / "ca.pem"})
    impostor = create_app(c_store, c.signer, trust=c_tls.trust(), archive_code=C, district_verifiers=[c.verifier()],
                          feature_routers=("kiosk.gateway.federation",), peers={}, relay_interval_s=3600)
    a_tls = GatewayTLS.load(a.gateway_tls, {B: b.folder / "ca.pem"})
    a_store = SqliteStore(tmp_path / "a.sqlite")
    with serve(impostor, c, c_tls) as impostor_url:
        origin = create_app(a_store, a.signer, trust=a_tls.trust(), archive_code=A, district_verifiers=[a.verifier()],
                            peers={B: impostor_url}, peer_tls=a_tls.peer_context, seal=a_tls.seal,
                            relay_interval_s=3600)
        fed = origin.state.federation
        fed.take_from_kiosk(_wire("req-1", owner=B))
        assert fed.relay.pump() == 0
        assert fed.store.get("req-1")["status"] == "received"
        assert impostor.state.federation.store.list() == []
        fed.close()
    impostor.state.federation.close()
    a_store.close()
    c_store.close()
