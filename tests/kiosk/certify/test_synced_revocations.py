"""A revocation travels: `kiosk keys revoke --publish` puts it in the gateway store, the gateway's verify
endpoint applies it at once, sync carries it into a kiosk's cache, and the kiosk's long-lived verifier
refuses the revoked kiosk's certificates from the next paper on."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.archive.cache import ArchiveCache
from kiosk.certify.errors import Reason, RevocationListInvalid
from kiosk.certify.issue import Issuer
from kiosk.certify.kiosk_cert import issue_kiosk_certificate
from kiosk.certify.kiosk_certs import KIND as KIOSK_CERTS
from kiosk.certify.kiosk_certs import as_document, document_key
from kiosk.certify.revocation import KIND, sign_revocation_list
from kiosk.certify.trust import kiosk_verifier
from kiosk.cli import main
from kiosk.crypto.keys import generate
from kiosk.errors import ConfigError
from kiosk.gateway import verify_api
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.syncer import SyncClient
from tests.kiosk.certify.conftest import ISSUED_AT, POINT, REQUEST
from tests.kiosk.sync.gateway_fixture import gateway, make_district
from tests.storage_key import TEST_KEY


def _revoke(capsys, district, kiosk_id, rev, db) -> dict:
    code = main(["keys", "revoke", "--district-key", str(district.key), "--kiosk-id", kiosk_id, "--out", str(rev),
                 "--publish", str(db), "--json"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0, out
    return out


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_a_published_revocation_reaches_the_gateway_and_through_sync_the_kiosk(tmp_path, capsys, algorithm):
    district = make_district(tmp_path / "keys", algorithm)
    kiosk_key = generate(algorithm)  # type: ignore[arg-type]
    kiosk_cert = issue_kiosk_certificate(district.signer, "demo-01", kiosk_key, date(2026, 1, 1), date(2027, 12, 31))
    payload = Issuer(kiosk_key, kiosk_cert, POINT, clock=lambda: ISSUED_AT).issue(REQUEST).payload
    store = SqliteStore(tmp_path / "gateway.sqlite")
    cache = ArchiveCache(tmp_path / "kiosk" / "cache.sqlite", key=TEST_KEY)
    at_kiosk = kiosk_verifier(district.pub, cache)  # another kiosk of the district, where the paper is shown
    app = FastAPI()
    verify_api.install(app, store, signer=district.signer)
    app.include_router(verify_api.router)
    third_party = TestClient(app)
    try:
        assert third_party.post("/certificates/verify", json={"qr": payload}).json()["reason"] == "CERT_UNKNOWN_KIOSK"
        store.put_document(KIOSK_CERTS, document_key(kiosk_cert), as_document(kiosk_cert))
        assert third_party.post("/certificates/verify", json={"qr": payload}).json()["valid"] is True
        assert at_kiosk.verify(payload).reason is Reason.UNKNOWN_KIOSK  # the kiosk has not synced it yet
        with gateway(store, district) as url:
            client = SyncClient(cache, url, district.verifier(), tls=district.kiosk_context())
            client.sync_once()
            client.gateway.close()
        assert at_kiosk.verify(payload).valid

        out = _revoke(capsys, district, "another-kiosk", tmp_path / "rev.json", tmp_path / "gateway.sqlite")
        assert out["serial"] == 1 and out["published"] == str(tmp_path / "gateway.sqlite")
        out = _revoke(capsys, district, "demo-01", tmp_path / "rev.json", tmp_path / "gateway.sqlite")
        assert out["serial"] == 2 and out["entries"] == 2
        answer = third_party.post("/certificates/verify", json={"qr": payload}).json()
        assert answer["valid"] is False and answer["reason"] == "CERT_REVOKED"

        assert at_kiosk.verify(payload).valid  # not synced yet
        with gateway(store, district) as url:
            client = SyncClient(cache, url, district.verifier(), tls=district.kiosk_context())
            client.sync_once()
            client.gateway.close()
        synced = cache.documents(KIND)
        assert list(synced) == [json.loads((tmp_path / "rev.json").read_text())["district_key_id"]]
        assert next(iter(synced.values()))["serial"] == 2  # the newer list replaced the older one
        result = at_kiosk.verify(payload)
        assert not result.valid and result.reason is Reason.REVOKED
        assert at_kiosk.revocations().serial == 2
    finally:
        cache.close()
        store.close()


def test_a_list_in_the_cache_that_no_trusted_key_signed_stops_verdicts(tmp_path, sm2_chain):
    district = make_district(tmp_path / "keys", "sm2")
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    try:
        verifier = kiosk_verifier(district.pub, cache)
        cache.put_document(KIND, "planted", sign_revocation_list(generate("sm2"), [], 1, ISSUED_AT))
        with pytest.raises(RevocationListInvalid):
            verifier.verify(sm2_chain.issue_v1().payload)
        cache.put_document(KIND, "planted", sign_revocation_list(district.signer, [], 1, ISSUED_AT))
        result = verifier.verify(sm2_chain.issue_v1().payload)  # trusted list now; the paper is another district's
        assert result.reason is Reason.UNKNOWN_DISTRICT
    finally:
        cache.close()


def test_a_kiosk_without_the_district_key_configured_is_a_config_error(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    try:
        with pytest.raises(ConfigError) as e:
            kiosk_verifier("", cache)
        assert "gateway.district_pub" in str(e.value)
        with pytest.raises(ConfigError):
            kiosk_verifier(tmp_path / "missing.pub", cache)
    finally:
        cache.close()


def test_an_unreachable_store_leaves_the_list_as_it_was(tmp_path, capsys):
    district = make_district(tmp_path / "keys", "ed25519")
    rev = tmp_path / "rev.json"
    assert main(["keys", "revoke", "--district-key", str(district.key), "--kiosk-id", "k1", "--out", str(rev)]) == 0
    before = rev.read_text()
    capsys.readouterr()
    code = main(["keys", "revoke", "--district-key", str(district.key), "--kiosk-id", "k2", "--out", str(rev),
                 "--publish", "postgresql://nobody:none@127.0.0.1:1/none", "--json"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code != 0 and out["error"]["code"] == "GATEWAY_DB_UNREACHABLE"
    assert rev.read_text() == before  # run it again when the store is back: no entry twice


def test_a_kiosk_certificate_published_when_issued_lets_the_gateway_verify_its_papers(tmp_path, capsys):
    district = make_district(tmp_path / "keys", "sm2")
    db = tmp_path / "gateway.sqlite"
    code = main(["keys", "issue-kiosk", "--district-key", str(district.key), "--kiosk-id", "demo-07",
                 "--out", str(tmp_path / "kiosk"), "--publish", str(db), "--json"])
    assert code == 0, capsys.readouterr().out
    from kiosk.certify.kiosk_cert import load_kiosk_certificate
    from kiosk.crypto.keys import load_signer

    kiosk_cert = load_kiosk_certificate(tmp_path / "kiosk" / "kiosk.cert")
    issued = Issuer(load_signer(tmp_path / "kiosk" / "kiosk.key"), kiosk_cert, POINT).issue(REQUEST)
    store = SqliteStore(db)
    try:
        app = FastAPI()
        verify_api.install(app, store, signer=district.signer)
        app.include_router(verify_api.router)
        answer = TestClient(app).post("/certificates/verify", json={"qr": issued.qr}).json()
        assert answer["valid"] is True and answer["kiosk_id"] == "demo-07"
    finally:
        store.close()
