"""The certificate QR on receipt paper: 58 mm (384 dots) and 80 mm (576 dots), with its 4-module quiet
zone, read back by an independent decoder."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from hardware.receipt.encoder import QR_QUIET_ZONE, qr_image
from tests.kiosk.certify.conftest import ISSUED_AT, POINT, REQUEST, make_chain

CHECK_URL = "https://check.archive.example.gov.cn"


@pytest.mark.parametrize("dots", [384, 576])
def test_the_certificate_qr_fits_the_paper_with_its_quiet_zone_and_reads_back(dots):
    from kiosk.certify.issue import Issuer

    chain = make_chain("sm2")
    qr = Issuer(chain.kiosk_key, chain.kiosk, POINT, clock=lambda: ISSUED_AT, check_url=CHECK_URL).issue(REQUEST).qr
    image = qr_image(qr, dots)
    pixels = np.asarray(image.convert("L"))
    assert image.width == dots
    dark = np.argwhere(pixels < 128)
    (top, left), (bottom, right) = dark.min(axis=0), dark.max(axis=0)
    module = (right - left + 1) / 49  # version 8
    assert module >= 5 and (right - left + 1) / 203 * 25.4 >= 30  # at 203 dpi: at least 30 mm wide
    assert left >= QR_QUIET_ZONE * module and dots - 1 - right >= QR_QUIET_ZONE * module
    assert top >= QR_QUIET_ZONE * module and pixels.shape[0] - 1 - bottom >= QR_QUIET_ZONE * module
    [found] = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found.text == qr
