"""QR decoding from files and camera-like frames: real QR images made by the qrcode package."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from hardware.qrscan import QrScanner, decode_file, decode_frame
from hardware.qrscan.decode import QrImageError

#: As long and as mixed (CJK, base64url) as a certificate payload.
TEXT = ("AKC1|TESTTESTTEST|20261125T093012Z|330106|西湖区文新街道社区档案便民服务点|kiosk-01|"
        "330106-J001-2012-SO-0001|欧**英 3301**********2627|办理退休手续|" + "Ab_-9z" * 55)


def _qr_png(text: str = TEXT, box: int = 6) -> bytes:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return out.getvalue()


def _grey(png: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


def test_a_png_file_decodes_to_its_text(tmp_path):
    path = tmp_path / "qr.png"
    path.write_bytes(_qr_png())
    assert decode_file(path) == [TEXT]


def test_paper_held_askew_in_a_dim_frame_is_read():
    """A camera frame: the QR small, tilted in perspective, on grey paper under uneven light, with noise."""
    qr = _grey(_qr_png(box=4))
    h, w = qr.shape
    frame_h, frame_w = 720, 1280
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    target = np.float32([[420, 130], [850, 170], [830, 600], [400, 570]])
    warp = cv2.getPerspectiveTransform(source, target)
    paper = cv2.warpPerspective(qr, warp, (frame_w, frame_h), borderValue=255)
    light = np.linspace(0.55, 0.9, frame_w, dtype=np.float32)[None, :]
    rng = np.random.default_rng(7)
    grey = np.clip(paper * light + rng.normal(0, 6, paper.shape), 0, 255).astype(np.uint8)
    frame = cv2.cvtColor(cv2.GaussianBlur(grey, (3, 3), 0), cv2.COLOR_GRAY2BGR)
    assert decode_frame(frame) == [TEXT]


def test_a_frame_without_a_qr_gives_nothing():
    rng = np.random.default_rng(1)
    scanner = QrScanner()
    assert scanner.decode(rng.integers(0, 255, (480, 640, 3), dtype=np.uint8)) == []
    assert scanner.decode(np.full((480, 640), 255, np.uint8)) == []
    assert scanner.decode(np.zeros((0, 0, 3), np.uint8)) == []
    assert scanner.decode(np.zeros((4, 4, 7), np.uint8)) == [] and scanner.decode(np.zeros(9, np.float32)) == []


def test_grey_and_bgra_frames_are_read_too():
    grey = _grey(_qr_png())
    bgra = np.dstack([grey, grey, grey, np.full_like(grey, 255)])
    assert decode_frame(grey) == decode_frame(bgra) == decode_frame(grey[:, :, None]) == [TEXT]


def test_unreadable_files_are_typed_errors(tmp_path):
    (tmp_path / "junk.png").write_bytes(b"not an image")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 broken")
    for name in ("junk.png", "junk.pdf", "missing.png"):
        with pytest.raises(QrImageError):
            decode_file(tmp_path / name)


def test_a_pdf_page_with_a_qr_is_rendered_and_read(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "page.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(72, 760, "a page with a QR")
    canvas.drawImage(ImageReader(io.BytesIO(_qr_png(box=4))), 400, 60, 120, 120)
    canvas.showPage()
    canvas.save()
    assert decode_file(path) == [TEXT]
