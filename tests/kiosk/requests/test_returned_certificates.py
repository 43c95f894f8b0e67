"""A certificate that comes back from another district is believed only if the kiosk's own district vouches
for the issuing district (a trust list signed by its key) and the certificate verifies with that
district's key: otherwise it is neither stored nor printed, and the refusal is audited with its code."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from hardware.docprinter.simulator import DocPrinterSimulator
from kiosk.audit import AuditLog
from kiosk.crypto.keys import generate, verifier_for
from kiosk.errors import CertificateError
from kiosk.printing.journal import PrintJournal
from kiosk.requests import certificate as requests_certificate
from kiosk.requests.book import RequestBook
from kiosk.requests.model import Request
from kiosk.requests.printout import print_certificate
from kiosk.requests.service import RequestService
from kiosk.requests.trust_list import check_returned, sign_trust_list, trusted_districts
from tests.storage_key import TEST_KEY

OWN, OWNER = "330106", "330108"


class Outbox:
    def enqueue(self, kind, payload, key):
        return key


class Source:
    def __init__(self) -> None:
        self.answers: dict = {}

    def fetch(self, request_id: str):
        return self.answers.get(request_id)


def _page() -> bytes:
    out = io.BytesIO()
    Image.new("L", (120, 160), 255).save(out, format="PNG")
    return out.getvalue()


def _entry(code: str, key) -> dict:
    return {"archive_code": code, "algorithm": key.algorithm, "public": key.public_hex}


@pytest.fixture
def kiosk(tmp_path: Path):
    own, owner = generate("ed25519"), generate("sm2")
    trust = sign_trust_list(own, [_entry(OWNER, owner)], serial=1)
    documents = [trust]
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    book = RequestBook(tmp_path / "requests.sqlite", key=TEST_KEY)
    source = Source()
    own_verifier = verifier_for(own.algorithm, own.public_hex)
    service = RequestService(book, Outbox(), audit, status_source=source,
                             certificate_check=lambda c: check_returned(c, trusted_districts(OWN, own_verifier,
                                                                                             documents)))
    yield service, source, audit, owner, documents, own
    book.close()
    audit.close()


def _filed(service) -> Request:
    request = Request(origin_archive=OWN, origin_kiosk="k-01", owner_archive=OWNER, record_type="marriage",
                      purpose="inheritance", subject_id="330106195203142627", subject_name="欧阳秀英")
    service.submit(request)
    return request


def _issued(request: Request, key, code: str = OWNER) -> dict:
    return requests_certificate.issue(request.to_wire(), key, archive_code=code, archive_name="档案馆",
                                      pages=[_page()], title="结婚登记", reference="R-1",
                                      now=dt.datetime.now(dt.timezone.utc))


def test_a_certificate_of_a_vouched_for_district_is_stored_and_printed(kiosk, tmp_path):
    service, source, audit, owner, _, _ = kiosk
    request = _filed(service)
    source.answers[request.request_id] = {"status": "completed", "certificate": _issued(request, owner)}
    assert [r["status"] for r in service.refresh()] == ["completed"]
    journal = PrintJournal(tmp_path / "journal.sqlite", key=TEST_KEY)
    outcome = print_certificate(service, request.request_id, journal, DocPrinterSimulator(tmp_path / "printer"),
                                point_name="测试服务点", kiosk_id="k-01")
    assert outcome.printed
    journal.close()


def test_a_certificate_signed_by_an_unknown_key_is_neither_stored_nor_printed(kiosk, tmp_path):
    service, source, audit, _, _, _ = kiosk
    request = _filed(service)
    forged = _issued(request, generate("sm2"))  # claims to be the owner's, signed by someone else's key
    source.answers[request.request_id] = {"status": "completed", "certificate": forged}
    assert service.refresh() == []
    row = service.book.get(request.request_id)
    assert row["status"] == "queued" and not row.get("certificate")
    refused = [r for r in audit.rows() if r["kind"] == "request.certificate_refused"]
    assert refused and refused[-1]["detail"]["code"] == "CERT_UNKNOWN_DISTRICT"
    with pytest.raises(CertificateError) as caught:
        service.check_certificate(forged)
    assert caught.value.code.startswith("CERT_")


def test_a_certificate_of_a_district_nobody_vouched_for_is_refused(kiosk):
    service, source, audit, _, _, _ = kiosk
    request = _filed(service)
    stranger = generate("ed25519")
    source.answers[request.request_id] = {"status": "completed", "certificate": _issued(request, stranger, "330199")}
    assert service.refresh() == []
    assert [r["detail"]["code"] for r in audit.rows() if r["kind"] == "request.certificate_refused"] == \
        ["CERT_UNKNOWN_DISTRICT"]


def test_a_trust_list_not_signed_by_the_kiosks_district_vouches_for_no_one(kiosk):
    service, source, audit, owner, documents, _ = kiosk
    impostor = generate("ed25519")
    documents[:] = [sign_trust_list(impostor, [_entry(OWNER, owner)], serial=2)]
    request = _filed(service)
    source.answers[request.request_id] = {"status": "completed", "certificate": _issued(request, owner)}
    assert service.refresh() == []


def test_pages_swapped_after_issue_are_refused(kiosk):
    service, source, audit, owner, _, _ = kiosk
    request = _filed(service)
    cert = _issued(request, owner)
    other = io.BytesIO()
    Image.new("L", (120, 160), 0).save(other, format="PNG")
    import base64

    cert["pages_b64"] = [base64.b64encode(other.getvalue()).decode("ascii")]
    with pytest.raises(CertificateError) as caught:
        service.check_certificate(cert)
    assert caught.value.code == "CERT_DIGEST_MISMATCH"


def test_a_certificate_stored_unchecked_earlier_is_still_not_printed(kiosk, tmp_path):
    service, source, audit, _, _, _ = kiosk
    request = _filed(service)
    forged = _issued(request, generate("sm2"))
    service.book.update(request.request_id, "completed", "2026-11-25T10:00:00+00:00", certificate=forged)
    journal = PrintJournal(tmp_path / "journal.sqlite", key=TEST_KEY)
    printer_dir = tmp_path / "printer"
    with pytest.raises(CertificateError):
        print_certificate(service, request.request_id, journal, DocPrinterSimulator(printer_dir),
                          point_name="测试服务点", kiosk_id="k-01")
    assert not list(printer_dir.rglob("*.pdf"))
    journal.close()
