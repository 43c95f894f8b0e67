"""A resident's request from the request screen goes into the kiosk's outbox through the real request
service, as agents' requests do, and is followed in the request book."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.requests.errors import RequestInvalid
from kiosk.requests.service import outbox_key
from kiosk.session_states import State
from kiosk.sync.outbox import Outbox
from ui.adapters.requests import OutboxRequests, pickup_code

from .helpers import click, identified
from kiosk.storage import storage_key_for

RESIDENT_ID = "330106195203142627"  # assets/demo/cards/ouyang_xiuying.toml


def test_a_request_sent_from_the_screen_lands_in_the_outbox_with_its_pickup_code(qtbot, kiosk):
    identified(qtbot, kiosk)
    click(qtbot, kiosk.window.current_screen(), "open_request")
    assert kiosk.session.state is State.REQUEST
    request_screen = kiosk.window.current_screen()
    qtbot.mouseClick(request_screen.type_buttons["marriage"], Qt.MouseButton.LeftButton)
    click(qtbot, request_screen, "submit_request")
    qtbot.waitUntil(lambda: bool(kiosk.session.data.requests), timeout=5000)
    sent = kiosk.session.data.requests[-1]
    request_id = sent.request_id
    assert sent.pickup == pickup_code(request_id)
    assert sent.pickup in request_screen.pickup.text().replace(" ", "")  # in large type, never the request id
    assert request_id not in request_screen.outcome.text() + request_screen.pickup.text()

    item = Outbox(kiosk.cache).item(outbox_key(request_id))
    assert item is not None and item["kind"] == "request"
    wire = item["payload"]
    assert wire["request_id"] == request_id and wire["channel"] == "self"
    assert wire["record_type"] == "marriage" and wire["subject_id"] == RESIDENT_ID
    assert wire["origin_kiosk"] == kiosk.config.point.kiosk_id and wire["owner_archive"]

    # Followed in the request book like an agent's request: its result is told at the next card tap.
    status = kiosk.services.requests.service.status(request_id)  # type: ignore[attr-defined]
    assert status["status"] == "queued" and status["target"]["due_at"]
    [audited] = [r for r in kiosk.audit.rows("request.submitted") if r["detail"]["request_id"] == request_id]
    assert audited["actor"] == "resident" and RESIDENT_ID not in str(audited["detail"])
    hours = kiosk.parts.stats.hours().values()
    assert sum(h.get("requests/self", 0) for h in hours) == 1


@pytest.fixture
def requests_port(config):
    cache = ArchiveCache(config.resolve(config.cache.path), key=storage_key_for(config))
    audit = AuditLog(config.resolve(config.data.dir) / "audit.sqlite", key=storage_key_for(config))
    port = OutboxRequests(config, cache, audit)
    yield port, cache
    port.close()
    audit.close()
    cache.close()


def test_a_request_without_a_named_archive_goes_to_the_point_own_archive(requests_port, config):
    port, cache = requests_port
    answer = port.submit({"record_type": "only_child", "year": 1993, "subject_id": RESIDENT_ID,
                          "subject_name": "欧阳秀英"})
    wire = Outbox(cache).item(outbox_key(answer["request_id"]))["payload"]
    assert wire["owner_archive"] == config.point.archive_code and wire["purpose"] == "other"
    assert "1993" in wire["note"]
    assert answer["days"] == 1 and answer["due_at"]


def test_a_request_missing_its_subject_is_refused_with_a_typed_error_and_nothing_queued(requests_port):
    port, cache = requests_port
    with pytest.raises(RequestInvalid) as refused:
        port.submit({"record_type": "marriage", "subject_id": "", "subject_name": ""})
    assert refused.value.code == "REQUEST_INVALID"
    assert Outbox(cache).pending_count() == 0
