"""Pillow stands in for OpenCV in the kiosk's process: the same pixels from a JPEG, the same sway."""

from __future__ import annotations

import cv2
import numpy as np

from hardware.camera.image_files import decode_bgr, read_bgr, tilted
from tests.hardware.camera.conftest import DEMO_FACES


def test_a_demo_frame_decodes_to_opencvs_pixels():
    path = DEMO_FACES / "zhang_jianguo_open.jpg"
    assert np.array_equal(read_bgr(str(path)), cv2.imread(str(path)))


def test_a_png_card_photo_decodes_to_opencvs_pixels():
    image = np.random.default_rng(3).integers(0, 256, (126, 102, 3), dtype=np.uint8)
    data = cv2.imencode(".png", image)[1].tobytes()
    assert np.array_equal(decode_bgr(data), image)


def test_bytes_that_are_no_picture_give_none():
    assert decode_bgr(b"") is None and decode_bgr(b"not an image") is None


def test_a_tilt_is_opencvs_rotation_with_a_repeated_edge():
    image = cv2.imread(str(DEMO_FACES / "zhang_jianguo_open.jpg"))
    m = cv2.getRotationMatrix2D((320, 240), -3.0, 1.02)
    m[:, 2] += (3.0, -4.0)
    expected = cv2.warpAffine(image, m, (640, 480), borderMode=cv2.BORDER_REPLICATE)
    difference = np.abs(tilted(image, -3.0, 1.02, (3.0, -4.0)).astype(int) - expected)
    # Bilinear either way; the two libraries round their weights differently.
    assert difference.mean() < 1.0 and np.percentile(difference, 99) <= 3
