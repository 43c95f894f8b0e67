"""A verification code typed on the "Verify a certificate" screen's keypad, asked of a real district gateway
over mutual TLS on 127.0.0.1: a genuine paper, a paper of a revoked kiosk, a code nobody issued, a gateway
that is down; the keypad's size in elder mode; the route refuses callers who are not the district's kiosks."""

from __future__ import annotations

import hashlib
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QWidget

from kiosk.certify.certificate import RecordContent
from kiosk.certify.code_check import CODE_ALPHABET, GatewayCodeCheck
from kiosk.certify.issue import Issuer, IssueRequest, ServicePoint
from kiosk.certify.kiosk_cert import issue_kiosk_certificate
from kiosk.certify.kiosk_certs import KIND as KIOSK_CERTS
from kiosk.certify.kiosk_certs import as_document, document_key
from kiosk.certify.registry import registration
from kiosk.certify.revocation import KIND as REVOCATIONS
from kiosk.certify.revocation import RevocationEntry, sign_revocation_list
from kiosk.certify.verify import CertificateVerifier
from kiosk.crypto.keys import generate
from kiosk.gateway.store_sqlite import SqliteStore
from tests.kiosk.sync.gateway_fixture import app_of, make_district, server_of
from ui import theme
from ui.adapters.certificate_camera import CertificateReader
from ui.screens.verify_certificate import VerifyCertificateScreen
from ui.workers import Worker

ROOT = Path(__file__).resolve().parents[2]
POINT = ServicePoint("330106", "西湖区文新街道社区档案便民服务点")
RECORD = RecordContent("330106-J001-2012-SO-0001", (hashlib.sha256(b"page 1").hexdigest(),))
REQUEST = IssueRequest([RECORD], "欧**英 3301**********2627", "办理退休手续")


def _kiosk(district, store, kiosk_id: str, signer=None) -> Issuer:
    key = generate("sm2")
    today = datetime.now(UTC).date()
    cert = issue_kiosk_certificate(signer or district.signer, kiosk_id, key, today - timedelta(days=1),
                                   today + timedelta(days=30))
    store.put_document(KIOSK_CERTS, document_key(cert), as_document(cert))
    return Issuer(key, cert, POINT)


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("code_gateway")
    district = make_district(tmp / "district", "sm2")
    store = SqliteStore(tmp / "gateway.sqlite")
    app = app_of(store, district, feature_routers=("kiosk.gateway.verify_api", "kiosk.gateway.check_page",
                                                   "kiosk.gateway.check_api"))
    genuine = _kiosk(district, store, "kiosk-01").issue(REQUEST)
    app.state.check.register(registration(genuine, [RECORD]))
    revoked = _kiosk(district, store, "kiosk-02").issue(REQUEST)
    app.state.check.register(registration(revoked, [RECORD]))
    now = datetime.now(UTC)
    store.put_document(REVOCATIONS, "district", sign_revocation_list(
        district.signer, [RevocationEntry("kiosk-02", now.isoformat(), reason="stolen")], 1, now))
    forged = _kiosk(district, store, "kiosk-01", signer=generate("sm2")).issue(REQUEST)
    server = server_of(app, district)
    url = server.start()
    yield {"url": url, "district": district, "genuine": genuine, "revoked": revoked, "forged": forged}
    server.stop()
    store.close()


