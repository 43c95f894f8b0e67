"""Agent mode on the whole kiosk (simulated reader): staff sign-in with lockout, the assisted session and
the proxy request with the resident's signature drawn on the pad."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from kiosk.requests.book import RequestBook
from kiosk.requests.service import RequestService
from kiosk.session_states import State
from kiosk.staff.pepper import pepper_for
from kiosk.staff.registry import StaffRegistry
from tests.storage_key import TEST_KEY

STAFF_CARD, STAFF_ID_NUMBER, PIN = "li_na", "440304198802210043", "246810"
RESIDENT_CARD = "ouyang_xiuying"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class RecordingOutbox:
    def __init__(self) -> None:
        self.items: list[tuple[str, dict[str, Any], str]] = []

    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> None:
        self.items.append((kind, payload, key))


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def kiosk(qtbot, kiosk_config, face_engine, clock):
    """The demo kiosk (its district's staff registry holds agent A-007, the card of 李娜) with staff
    lockouts on a clock the test moves."""
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    prepare_demo(kiosk_config)
    k = build_kiosk(kiosk_config, demo=True, face_engine=face_engine, clock=clock)
    qtbot.addWidget(k.window)
    k.window.show()
    yield k
    k.shutdown()


@pytest.fixture
def agent(kiosk, tmp_path, clock):
    """The kiosk with a camera that returns a fixed picture and an outbox that records what it is given."""
    flow = kiosk.parts.agent
    member = StaffRegistry.from_documents(kiosk.cache.documents("staff").values(),
                                          pepper_for(kiosk.config)).by_id_number(STAFF_ID_NUMBER)
    assert member is not None and member.staff_id == "A-007" and member.has_role("agent")
    flow.capture_still = lambda: b"\xff\xd8 a photographed page"
    outbox = RecordingOutbox()
    book = RequestBook(tmp_path / "requests.sqlite", key=TEST_KEY)
    flow.requests = RequestService(book, outbox, kiosk.audit)
    yield flow, clock, outbox
    book.close()


def click(qtbot, widget, name: str) -> None:
    btn = widget.findChild(QPushButton, name)
    assert btn is not None, f"no button {name} on {widget.objectName()}"
    # A button on the request form's other step: step there as the agent would.
    for step in ("btn_proxy_next_step", "btn_proxy_previous_step"):
        turn = widget.findChild(QPushButton, step)
        if turn is not None and turn.isVisible() and not btn.isVisible():
            qtbot.mouseClick(turn, Qt.MouseButton.LeftButton)
    assert btn.isVisible(), f"no visible button {name} on {widget.objectName()}"
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def screen(kiosk):
    return kiosk.window.current_screen()


def start_sign_in(qtbot, kiosk, flow) -> None:
    kiosk.controller.on_action("agent_start", None)
    assert kiosk.session.state is State.AGENT_LOGIN
    assert screen(kiosk).objectName() == "AgentLoginScreen"
    kiosk.card_sim.place(STAFF_CARD)
    qtbot.waitUntil(lambda: flow.login_screen.card_ready, timeout=10000)
    assert "李*" in flow.login_screen.card_line.text()


def enter_pin(qtbot, kiosk, pin: str) -> None:
    s = screen(kiosk)
    for digit in pin:
        click(qtbot, s, f"key_{digit}")
    assert s.findChild(QLineEdit, "pin").text() == pin
    click(qtbot, s, "btn_agent_sign_in")
    assert s.findChild(QLineEdit, "pin").text() == ""  # the PIN leaves the screen at once


def sign_in(qtbot, kiosk, flow) -> None:
    start_sign_in(qtbot, kiosk, flow)
    enter_pin(qtbot, kiosk, PIN)
    qtbot.waitUntil(lambda: kiosk.session.state is State.AGENT_SESSION, timeout=5000)
    kiosk.card_sim.lift()


def test_agent_signs_in_with_card_and_pin(qtbot, kiosk, agent):
    flow, _clock, _outbox = agent
    sign_in(qtbot, kiosk, flow)
    assert kiosk.session.agent_id == "A-007"
    assert screen(kiosk).objectName() == "AgentSessionScreen"
    assert kiosk.appearance.elder  # large text for the resident the agent is helping
    logins = kiosk.audit.rows("staff.login")
    assert [(r["actor"], r["detail"]["role"]) for r in logins] == [("staff:A-007", "agent")]
    assert PIN not in json.dumps(kiosk.audit.rows(), ensure_ascii=False)


def test_five_wrong_pins_lock_the_card_for_fifteen_minutes(qtbot, kiosk, agent):
    flow, clock, _outbox = agent
    start_sign_in(qtbot, kiosk, flow)
    message = flow.login_screen.message
    for attempt in range(1, 5):
        enter_pin(qtbot, kiosk, "0000")
        qtbot.waitUntil(lambda a=attempt: str(5 - a) in message.text(), timeout=5000)
    enter_pin(qtbot, kiosk, "0000")
    qtbot.waitUntil(lambda: "15" in message.text(), timeout=5000)
    # Locked: even the right PIN is refused, and nothing is counted or checked meanwhile.
    clock.now += 14 * 60
    message.clear()
    enter_pin(qtbot, kiosk, PIN)
    qtbot.waitUntil(lambda: bool(message.text()), timeout=5000)
    assert kiosk.session.state is State.AGENT_LOGIN
    assert [r["detail"]["reason"] for r in kiosk.audit.rows("staff.login_refused")] == ["locked"]
    # After 15 minutes the card may try again.
    clock.now += 61
    enter_pin(qtbot, kiosk, PIN)
    qtbot.waitUntil(lambda: kiosk.session.state is State.AGENT_SESSION, timeout=5000)
    assert [r["detail"]["attempts_left"] for r in kiosk.audit.rows("staff.bad_pin")] == [4, 3, 2, 1]
    assert len(kiosk.audit.rows("staff.locked")) == 1


def test_a_card_not_in_the_registry_is_refused(qtbot, kiosk, agent):
    flow, _clock, _outbox = agent
    kiosk.controller.on_action("agent_start", None)
    kiosk.card_sim.place("zhang_jianguo")
    qtbot.waitUntil(lambda: flow.login_screen.card_ready, timeout=10000)
    enter_pin(qtbot, kiosk, PIN)
    qtbot.waitUntil(lambda: bool(flow.login_screen.message.text()), timeout=5000)
    assert kiosk.session.state is State.AGENT_LOGIN
    assert kiosk.audit.rows("staff.login_refused")[-1]["detail"]["reason"] == "not staff"


def test_assisted_session_agent_confirms_identity_and_records_why(qtbot, kiosk, agent):
    flow, _clock, _outbox = agent
    sign_in(qtbot, kiosk, flow)
    kiosk.card_sim.place(RESIDENT_CARD)
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, screen(kiosk), "btn_decline")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    verify = screen(kiosk)
    assert verify.objectName() == "AgentVerifyScreen"
    assert "欧**英" in verify.findChild(type(verify.card), "card").text()
    # Why the agent is needed, in the screen's language (the session keeps it in English for the audit log).
    assert verify.findChild(type(verify.card), "why").text() == "居民不同意人脸核验。"
    click(qtbot, verify, "reason_cannot_use_camera")
    click(qtbot, verify, "btn_agent_confirm")
    assert kiosk.session.state is State.HOME
    assert (kiosk.session.verified_by, kiosk.session.agent_id) == ("agent", "A-007")
    assert kiosk.appearance.elder
    confirmed = kiosk.audit.rows("agent.identity_confirmed")[-1]
    # Both parties: the agent acts, the resident is named masked.
    assert confirmed["actor"] == "agent:A-007"
    assert "*" in confirmed["detail"]["subject"]
    assert confirmed["detail"]["subject_name"] == "欧**英"
    assert "camera" in confirmed["detail"]["reason"]
    moves = [r for r in kiosk.audit.rows("session.transition") if r["detail"]["to"] == "home"]
    assert moves[-1]["actor"] == "agent:A-007" and moves[-1]["detail"]["subject_name"] == "欧**英"


def draw_signature(qtbot, pad) -> None:
    """Two strokes, as a finger on the touchscreen draws them."""
    for y0, points in ((60, [(40, 60), (90, 100), (140, 50), (190, 110), (240, 70)]),
                       (140, [(60, 150), (160, 140), (260, 160)])):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
        for x, y in points[1:]:
            qtbot.mouseMove(pad, QPoint(x, y))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def pick(combo: QComboBox, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_proxy_request_with_photos_and_signed_commitment(qtbot, kiosk, agent):
    flow, _clock, outbox = agent
    sign_in(qtbot, kiosk, flow)
    click(qtbot, screen(kiosk), "btn_proxy_request")
    assert kiosk.session.state is State.PROXY_REQUEST
    form = screen(kiosk)
    assert form.objectName() == "ProxyRequestScreen"
    # Chinese arrives through the input method as committed text (QTest can only type ASCII keys).
    form.findChild(QLineEdit, "subject_name").insert("张秀英")
    qtbot.keyClicks(form.findChild(QLineEdit, "subject_id"), "330108195203142628")
    pick(form.findChild(QComboBox, "record_type"), "real_estate")
    pick(form.findChild(QComboBox, "purpose"), "inheritance")
    pick(form.findChild(QComboBox, "relationship"), "子女")
    owner = form.findChild(QComboBox, "owner")
    if owner.count() == 0:  # no synced directory in this cache: name the owning archive directly
        owner.addItem("西湖区档案馆 (330108)", "330108")
    pick(owner, "330108")

    # Without the two photographs the request cannot go.
    click(qtbot, form, "btn_proxy_submit")
    qtbot.waitUntil(lambda: "authorisation letter" in form.result.text(), timeout=2000)
    click(qtbot, form, "btn_capture_letter")
    click(qtbot, form, "btn_capture_id")
    qtbot.waitUntil(lambda: len(kiosk.controller.view.proxy_captured) == 2, timeout=5000)

    # A material is missing: the resident must sign the commitment first.
    click(qtbot, form, "missing_户口簿")
    click(qtbot, form, "btn_proxy_submit")
    assert "sign" in form.result.text()
    assert outbox.items == []
    draw_signature(qtbot, form.pad)
    assert len(form.pad.strokes()) == 2
    click(qtbot, form, "btn_proxy_submit")
    qtbot.waitUntil(lambda: len(outbox.items) == 1, timeout=5000)

    kind, payload, key = outbox.items[0]
    assert kind == "request" and key == f"request:{payload['request_id']}"
    assert (payload["channel"], payload["agent_id"], payload["relationship"]) == ("proxy", "A-007", "子女")
    assert (payload["owner_archive"], payload["origin_archive"]) == ("330108", kiosk.config.point.archive_code)
    photos = {a["kind"]: base64.b64decode(a["data_b64"]) for a in payload["attachments"]}
    assert photos == {"authorisation_letter": b"\xff\xd8 a photographed page", "id_photo": b"\xff\xd8 a photographed page"}
    commitment = payload["commitment"]
    assert commitment["missing"] == ["户口簿"]
    strokes = commitment["signature"]["strokes"]
    assert [len(s) for s in strokes] == [6, 4]  # press, moves, release
    assert all(len(p) == 3 for s in strokes for p in s)  # x, y, time
    # The kiosk keeps no copy of the photos once handed over, and the form is empty again.
    qtbot.waitUntil(lambda: "sent" in form.result.text(), timeout=2000)
    assert flow._photos == {} and kiosk.controller.view.proxy_captured == []
    assert form.findChild(QLineEdit, "subject_id").text() == ""
    submitted = kiosk.audit.rows("request.submitted")[-1]
    assert submitted["actor"] == "agent:A-007"
    assert submitted["detail"]["subject"] == "3301**********2628"
    assert submitted["detail"]["attachments"] == ["authorisation_letter", "id_photo"]
    assert "330108195203142628" not in json.dumps(kiosk.audit.rows(), ensure_ascii=False)

    click(qtbot, form, "btn_proxy_back")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT, timeout=5000)
    assert kiosk.session.agent_id is None


def test_on_the_demo_kiosk_the_demo_agent_signs_in_and_the_directory_offers_the_owning_archives(qtbot, kiosk):
    """No registry injected: the staff and archives the demo district publishes (assets/demo/district.toml)."""
    flow = kiosk.parts.agent
    start_sign_in(qtbot, kiosk, flow)
    enter_pin(qtbot, kiosk, "246810")
    qtbot.waitUntil(lambda: kiosk.session.state is State.AGENT_SESSION, timeout=5000)
    assert kiosk.session.agent_id == "A-007"
    owner = flow.proxy_screen.findChild(QComboBox, "owner")
    assert owner.findData("330108") >= 0 and owner.findData("440305") >= 0


def test_when_the_face_check_fails_three_times_the_signed_in_agent_confirms_and_says_why(qtbot, kiosk, agent):
    flow, _clock, _outbox = agent
    sign_in(qtbot, kiosk, flow)
    kiosk.services.simulators["face"].next_match = False
    kiosk.card_sim.place(RESIDENT_CARD)
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, screen(kiosk), "btn_agree")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ASSISTED_VERIFY, timeout=10000)
    assert kiosk.session.data.face_attempts == 3
    verify = screen(kiosk)
    assert verify.objectName() == "AgentVerifyScreen"
    assert verify.findChild(type(verify.card), "why").text() == "人脸核验未能确认本人。"
    click(qtbot, verify, "reason_failed")
    click(qtbot, verify, "btn_agent_confirm")
    assert kiosk.session.state is State.HOME
    assert (kiosk.session.verified_by, kiosk.session.agent_id) == ("agent", "A-007")
    confirmed = kiosk.audit.rows("agent.identity_confirmed")[-1]
    assert confirmed["actor"] == "agent:A-007" and confirmed["detail"]["subject_name"] == "欧**英"
    assert "fail" in confirmed["detail"]["reason"]


def test_the_proxy_form_offers_an_archive_synced_after_start_up(qtbot, kiosk, agent):
    flow, _clock, _outbox = agent
    kiosk.cache.put_document("archive", "330110", {"code": "330110", "name": "余杭区档案馆"})
    sign_in(qtbot, kiosk, flow)
    click(qtbot, screen(kiosk), "btn_proxy_request")
    owner = screen(kiosk).findChild(QComboBox, "owner")
    qtbot.waitUntil(lambda: owner.findData("330110") >= 0, timeout=5000)
    assert owner.findData("330108") >= 0  # the directory as a whole, not only the newcomer


def test_the_agent_and_the_resident_file_through_the_one_request_service(kiosk):
    """One request book and one outbox per kiosk: the agent's requests and the resident's share them."""
    assert kiosk.parts.agent.requests is kiosk.services.requests.service
    assert kiosk.parts.agent.requests is kiosk.parts.requests.kiosk_requests.service
