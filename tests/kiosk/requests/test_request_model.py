"""Requests as the kiosk builds them: what a request must carry, signatures, the working-day clock, the
request book and the service that files and follows them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from kiosk.audit import AuditLog
from kiosk.requests.book import RequestBook
from kiosk.requests.deadline import WorkingDays, clock_text
from kiosk.requests.errors import RequestInvalid, RequestNotFound, RequestStateError
from kiosk.requests.model import Attachment, Channel, Commitment, Request, strip_attachments
from kiosk.requests.service import RequestService
from kiosk.requests.signature import Signature
from tests.storage_key import TEST_KEY, decrypted

UTC = dt.timezone.utc
SUBJECT = "330108195203142628"


def signature(points: int = 6) -> Signature:
    return Signature.from_strokes([[(i * 30.0, 10.0 + (i % 2) * 40, i * 20) for i in range(points)]], 400, 160)


def request(**kw: Any) -> Request:
    base: dict[str, Any] = dict(origin_archive="330106", origin_kiosk="k1", owner_archive="330108",
                                record_type="marriage", purpose="inheritance", subject_id=SUBJECT,
                                subject_name="张秀英")
    base.update(kw)
    return Request(**base)


def test_a_self_request_needs_only_the_basics():
    request().check()
    with pytest.raises(RequestInvalid) as e:
        request(purpose="").check()
    assert e.value.code == "REQUEST_INVALID" and e.value.detail["field"] == "purpose"


def test_a_proxy_request_needs_agent_relationship_and_both_photos():
    r = request(channel=Channel.PROXY, agent_id="A-1")
    with pytest.raises(RequestInvalid, match="relationship"):
        r.check()
    r.relationship = "子女"
    with pytest.raises(RequestInvalid, match="authorisation letter"):
        r.check()
    r.attachments = [Attachment("authorisation_letter", "image/jpeg", b"1"), Attachment("id_photo", "image/jpeg", b"2")]
    r.check()
    with pytest.raises(RequestInvalid, match="agent"):
        request(channel=Channel.ASSISTED).check()


def test_a_scribble_is_not_a_signature():
    with pytest.raises(RequestInvalid):
        signature(points=2).check()
    signature().check()
    assert signature().digest() == Signature.from_dict(signature().to_dict()).digest()
    assert signature().to_svg_path().startswith("M0 10 L30 50")


def test_photos_travel_once_and_are_then_dropped():
    r = request(attachments=[Attachment("id_photo", "image/jpeg", b"\xff\xd8secret")])
    wire = r.to_wire()
    assert wire["attachments"][0]["data_b64"]
    stripped = strip_attachments(wire)
    assert "data_b64" not in json.dumps(stripped) and stripped["attachments"][0]["kind"] == "id_photo"
    r.drop_attachments()
    assert r.attachments == []
    assert SUBJECT not in json.dumps(r.summary(), ensure_ascii=False)


def test_one_working_day_skips_weekends_and_holidays():
    days = WorkingDays(holidays=[dt.date(2026, 10, 1)], workdays_on_weekend=[dt.date(2026, 10, 10)])
    friday = dt.datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert days.due(friday) == dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    saturday = dt.datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
    assert days.due(saturday) == dt.datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert days.next_working_day(dt.date(2026, 9, 30)) == dt.date(2026, 10, 2)
    assert days.is_working_day(dt.date(2026, 10, 10))
    late = clock_text(friday, dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC), days)
    assert late["overdue"] and late["hours_left"] == -1.0


class Outbox:
    def __init__(self) -> None:
        self.items: dict[str, tuple[str, dict[str, Any]]] = {}

    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> None:
        self.items.setdefault(key, (kind, payload))


class Source:
    def __init__(self) -> None:
        self.answers: dict[str, dict[str, Any] | None] = {}

    def fetch(self, request_id: str) -> dict[str, Any] | None:
        return self.answers.get(request_id)


@pytest.fixture
def service(tmp_path):
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    book = RequestBook(tmp_path / "requests.sqlite", key=TEST_KEY)
    source = Source()
    now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    # These tests follow a request's statuses with stand-in certificates; the checks of a returned
    # certificate have their own tests (test_returned_certificates.py).
    svc = RequestService(book, Outbox(), audit, status_source=source, clock=lambda: now,
                         certificate_check=lambda certificate: None)
    yield svc, source, audit
    book.close()
    audit.close()


def test_the_service_files_follows_and_prints(service):
    svc, source, audit = service
    r = request(commitment=Commitment(("户口簿",), signature(), "2026-11-25T10:00:00+00:00"))
    rid = svc.submit(r)["request_id"]
    assert svc._outbox.items[f"request:{rid}"][1]["commitment"]["missing"] == ["户口簿"]
    assert svc.status(rid)["target"]["due_at"] == "2026-11-26T10:00+00:00"
    assert svc.refresh() == []  # the gateway has not got it yet
    source.answers[rid] = {"status": "completed", "certificate": {"certificate_id": "c1"}}
    assert [c["status"] for c in svc.refresh()] == ["completed"]
    assert [x["request_id"] for x in svc.ready_for(SUBJECT)] == [rid]
    assert svc.ready_for("110101199001011234") == []
    svc.mark_printed(rid)
    with pytest.raises(RequestStateError):
        svc.mark_printed(rid)
    with pytest.raises(RequestNotFound):
        svc.status("nope")
    kinds = [row["kind"] for row in audit.rows()]
    assert kinds == ["request.submitted", "request.status", "request.printed"]
    assert SUBJECT not in json.dumps(audit.rows(), ensure_ascii=False)


def test_the_district_calendar_comes_from_synced_documents_and_a_broken_one_is_skipped():
    published = [{"year": 2026, "holidays": ["2026-10-01", "2026-10-02"], "workdays": ["2026-10-10"]},
                 json.dumps({"year": 2027, "holidays": ["2027-01-01"]}), "{broken", {"holidays": ["not a date"]}]
    days = WorkingDays.from_documents(published)
    assert days.next_working_day(dt.date(2026, 9, 30)) == dt.date(2026, 10, 5)  # 1st, 2nd off; 3rd-4th weekend
    assert days.is_working_day(dt.date(2026, 10, 10)) and not days.is_working_day(dt.date(2027, 1, 1))
    assert days.is_working_day(dt.date(2027, 1, 4))


def test_the_kiosk_wiring_reads_the_calendar_from_the_cache(config):
    from kiosk.archive.cache import ArchiveCache
    from kiosk.audit import AuditLog
    from kiosk.requests.kiosk_service import open_requests

    cache = ArchiveCache(config.resolve(config.cache.path), key=TEST_KEY)
    audit = AuditLog(config.resolve(config.data.dir) / "audit.sqlite", key=TEST_KEY)
    cache.put_document("calendar", "2026", {"year": 2026, "holidays": ["2026-11-26"]})
    wired = open_requests(config, cache, audit)
    try:
        wednesday = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
        assert wired.service.working_days.due(wednesday) == dt.datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    finally:
        wired.close()
        cache.close()
        audit.close()


def test_the_request_book_finds_a_resident_by_a_keyed_hash_that_a_list_of_id_numbers_cannot_reverse(tmp_path):
    import hashlib

    path = tmp_path / "requests.sqlite"
    book = RequestBook(path, key=TEST_KEY)
    book.add("r1", SUBJECT, request().summary(), "queued", "2026-11-25T10:00:00+00:00")
    book.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("requests.sqlite")) == []  # no key file
    stored = decrypted(path)  # even with the storage key, the book names nobody
    assert b"kiosk_requests" in stored
    assert SUBJECT.encode() not in stored
    assert hashlib.sha256(SUBJECT.encode()).hexdigest().encode() not in stored  # not a plain, guessable hash
    reopened = RequestBook(path, key=TEST_KEY)
    assert [r["request_id"] for r in reopened.for_subject(SUBJECT.lower())] == ["r1"]  # same key, same resident
    assert reopened.for_subject("110101199001011234") == []
    reopened.close()


def test_a_key_file_left_beside_the_book_is_taken_in_and_removed(tmp_path):
    import hmac

    legacy = tmp_path / "requests.key"
    legacy.write_bytes(b"k" * 32)
    book = RequestBook(tmp_path / "requests.sqlite", key=TEST_KEY)
    book.add("r1", SUBJECT, request().summary(), "queued", "2026-11-25T10:00:00+00:00")
    book.close()
    assert not legacy.exists()
    expected = hmac.new(b"k" * 32, SUBJECT.encode(), "sha256").hexdigest().encode()
    assert expected in decrypted(tmp_path / "requests.sqlite")  # requests filed before are found again


def test_books_opened_at_the_same_moment_share_one_whole_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "requests.sqlite"
    with ThreadPoolExecutor(8) as pool:
        books = list(pool.map(lambda _: RequestBook(path, key=TEST_KEY), range(8)))
    books[0].add("r1", SUBJECT, request().summary(), "queued", "2026-11-25T10:00:00+00:00")
    assert all([r["request_id"] for r in b.for_subject(SUBJECT)] == ["r1"] for b in books)
    for b in books:
        b.close()
