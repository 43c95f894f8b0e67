"""The worker's numpy image steps give OpenCV's pixels, so boxes and descriptors do not move without it."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from hardware.camera import image_ops

RNG = np.random.default_rng(7)


def noise(h: int, w: int, channels: int | None = 3) -> np.ndarray:
    shape = (h, w) if channels is None else (h, w, channels)
    return RNG.integers(0, 256, shape, dtype=np.uint8)


def test_colour_steps_match_opencv():
    bgr = noise(97, 131)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    assert np.array_equal(image_ops.rgb_from_bgr(bgr), rgb)
    assert np.array_equal(image_ops.rgb_from_bgr(bgr[:, :, 0]), cv2.cvtColor(bgr[:, :, 0], cv2.COLOR_GRAY2RGB))
    assert np.array_equal(image_ops.grey_from_rgb(rgb), cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))


@pytest.mark.parametrize("size,target", [((480, 640), (320, 240)), ((1428, 2000), (480, 343)),
                                         ((2204, 970), (211, 480)), ((1200, 1200), (100, 100)),
                                         ((126, 102), (81, 100))])
def test_area_reduction_matches_opencv(size, target):
    image = noise(*size)
    expected = cv2.resize(image, target, interpolation=cv2.INTER_AREA)
    reduced = image_ops.resize_area(image, *target)
    assert np.array_equal(reduced, expected) and reduced.flags.c_contiguous


@pytest.mark.parametrize("size", [(130, 120), (90, 159), (40, 30), (161, 158)])
def test_area_enlargement_of_a_face_to_160_px_matches_opencv(size):
    grey = noise(*size, channels=None)
    target = (160, round(size[0] * 160 / size[1]))
    expected = cv2.resize(grey, target, interpolation=cv2.INTER_AREA)
    assert np.array_equal(image_ops.resize_area(grey, *target), expected)


def test_card_photo_enlargement_matches_opencv():
    card = noise(126, 102)
    expected = cv2.resize(card, (204, 252), interpolation=cv2.INTER_CUBIC)
    enlarged = image_ops.enlarge_cubic(card, 204, 252)
    assert np.array_equal(enlarged, expected)
    assert enlarged.flags.c_contiguous  # dlib reads the buffer as C-ordered rows


def test_laplacian_matches_opencv():
    grey = noise(60, 80, channels=None).astype(np.float64) - 128.0
    assert np.allclose(image_ops.laplacian(grey), cv2.Laplacian(grey, cv2.CV_64F))
