"""What a resident is told at their next card tap: results back for them, and nobody else's."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from kiosk.audit import AuditLog
from kiosk.errors import GatewayUnreachable
from kiosk.requests.book import RequestBook
from kiosk.requests.notice import ready_notices
from kiosk.requests.service import RequestService

from .test_request_model import SUBJECT, Outbox, request
from tests.storage_key import TEST_KEY

OTHER = "110101199001011234"


class CountingSource:
    """The gateway's answers, and which requests the kiosk asked about."""

    def __init__(self) -> None:
        self.answers: dict[str, dict[str, Any]] = {}
        self.asked: list[str] = []
        self.down = False

    def fetch(self, request_id: str) -> dict[str, Any] | None:
        if self.down:
            raise GatewayUnreachable("gateway did not answer")
        self.asked.append(request_id)
        return self.answers.get(request_id)


@pytest.fixture
def setup(tmp_path):
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    book = RequestBook(tmp_path / "requests.sqlite", key=TEST_KEY)
    source = CountingSource()
    now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc)
    # Stand-in certificates: the checks of a returned certificate have their own tests.
    service = RequestService(book, Outbox(), audit, status_source=source, clock=lambda: now,
                             certificate_check=lambda certificate: None)
    yield service, source
    book.close()
    audit.close()


def test_a_completed_request_is_ready_to_print_and_a_rejection_carries_its_reason(setup):
    service, source = setup
    done = service.submit(request(record_type="marriage", purpose="inheritance"))["request_id"]
    refused = service.submit(request(record_type="real_estate", purpose="property_transfer"))["request_id"]
    waiting = service.submit(request())["request_id"]
    source.answers[done] = {"status": "completed", "certificate": {"certificate_id": "c1",
                                                                   "verification_code": "7K3Q-9F2M"}}
    source.answers[refused] = {"status": "rejected", "reason": "委托书未注明委托事项"}
    source.answers[waiting] = {"status": "forwarded"}

    notices = {n.request_id: n for n in ready_notices(service, SUBJECT)}
    assert set(notices) == {done, refused}
    ready, no = notices[done], notices[refused]
    assert ready.printable and ready.verification_code == "7K3Q-9F2M"
    assert ready.text("en") == f"Your request {done[:8].upper()} for Marriage registration (Inheritance) " \
                               "is ready — print it now."
    assert "现在即可打印" in ready.text("zh_CN") and "婚姻" in ready.text("zh_CN")
    assert not no.printable and no.text("zh_CN").endswith("：委托书未注明委托事项")
    assert "委托书未注明委托事项" in no.text("en")
    for n in notices.values():  # nothing personal on the screen's line
        assert SUBJECT not in n.text() and "张秀英" not in n.text()


def test_only_the_tapping_residents_requests_are_asked_about(setup):
    service, source = setup
    mine = service.submit(request())["request_id"]
    theirs = service.submit(request(subject_id=OTHER, subject_name="李四"))["request_id"]
    source.answers[theirs] = {"status": "completed", "certificate": {"certificate_id": "c2"}}
    assert ready_notices(service, SUBJECT) == []
    assert source.asked == [mine]  # a card tap costs one question per own open request, not per kiosk
    assert [n.request_id for n in ready_notices(service, OTHER)] == [theirs]


def test_a_gateway_that_is_down_does_not_hide_results_already_here(setup):
    service, source = setup
    rid = service.submit(request())["request_id"]
    source.answers[rid] = {"status": "completed", "certificate": {"certificate_id": "c3"}}
    assert [n.request_id for n in ready_notices(service, SUBJECT)] == [rid]
    source.down = True
    assert [n.request_id for n in ready_notices(service, SUBJECT)] == [rid]


def test_a_rejection_read_is_not_told_again_and_a_printed_one_neither(setup):
    service, source = setup
    refused = service.submit(request())["request_id"]
    done = service.submit(request(record_type="real_estate"))["request_id"]
    source.answers[refused] = {"status": "rejected", "reason": "不在本馆"}
    source.answers[done] = {"status": "completed", "certificate": {"certificate_id": "c4"}}
    assert len(ready_notices(service, SUBJECT)) == 2
    service.acknowledge_rejection(refused)
    service.mark_printed(done)
    assert ready_notices(service, SUBJECT) == []
    assert json.dumps([service.status(refused)["status"], service.status(done)["status"]]) == \
        '["rejection_seen", "printed"]'
