"""The gateway's verification endpoint for third parties, with revocations read from its store."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.certify.kiosk_certs import KIND as KIOSK_CERTS
from kiosk.certify.kiosk_certs import as_document, document_key
from kiosk.certify.revocation import RevocationEntry, sign_revocation_list
from kiosk.crypto.keys import generate
from kiosk.gateway import verify_api
from tests.kiosk.certify.conftest import ISSUED_AT


class DocumentStore:
    """The two reads verify_api makes of the gateway store: keys of a kind, and one document."""

    def __init__(self) -> None:
        self.documents: dict[tuple[str, str], Any] = {}

    def keys(self, kind: str, limit: int, offset: int = 0) -> list[str]:
        return sorted(k for (kd, k) in self.documents if kd == kind)[offset:offset + limit]

    def get(self, kind: str, key: str) -> Any | None:
        return self.documents.get((kind, key))


def _client(chain, store: DocumentStore) -> TestClient:
    store.documents[(KIOSK_CERTS, document_key(chain.kiosk))] = as_document(chain.kiosk)
    app = FastAPI()
    verify_api.install(app, store, signer=chain.district)
    app.include_router(verify_api.router)
    return TestClient(app)


def test_third_parties_verify_by_post_or_get_and_get_the_verdict_as_data(chain):
    client = _client(chain, DocumentStore())
    payload = chain.issue().payload
    answer = client.post("/certificates/verify", json={"qr": payload + "\n"})
    assert answer.status_code == 200 and answer.json()["valid"] is True
    assert client.get("/certificates/verify", params={"qr": payload}).json()["kiosk_id"] == "kiosk-01"
    altered = payload[:-30] + ("B" if payload[-30] != "B" else "C") + payload[-29:]
    refused = client.post("/certificates/verify", json={"qr": altered})
    assert refused.status_code == 200 and refused.json()["reason"] == "CERT_BAD_SIGNATURE"
    assert client.post("/certificates/verify", json={"qr": "x" * 5000}).status_code == 422


def test_revocations_stored_later_apply_at_once(chain):
    store = DocumentStore()
    client = _client(chain, store)
    payload = chain.issue().payload
    assert client.post("/certificates/verify", json={"qr": payload}).json()["valid"]
    store.documents[("revocation", "1")] = sign_revocation_list(
        chain.district, [RevocationEntry("kiosk-01", ISSUED_AT.isoformat())], 1, ISSUED_AT)
    assert client.post("/certificates/verify", json={"qr": payload}).json()["reason"] == "CERT_REVOKED"


def test_a_planted_revocation_list_stops_verdicts_rather_than_being_ignored(chain):
    store = DocumentStore()
    store.documents[("revocation", "1")] = sign_revocation_list(generate(chain.algorithm), [], 1, ISSUED_AT)
    answer = _client(chain, store).post("/certificates/verify", json={"qr": chain.issue().payload})
    assert answer.status_code == 503 and answer.json()["detail"]["code"] == "CERT_REVOCATION_LIST_INVALID"
