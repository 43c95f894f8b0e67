"""The "Verify a certificate" screen: real QR images through the real decoder and verifier."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime

import numpy as np
import pytest
import qrcode
from PIL import Image
from PySide6.QtCore import Qt
from qrcode.constants import ERROR_CORRECT_M

from kiosk.certify.certificate import RecordContent
from kiosk.certify.issue import IssueRequest, Issuer, ServicePoint
from kiosk.certify.kiosk_cert import issue_kiosk_certificate
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.certify.verify import CertificateVerifier
from kiosk.crypto.keys import generate
from ui.adapters.certificate_camera import CameraFrameFeed, CertificateReader
from ui.screens.verify_certificate import VerifyCertificateScreen
from ui.workers import Worker

REQUEST = IssueRequest([RecordContent("330106-J001-2012-SO-0001", (hashlib.sha256(b"p").hexdigest(),))],
                       "欧**英 3301**********2627", "办理退休手续")


@pytest.fixture(scope="module")
def chain():
    district, kiosk_key = generate("sm2"), generate("sm2")
    kiosk = issue_kiosk_certificate(district, "kiosk-01", kiosk_key, date(2026, 1, 1), date(2027, 12, 31))
    issuer = Issuer(kiosk_key, kiosk, ServicePoint("330106", "西湖区文新街道社区档案便民服务点"),
                    clock=lambda: datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    return district, issuer.issue(REQUEST), kiosk


def _frame(text: str) -> np.ndarray:
    """A 640x480 BGR camera frame with the QR held in the middle of it."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=4, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image().save(buf, format="PNG")
    code = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    scene = Image.new("RGB", (640, 480), (120, 110, 100))
    scene.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    return np.ascontiguousarray(np.asarray(scene)[:, :, ::-1])


@pytest.fixture
def screen(qtbot, chain):
    worker = Worker()
    verifier = CertificateVerifier(chain[0], kiosks=KioskCertificates([chain[2]]))
    screen = VerifyCertificateScreen(CertificateReader(verifier), worker)
    qtbot.addWidget(screen)
    screen.show()
    yield screen
    worker.wait()


def test_a_genuine_certificate_shows_genuine_with_what_it_certifies(qtbot, screen, chain):
    screen.show_frame(_frame(chain[1].payload))
    qtbot.waitUntil(lambda: screen.result is not None, timeout=10000)
    assert screen.result.valid
    assert screen.verdict.property("verdict") == "valid" and "GENUINE" in screen.verdict.text()
    details = screen.details.text()
    assert chain[1].verification_code in details and "330106" in details and "2026-11-25 17:30:00" in details
    assert "欧" not in details  # the compact QR names nobody
    assert screen.again.isVisible()


def test_an_altered_certificate_shows_not_valid_and_why(qtbot, screen, chain):
    payload = chain[1].payload
    altered = payload[:-30] + ("B" if payload[-30] != "B" else "C") + payload[-29:]
    screen.show_frame(_frame(altered))
    qtbot.waitUntil(lambda: screen.result is not None, timeout=10000)
    assert not screen.result.valid and screen.verdict.property("verdict") == "invalid"
    assert "altered" in screen.details.text()
    assert chain[1].certificate.certificate_id not in screen.details.text()  # a refused claim is not repeated


def test_no_qr_in_view_keeps_asking_and_check_another_starts_over(qtbot, screen, chain):
    blank = np.full((480, 640, 3), 128, np.uint8)
    screen.show_frame(blank)
    qtbot.waitUntil(lambda: not screen._busy, timeout=10000)
    assert screen.result is None and "Hold the QR code" in screen.verdict.text()
    screen.show_frame(_frame(chain[1].payload))
    qtbot.waitUntil(lambda: screen.result is not None, timeout=10000)
    qtbot.mouseClick(screen.again, Qt.MouseButton.LeftButton)
    assert screen.result is None and not screen.again.isVisible()
    screen.forget()
    assert screen.preview.pixmap().isNull()


def test_paper_held_to_a_file_camera_is_verified(qtbot, screen, chain, tmp_path):
    from hardware.registry import open_camera

    path = tmp_path / "paper.png"
    Image.fromarray(_frame(chain[1].payload)[:, :, ::-1]).save(path)
    feed = CameraFrameFeed(open_camera(f"file://{path}?fps=10").driver)
    feed.frame.connect(screen.show_frame)
    feed.start()
    try:
        qtbot.waitUntil(lambda: screen.result is not None, timeout=10000)
    finally:
        feed.stop()
    assert screen.result.valid


def test_the_demo_kiosk_trusts_the_copies_it_prints(qtbot, kiosk):
    """The demo's public entry verifies a copy signed with the demo kiosk's key (the demo district's chain)."""
    from kiosk.certify.kiosk_cert import load_kiosk_certificate
    from kiosk.demo_setup import kiosk_key_files
    from kiosk.storage.private_keys import load_signer, secrets_for
    from ui.adapters.certificate_camera import CertificateReader
    from ui.assembly.devices import certificate_verifier

    demo = kiosk.config.model_copy(update={"gateway": kiosk.config.gateway.model_copy(update={"embedded": True})})
    assert not demo.gateway.district_pub
    reader = CertificateReader(certificate_verifier(demo, kiosk.cache))
    key, cert = kiosk_key_files(demo.resolve(demo.data.dir))
    issued = Issuer(load_signer(key, secrets_for(kiosk.cache.key)), load_kiosk_certificate(cert),
                    ServicePoint("330106", demo.point.name)).issue(REQUEST)
    result = reader.read(_frame(issued.payload))
    assert result is not None and result.valid, result