@pytest.fixture
def chinese(qapp):
    translator = QTranslator()
    assert translator.load(str(ROOT / "assets" / "translations" / "kiosk_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def make_screen(qtbot):
    """The screen in a 1920×1080 elder-mode window, asking the gateway at ``url`` as the district's kiosk."""
    kept: list[object] = []  # the window, worker and client live as long as the test

    def make(url: str, district) -> VerifyCertificateScreen:
        return _screen(qtbot, url, district, kept)

    yield make
    for part in kept:
        if isinstance(part, Worker):
            part.wait()


def _screen(qtbot, url: str, district, kept: list[object]) -> VerifyCertificateScreen:
    worker = Worker()
    check = GatewayCodeCheck(url, district.client(timeout=5))
    screen = VerifyCertificateScreen(CertificateReader(CertificateVerifier([])), worker, codes=check.check)
    window = QWidget()
    window.setStyleSheet(theme.stylesheet(theme.pick(elder=True, high_contrast=False)))
    screen.setParent(window)
    window.resize(1920, 1080)
    screen.resize(1920, 1080)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    kept += [window, worker, check]
    return screen


def _type(qtbot, screen: VerifyCertificateScreen, code: str, *, open_keypad: bool = True) -> None:
    if open_keypad:
        qtbot.mouseClick(screen.type_code, Qt.MouseButton.LeftButton)
    assert screen.keypad.isVisible() and not screen.preview.isVisible()
    for ch in code.replace("-", ""):
        qtbot.mouseClick(screen.keypad.keys[ch], Qt.MouseButton.LeftButton)
    assert screen.keypad.display.text() == code  # grouped as the paper prints it
    qtbot.mouseClick(screen.keypad.check, Qt.MouseButton.LeftButton)


def test_a_genuine_code_shows_what_the_paper_prints(qtbot, make_screen, gateway, chinese):
    screen = make_screen(gateway["url"], gateway["district"])
    code = gateway["genuine"].verification_code
    _type(qtbot, screen, code)
    qtbot.waitUntil(lambda: screen.code_verdict is not None, timeout=15000)
    assert screen.verdict.text() == "✓ 真实有效"
    details = screen.details.text()
    for printed in (code, POINT.name, RECORD.reference, "欧**英 3301**********2627", "办理退休手续", "kiosk-01"):
        assert printed in details
    assert "330106195203142627" not in details and "CERT_" not in details
    assert not screen.keypad.isVisible() and screen.again.isVisible()
    qtbot.mouseClick(screen.again, Qt.MouseButton.LeftButton)
    assert screen.keypad.isVisible() and screen.keypad.typed == ""


def test_a_revoked_kiosks_code_says_revoked_and_repeats_nothing(qtbot, make_screen, gateway, chinese):
    screen = make_screen(gateway["url"], gateway["district"])
    _type(qtbot, screen, gateway["revoked"].verification_code)
    qtbot.waitUntil(lambda: screen.code_verdict is not None, timeout=15000)
    assert screen.verdict.text() == "✗ 已撤销"
    assert "撤销" in screen.details.text() and "欧**英" not in screen.details.text()


def test_a_forged_or_unknown_code_cannot_be_verified(qtbot, make_screen, gateway, chinese):
    screen = make_screen(gateway["url"], gateway["district"])
    _type(qtbot, screen, gateway["forged"].verification_code)  # never registered: another "district" signed it
    qtbot.waitUntil(lambda: screen.code_verdict is not None, timeout=15000)
    assert screen.verdict.text() == "? 无法核验"
    assert "没有找到这个验证码" in screen.details.text() and "欧**英" not in screen.details.text()


def test_a_gateway_that_is_down_gets_a_clear_message_not_a_code(qtbot, make_screen, gateway, chinese):
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))  # bound, never listening: refused at once
    try:
        screen = make_screen(f"https://127.0.0.1:{dead.getsockname()[1]}", gateway["district"])
        _type(qtbot, screen, gateway["genuine"].verification_code)
        qtbot.waitUntil(lambda: screen.again.isVisible(), timeout=15000)
    finally:
        dead.close()
    assert screen.code_verdict is None
    assert screen.verdict.text() == "暂时无法核验"
    assert "连不上区档案馆" in screen.details.text() and "GATEWAY" not in screen.details.text()


