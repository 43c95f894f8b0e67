"""The diagnostics screen's tools as the kiosk binds them, on the real face engine and the simulators."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.hardware.camera.conftest import DEMO_FACES, small
from ui.screens.diagnostics_wiring import device_tools


@pytest.mark.slow
def test_the_camera_preview_outlines_a_face_with_the_face_engine_and_none_on_an_empty_frame(config):
    closers: list = []
    tools = device_tools(config, None, closers)
    frame = small(cv2.imread(str(DEMO_FACES / "li_na_open.jpg")))
    try:
        box = tools.find_face(frame)
        empty = tools.find_face(np.full_like(frame, 255))
    finally:
        for close in closers:
            close()
    assert box is not None and empty is None
    top, right, bottom, left = box
    h, w = frame.shape[:2]
    assert 0 <= left < right <= w and 0 <= top < bottom <= h
    assert (right - left) * (bottom - top) > 0.02 * w * h, "a face, not a speck"


def test_the_receipt_and_page_tools_print_on_the_simulators(config):
    tools = device_tools(config, None, [])
    receipt = tools.test_receipt()
    page = tools.test_page()
    assert receipt.ok and receipt.detail.startswith("test receipt printed")
    assert page.ok and "test page printed" in page.detail
    assert len(list((config.resolve(config.data.dir) / "docprinter" / "out").glob("*.pdf"))) == 1
