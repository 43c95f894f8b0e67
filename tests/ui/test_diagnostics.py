"""Technician mode on the whole kiosk (simulated devices): sign-in, every self-test by touch, the
out-of-service screen, and the one way out of the kiosk."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton

from kiosk.diag.model import passed
from kiosk.session_states import State
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffMember, StaffRegistry
from ui.flows.diagnostics import MAINTENANCE_EXIT
from tests.storage_key import TEST_PEPPER

TECH_CARD, TECH_ID_NUMBER, PIN = "li_na", "440304198802210043", "135790"
DEVICES = ("idcard", "camera", "receipt", "docprinter", "gateway", "storage")


GATEWAY_WITH_SECRETS = "https://kiosk:hunter2@127.0.0.1:9/api?token=s3cret&region=330106"
ADDRESS = "杭州市西湖区文三路 90 号"


@pytest.fixture
def kiosk_config(kiosk_config, request):
    """``indirect``: "secrets", a config holding credentials and the point's street address; "faults",
    printers started with paper near its end and a paused queue."""
    wanted = getattr(request, "param", None)
    if wanted == "secrets":
        return kiosk_config.model_copy(update={
            "gateway": kiosk_config.gateway.model_copy(update={"url": GATEWAY_WITH_SECRETS}),
            "point": kiosk_config.point.model_copy(update={"address": ADDRESS})})
    if wanted == "faults":
        return kiosk_config.model_copy(update={"devices": kiosk_config.devices.model_copy(update={
            "receipt": "sim://receipt?paper=near_end", "docprinter": "sim://docprinter?paused=1"})})
    return kiosk_config


def _registry(*roles: str) -> StaffRegistry:
    return StaffRegistry([StaffMember("T-042", TEST_PEPPER.card_key(TECH_ID_NUMBER), frozenset(roles),
                                      TEST_PEPPER.hash_pin(PIN), display_name="李*")], TEST_PEPPER)


@pytest.fixture
def field(qtbot, kiosk):
    """Technician mode with a registry holding one technician, a face finder that needs no dlib process,
    and an exit that is recorded instead of ending the test run."""
    ops = kiosk.parts.field
    flow = ops.flow
    flow.auth = StaffAuthenticator(lambda: _registry("technician"), PinLockout(lambda: 1000.0), kiosk.audit)
    flow.tools.find_face = lambda frame: (100, 400, 380, 200)
    exits: list[int] = []
    flow.exit_app = exits.append
    ops.exits = exits
    ops.monitor.start()  # as run_app does
    with qtbot.waitSignal(ops.monitor.checked, timeout=20000):
        pass  # the first round at start-up
    yield ops
    ops.shutdown()


def click(qtbot, widget, name: str) -> None:
    btn = widget.findChild(QPushButton, name)
    assert btn is not None, f"no button {name} on {widget.objectName()}"
    # A device on a later page of diagnostics: turn to it as a technician would.
    for turn in ("btn_diag_prev", "btn_diag_next"):
        pager = widget.findChild(QPushButton, turn)
        while pager is not None and not btn.isVisible() and pager.isEnabled():
            qtbot.mouseClick(pager, Qt.MouseButton.LeftButton)
    assert btn.isVisible(), f"no visible button {name} on {widget.objectName()}"
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def label(widget, name: str) -> str:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return found.text()


def current(kiosk):
    return kiosk.window.current_screen()


def sign_in(qtbot, kiosk, field, pin: str = PIN) -> None:
    assert current(kiosk).objectName() == "TechnicianLoginScreen"
    kiosk.card_sim.place(TECH_CARD)
    qtbot.waitUntil(lambda: "李*" in label(current(kiosk), "card_line"), timeout=10000)
    for digit in pin:
        click(qtbot, current(kiosk), f"key_{digit}")
    click(qtbot, current(kiosk), "btn_technician_sign_in")
    assert current(kiosk).findChild(QLineEdit, "pin").text() == ""  # the PIN leaves the screen at once


def signed_in(qtbot, kiosk, field) -> None:
    field.flow.start_sign_in()
    sign_in(qtbot, kiosk, field)
    qtbot.waitUntil(lambda: kiosk.session.state is State.DIAGNOSTICS, timeout=5000)
    kiosk.card_sim.lift()
    screen = current(kiosk)
    assert screen.objectName() == "DiagnosticsScreen"
    qtbot.waitUntil(lambda: all(label(screen, f"state_{d}").startswith(("✔", "✘")) for d in DEVICES),
                    timeout=20000)


def test_technician_signs_in_and_every_device_is_tested(qtbot, kiosk, field):
    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    for device in DEVICES:
        assert label(screen, f"state_{device}").startswith("✔"), (device, label(screen, f"detail_{device}"))
    assert "SAM" in label(screen, "detail_idcard")
    assert "fps" in label(screen, "detail_camera")
    assert "integrity ok" in label(screen, "detail_storage")
    qtbot.waitUntil(lambda: "versions" in screen.findChild(QPlainTextEdit, "info").toPlainText())
    info = screen.findChild(QPlainTextEdit, "info").toPlainText()
    assert '"kiosk_id": "test-01"' in info and "sim://receipt" in info
    logins = kiosk.audit.rows("staff.login")
    assert [(r["actor"], r["detail"]["role"]) for r in logins] == [("staff:T-042", "technician")]


@pytest.mark.parametrize("kiosk_config", ["secrets"], indirect=True)
def test_versions_and_the_config_in_force_are_shown_with_secrets_hidden(qtbot, kiosk, field):
    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    info = screen.findChild(QPlainTextEdit, "info")
    qtbot.waitUntil(lambda: "versions" in info.toPlainText(), timeout=10000)
    shown = info.toPlainText() + label(screen, "detail_gateway")
    assert '"kiosk":' in shown and '"python":' in shown
    assert "127.0.0.1:9" in shown and "region=330106" in shown, "where the gateway is stays visible"
    for secret in ("hunter2", "s3cret", ADDRESS):
        assert secret not in shown, secret
    assert "**REDACTED**" in shown
    assert label(screen, "state_gateway").startswith("✘")


def test_the_support_bundle_is_written_by_touch_with_the_screens_results(qtbot, kiosk, field):
    import json
    import zipfile

    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    click(qtbot, screen, "btn_diag_export")
    qtbot.waitUntil(lambda: label(screen, "message").endswith(".zip"), timeout=10000)
    message = label(screen, "message")
    bundle = zipfile.ZipFile(message[message.index("/"):])  # "Support bundle: /…/kiosk-support-….zip"
    (diag,) = [n for n in bundle.namelist() if n.endswith("/diag.json")]
    assert [d["device"] for d in json.loads(bundle.read(diag))["devices"]] == list(DEVICES)


def test_an_agent_without_the_technician_role_is_refused(qtbot, kiosk, field):
    field.flow.auth = StaffAuthenticator(lambda: _registry("agent"), PinLockout(lambda: 1000.0), kiosk.audit)
    field.flow.start_sign_in()
    sign_in(qtbot, kiosk, field)
    qtbot.waitUntil(lambda: label(current(kiosk), "message") == "此证件未登记为技术维护人员。", timeout=5000)
    assert kiosk.session.state is State.TECHNICIAN_LOGIN
    click(qtbot, current(kiosk), "btn_technician_cancel")
    assert kiosk.session.state is State.ATTRACT


def test_a_wrong_pin_is_refused_with_the_attempts_left_and_the_pin_is_never_shown(qtbot, kiosk, field):
    field.flow.start_sign_in()
    sign_in(qtbot, kiosk, field, pin="000000")
    screen = current(kiosk)
    qtbot.waitUntil(lambda: "4" in label(screen, "message"), timeout=5000)  # 5 attempts, one used
    assert kiosk.session.state is State.TECHNICIAN_LOGIN
    assert "000000" not in label(screen, "message")
    for digit in PIN:
        click(qtbot, screen, f"key_{digit}")
    click(qtbot, screen, "btn_technician_sign_in")
    qtbot.waitUntil(lambda: kiosk.session.state is State.DIAGNOSTICS, timeout=5000)
    kiosk.card_sim.lift()
    assert [(r["actor"], r["detail"]) for r in kiosk.audit.rows("staff.bad_pin")] == [
        ("staff:T-042", {"attempts_left": 4})]
    assert not any("000000" in str(r) for r in kiosk.audit.rows())


def test_self_tests_by_touch_card_receipt_page_and_camera(qtbot, kiosk, field):
    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    click(qtbot, screen, "btn_diag_read_card")
    kiosk.card_sim.place("ouyang_xiuying")
    qtbot.waitUntil(lambda: "欧**英" in label(screen, "card_fields"), timeout=15000)
    assert "3301**********2627" in label(screen, "card_fields") and "欧阳秀英" not in label(screen, "card_fields")
    assert kiosk.session.state is State.DIAGNOSTICS, "a card read in diagnostics starts no resident session"
    kiosk.card_sim.lift()

    click(qtbot, screen, "btn_diag_test_receipt")
    qtbot.waitUntil(lambda: "test receipt printed" in label(screen, "detail_receipt"), timeout=10000)
    click(qtbot, screen, "btn_diag_test_page")
    qtbot.waitUntil(lambda: "test page printed" in label(screen, "detail_docprinter"), timeout=10000)

    click(qtbot, screen, "btn_diag_camera")
    preview = screen.findChild(QLabel, "camera_preview")
    qtbot.waitUntil(lambda: preview.isVisible() and (preview.property("fps") or 0) > 1, timeout=10000)
    qtbot.waitUntil(lambda: preview.property("face") is True, timeout=5000)
    assert preview.toolTip().endswith(" fps")
    click(qtbot, screen, "btn_diag_camera")
    assert not preview.isVisible()


@pytest.mark.parametrize("kiosk_config", ["faults"], indirect=True)
def test_printer_faults_show_with_their_state_and_reason_and_the_kiosk_stays_in_service(qtbot, kiosk, field):
    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    assert label(screen, "state_receipt") == "✔ paper_near_end", "near end still prints, with an alert"
    assert label(screen, "state_docprinter") == "✘ paused"
    assert "paused" in label(screen, "detail_docprinter").lower()
    click(qtbot, screen, "btn_diag_test_receipt")
    qtbot.waitUntil(lambda: "test receipt printed" in label(screen, "detail_receipt"), timeout=10000)
    assert label(screen, "state_receipt") == "✔ paper_near_end"
    click(qtbot, screen, "btn_diag_test_page")
    qtbot.waitUntil(lambda: label(screen, "state_docprinter") == "✘ paused", timeout=10000)
    assert "test page printed" not in label(screen, "detail_docprinter")
    click(qtbot, screen, "btn_diag_done")
    with qtbot.waitSignal(field.monitor.checked, timeout=20000):
        field.monitor.check_now()
    assert kiosk.session.state is State.ATTRACT, "a printer fault leaves the agent path and requests open"


def test_an_injected_reader_fault_shows_as_the_readers_last_error(qtbot, kiosk, field):
    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    kiosk.card_sim.inject_fault("sam_unauthorised", None)
    click(qtbot, screen, "btn_test_idcard")
    qtbot.waitUntil(lambda: label(screen, "state_idcard").startswith("✘"), timeout=10000)
    assert "sam_error" in label(screen, "state_idcard")
    assert "IDCARD_SAM_UNAUTHORISED" in label(screen, "detail_idcard")
    kiosk.card_sim.clear_faults()
    click(qtbot, screen, "btn_test_idcard")
    qtbot.waitUntil(lambda: label(screen, "state_idcard").startswith("✔"), timeout=10000)


def test_a_lost_reader_takes_the_kiosk_out_of_service_with_the_phone_number(qtbot, kiosk, field):
    kiosk.card_sim.unplug()
    qtbot.waitUntil(lambda: kiosk.session.state is State.OUT_OF_SERVICE, timeout=10000)
    screen = current(kiosk)
    assert screen.objectName() == "OutOfServiceScreen"
    assert kiosk.config.point.phone in label(screen, "phone")
    kiosk.card_sim.replug()
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT, timeout=20000)
    reasons = [r["detail"].get("reason", "") for r in kiosk.audit.rows("session.transition")]
    assert any("idcard" in r for r in reasons)


def test_staff_sign_in_from_out_of_service_and_the_one_way_out(qtbot, kiosk, field, tmp_path):
    field.monitor.device_lost("idcard", "reader lost")
    assert kiosk.session.state is State.OUT_OF_SERVICE
    click(qtbot, current(kiosk), "btn_technician_start")
    assert kiosk.session.state is State.TECHNICIAN_LOGIN
    sign_in(qtbot, kiosk, field)
    qtbot.waitUntil(lambda: kiosk.session.state is State.DIAGNOSTICS, timeout=5000)
    kiosk.card_sim.lift()
    click(qtbot, current(kiosk), "btn_diag_leave")
    assert field.exits == [MAINTENANCE_EXIT]
    flag = field.flow.maintenance_flag
    assert flag.read_text(encoding="utf-8").strip() == "technician:T-042"
    assert [r["actor"] for r in kiosk.audit.rows("technician.left_kiosk")] == ["technician:T-042"]


def test_a_technician_holds_the_kiosk_out_of_service_until_a_technician_returns_it(qtbot, kiosk, field):
    signed_in(qtbot, kiosk, field)
    click(qtbot, current(kiosk), "btn_diag_out_of_service")
    assert kiosk.session.state is State.OUT_OF_SERVICE
    with qtbot.waitSignal(field.monitor.checked, timeout=20000):
        field.monitor.check_now()
    assert kiosk.session.state is State.OUT_OF_SERVICE, "healthy devices do not undo a technician's decision"
    click(qtbot, current(kiosk), "btn_technician_start")
    sign_in(qtbot, kiosk, field)
    qtbot.waitUntil(lambda: kiosk.session.state is State.DIAGNOSTICS, timeout=5000)
    kiosk.card_sim.lift()
    click(qtbot, current(kiosk), "btn_diag_done")
    assert kiosk.session.state is State.ATTRACT


def test_results_arriving_after_the_kiosk_shuts_down_reach_no_screen(qtbot, kiosk, field):
    """A self-test still running at shutdown answers into nothing: its screen dies with the window."""
    signed_in(qtbot, kiosk, field)
    screen = current(kiosk)
    release = threading.Event()
    started = threading.Event()

    def slow_receipt_check():
        started.set()
        release.wait(10)
        return passed("receipt", "ready", "late answer")

    field.flow.tools.checks = {**field.flow.tools.checks, "receipt": slow_receipt_check}
    click(qtbot, screen, "btn_test_receipt")
    assert started.wait(5)
    running = label(screen, "state_receipt")
    assert not running.startswith(("✔", "✘"))
    field.shutdown()
    release.set()
    assert kiosk.worker.wait(10000)
    # Queued answers are delivered in the order they were posted: once this marker is in, so was the
    # late result, and the flow dropped it.
    marker: list[bool] = []
    kiosk.worker.run(lambda: True, marker.append)
    qtbot.waitUntil(lambda: marker == [True], timeout=5000)
    assert label(screen, "state_receipt") == running
    assert "late answer" not in label(screen, "detail_receipt")