def test_the_keypad_is_big_holds_only_code_characters_and_fits_the_screen(qtbot, make_screen, gateway, chinese):
    screen = make_screen(gateway["url"], gateway["district"])
    qtbot.mouseClick(screen.type_code, Qt.MouseButton.LeftButton)
    keypad = screen.keypad
    assert "".join(keypad.keys) == CODE_ALPHABET and not set("ILOU") & set(keypad.keys)
    buttons = [*keypad.keys.values(), keypad.delete, keypad.check]
    for b in buttons:
        assert b.width() >= 126 and b.height() >= 126, b.objectName()
        assert b.font().pixelSize() >= 48 or b.fontInfo().pixelSize() >= 48, b.objectName()
        assert b.fontMetrics().horizontalAdvance(b.text()) <= b.contentsRect().width(), b.objectName()
    assert keypad.check.text() == "核验" and "删除" in keypad.delete.text()
    assert not keypad.check.isEnabled()  # not before the whole code is typed
    # 核验 is the bottom-right key; every key lies inside the screen.
    check = keypad.check.geometry()
    assert all(check.right() >= b.geometry().right() and check.bottom() >= b.geometry().bottom() for b in buttons)
    screen_rect = screen.rect()
    for b in [*buttons, screen.type_code, screen.verdict]:
        top_left = b.mapTo(screen, b.rect().topLeft())
        assert screen_rect.contains(top_left) and screen_rect.contains(top_left + b.rect().bottomRight()), b.objectName()
    qtbot.mouseClick(keypad.keys["7"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keypad.keys["K"], Qt.MouseButton.LeftButton)
    assert keypad.display.text() == "7K__-____-____"
    qtbot.mouseClick(keypad.delete, Qt.MouseButton.LeftButton)
    assert keypad.display.text() == "7___-____-____"


def test_only_the_districts_kiosks_may_ask_the_code_route(gateway, tmp_path):
    district = gateway["district"]
    body = {"code": gateway["genuine"].verification_code}
    with district.anonymous() as anonymous:  # no client certificate: refused before any lookup
        r = anonymous.post(f"{gateway['url']}/certificates/code", json=body)
        assert r.status_code == 401 and "真实" not in r.text and "kiosk-01" not in r.text
    with district.client(district.issue_staff("clerk-07")) as staff:  # a certificate of the wrong role
        r = staff.post(f"{gateway['url']}/certificates/code", json=body)
        assert r.status_code == 403 and r.json()["detail"]["code"] == "AUTH_WRONG_ROLE"
    with district.client() as kiosk:
        assert kiosk.post(f"{gateway['url']}/certificates/code", json=body).json()["state"] == "genuine"
        too_long = kiosk.post(f"{gateway['url']}/certificates/code", json={"code": "7" * 500})
        assert too_long.status_code == 422


def test_the_running_kiosk_asks_its_own_gateway_over_the_sync_link(qtbot, gateway_kiosk):
    k = gateway_kiosk
    screen = k.parts.verify.screen
    k.controller.on_action("verify_certificate", None)
    qtbot.waitUntil(lambda: k.window.stack.currentWidget() is screen, timeout=5000)
    _type(qtbot, screen, "0000-0000-0000")  # a code the demo district never issued
    qtbot.waitUntil(lambda: screen.code_verdict is not None, timeout=15000)
    assert screen.code_verdict.state == "unknown" and screen.verdict.text() == "? 无法核验"
    k.parts.sync.set_online(False)  # the cable pulled
    qtbot.mouseClick(screen.again, Qt.MouseButton.LeftButton)  # back to the keypad, empty
    _type(qtbot, screen, "0000-0000-0000", open_keypad=False)
    qtbot.waitUntil(lambda: screen.again.isVisible(), timeout=15000)
    assert screen.verdict.text() == "暂时无法核验" and "连不上" in screen.details.text()


def test_the_code_route_is_rate_limited_per_caller(qtbot, make_screen, gateway, chinese):
    # Last of the tests on this gateway: it spends the kiosk's checks for the minute.
    with gateway["district"].client() as kiosk:
        codes = [kiosk.post(f"{gateway['url']}/certificates/code", json={"code": "0000-0000-0000"}).status_code
                 for _ in range(30)]
    assert codes.count(429) >= 5 and codes[0] == 200
    screen = make_screen(gateway["url"], gateway["district"])
    _type(qtbot, screen, gateway["genuine"].verification_code)
    qtbot.waitUntil(lambda: screen.again.isVisible(), timeout=15000)
    assert screen.verdict.text() == "暂时无法核验" and "等一分钟" in screen.details.text()
