"""A certified copy as a phone sees it: scanned at 150 dpi, photographed at a slant, slightly out of focus
and saved as a JPEG of quality 60. `kiosk verify` says genuine, an independent decoder (zxing-cpp) reads
the same picture, and the kiosk's camera path (the simulated camera through hardware.qrscan) reads it too.
"""

from __future__ import annotations

import json

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp

from hardware.qrscan import QrScanner
from hardware.registry import open_camera
from kiosk.certify.compact import payload_of_qr_text
from kiosk.certify.kiosk_certs import KioskCertificates, load_kiosk_certificates
from kiosk.certify.verify import verify_payload
from kiosk.cli import main
from kiosk.crypto.keys import load_verifier
from kiosk.printing.certified_copy import QR_SYMBOL
from tests.waiting import wait_until

SCAN_DPI = 150
CHECK_URL = "https://check.archive.example.gov.cn"


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def phone_photo(page: np.ndarray, seed: int = 7) -> np.ndarray:
    """A hand-held phone picture of a page: perspective (each corner moved by up to 4 % of the page),
    Gaussian blur of sigma 1, then JPEG at quality 60. Grey in, BGR out."""
    rng = np.random.default_rng(seed)
    height, width = page.shape[:2]
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    moved = corners + rng.uniform(-0.04, 0.04, (4, 2)).astype(np.float32) * np.float32([width, height])
    moved -= moved.min(axis=0)
    size = tuple(int(v) for v in moved.max(axis=0))
    warped = cv2.warpPerspective(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR),
                                 cv2.getPerspectiveTransform(corners, moved), size,
                                 flags=cv2.INTER_LINEAR, borderValue=(90, 90, 90))
    blurred = cv2.GaussianBlur(warped, (0, 0), sigmaX=1.0)
    ok, jpeg = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


@pytest.fixture(scope="module", params=["sm2", "ed25519"])
def photographed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp(f"photo-{request.param}")
    config = root / "kiosk.toml"
    config.write_text(f'[point]\nname = "西湖区文新街道社区档案便民服务点"\narchive_code = "330106"\n'
                      f'[certify]\ncheck_url = "{CHECK_URL}"\n', encoding="utf-8")
    assert main(["keys", "init-district", "--out", str(root / "district"), "--algorithm", request.param]) == 0
    assert main(["keys", "issue-kiosk", "--district-key", str(root / "district" / "district.key"),
                 "--kiosk-id", "demo-01", "--out", str(root / "kiosk")]) == 0
    pdf = root / "copy.pdf"
    assert main(["certify", "issue", "--demo", "--config", str(config), "--kiosk-key", str(root / "kiosk" / "kiosk.key"),
                 "--kiosk-cert", str(root / "kiosk" / "kiosk.cert"), "--out", str(pdf)]) == 0
    document = pdfium.PdfDocument(str(pdf))
    try:
        scan = document[0].render(scale=SCAN_DPI / 72, grayscale=True).to_numpy()
    finally:
        document.close()
    scan = np.ascontiguousarray(scan[:, :, 0] if scan.ndim == 3 else scan)
    photo = phone_photo(scan)
    path = root / "photo.jpg"
    cv2.imwrite(str(path), photo)
    return {"root": root, "photo": photo, "path": path, "scan": scan}


def test_the_qr_is_printed_30_mm_wide_and_a_module_spans_over_3_pixels_at_150_dpi():
    module_px = QR_SYMBOL / 72 * SCAN_DPI / 49  # a version 8 symbol has 49 modules
    assert QR_SYMBOL / 72 * 25.4 >= 30 and module_px > 3.4


def test_kiosk_verify_of_the_phone_photo_says_genuine(photographed, capsys):
    root = photographed["root"]
    code, out = _json(capsys, "verify", str(photographed["path"]), "--district-pub",
                      str(root / "district" / "district.pub"), "--kiosk-certs", str(root / "kiosk"))
    assert code == 0, out
    assert out["valid"] is True and out["kiosk_id"] == "demo-01" and out["point_code"] == "330106"


def test_an_independent_decoder_reads_the_same_photo_and_finds_the_check_url(photographed):
    found = zxingcpp.read_barcodes(photographed["photo"], formats=zxingcpp.BarcodeFormat.QRCode)
    texts = [r.text for r in found if r.valid]
    assert len(texts) == 1 and texts[0].startswith(CHECK_URL.upper() + "/C/")  # what a phone opens
    root = photographed["root"]
    result = verify_payload(texts[0], load_verifier(root / "district" / "district.pub"),
                            kiosks=KioskCertificates(load_kiosk_certificates([root / "kiosk"])))
    assert result.valid


def test_the_kiosk_camera_reads_the_paper_held_up_to_it(photographed):
    """The lower right of the paper (where the QR is) held to the kiosk's camera: the simulated camera's
    frames, read by the kiosk's own scanner."""
    photo = photographed["photo"]
    height, width = photo.shape[:2]
    corner = np.ascontiguousarray(photo[int(height * 0.75):, int(width * 0.55):])
    opened = open_camera("sim://camera?fps=15")
    opened.simulator.hold(corner)
    scanner = QrScanner()
    texts: list[str] = []
    frames: list[np.ndarray] = []
    opened.driver.add_listener(lambda event: frames.append(event.frame.image) if event.kind == "frame" else None)
    opened.driver.start()
    try:
        def read_one() -> bool:
            if frames:
                texts.extend(scanner.decode(frames.pop()))
            return bool(texts)

        wait_until(read_one, timeout=20)
    finally:
        opened.driver.stop()
    root = photographed["root"]
    assert payload_of_qr_text(texts[0])
    result = verify_payload(texts[0], load_verifier(root / "district" / "district.pub"),
                            kiosks=KioskCertificates(load_kiosk_certificates([root / "kiosk"])))
    assert result.valid


def test_a_picture_without_any_qr_says_so_with_its_own_code(photographed, capsys, tmp_path):
    root = photographed["root"]
    cropped = tmp_path / "no-qr.jpg"
    scan = photographed["scan"]
    cv2.imwrite(str(cropped), scan[: scan.shape[0] // 2])  # the upper half: the record, no QR
    code, out = _json(capsys, "verify", str(cropped), "--district-pub", str(root / "district" / "district.pub"))
    assert code == 5 and out["error"]["code"] == "CERT_QR_NOT_FOUND"
