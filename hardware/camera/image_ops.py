"""The few image operations the face engine's worker needs, in numpy, computed the way OpenCV computes them.

The worker process keeps its memory small by not loading OpenCV (a third of a hundred megabytes for
five calls). These functions reproduce OpenCV's arithmetic for the inputs the engine gives them, so the
boxes, landmarks and descriptors stay what they were with OpenCV: its fixed-point colour weights, its
pixel-area reduction (``INTER_AREA``), its bicubic enlargement (``INTER_CUBIC``, a = -0.75, replicated
border, 11-bit coefficients) and its 4-neighbour Laplacian with a mirrored border.
``tests/hardware/camera/test_image_ops.py`` holds them to OpenCV's results.
"""

from __future__ import annotations

import math

import numpy as np

# OpenCV's RGB → grey weights in 15-bit fixed point (0.299, 0.587, 0.114).
_GREY_SHIFT = 15
_R, _G, _B = 9798, 19235, 3735
_COEF_BITS = 11  # OpenCV's INTER_RESIZE_COEF_BITS
_CUBIC_A = np.float32(-0.75)


def rgb_from_bgr(image: np.ndarray) -> np.ndarray:
    """A contiguous RGB copy of a BGR (or grey) image: dlib refuses strided views."""
    if image.ndim == 2:
        return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
    return np.ascontiguousarray(image[:, :, 2::-1])


def grey_from_rgb(rgb: np.ndarray) -> np.ndarray:
    """``cv2.cvtColor(rgb, COLOR_RGB2GRAY)`` for 8-bit images."""
    channels = rgb.astype(np.int32)
    weighted = channels[..., 0] * _R + channels[..., 1] * _G + channels[..., 2] * _B
    return ((weighted + (1 << (_GREY_SHIFT - 1))) >> _GREY_SHIFT).astype(np.uint8)


def shrink_area(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """``cv2.resize(image, (width, height), interpolation=INTER_AREA)`` for a reduction on both axes: each
    output pixel is the mean of the source area it covers."""
    h, w = image.shape[:2]
    if width > w or height > h:
        raise ValueError("shrink_area reduces; use enlarge_cubic to enlarge")
    if w % width == 0 and h % height == 0:
        # OpenCV's whole-factor path: a block mean; halving rounds half up, other factors go through float32.
        fy, fx = h // height, w // width
        blocks = image.reshape(height, fy, width, fx, *image.shape[2:]).astype(np.int64)
        total = blocks.sum(axis=(1, 3))
        if fy == fx == 2:
            return ((total + 2) >> 2).astype(np.uint8)
        mean = total.astype(np.float32) * np.float32(1.0 / (fy * fx))
        return np.clip(np.rint(mean), 0, 255).astype(np.uint8)
    # OpenCV sums in float32 in the order of its tables; the detector's verdict on a face near its threshold
    # can turn on one grey level, so the order is kept: each source row across, then the rows down.
    flat = image.astype(np.float32).reshape(h, w, -1)
    across = np.zeros((h, width, flat.shape[2]), dtype=np.float32)
    for target, source, share in _area_table(w, width):
        across[:, target] = across[:, target] + flat[:, source] * share
    out = np.zeros((height, width, flat.shape[2]), dtype=np.float32)
    started = np.zeros(height, dtype=bool)
    for target, source, share in _area_table(h, height):
        out[target] = out[target] + across[source] * share if started[target] else across[source] * share
        started[target] = True
    return np.clip(np.rint(out), 0, 255).astype(np.uint8).reshape(height, width, *image.shape[2:])


def resize_area(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """``cv2.resize(grey, (width, height), interpolation=INTER_AREA)`` either way: a pixel-area mean when
    both axes shrink, else OpenCV's area-mode linear interpolation, rounded as its vector code rounds
    (exact for widths that are a multiple of 16, as the engine's 160)."""
    h, w = image.shape[:2]
    if width <= w and height <= h:
        return shrink_area(image, width, height)
    if image.ndim != 2:
        raise ValueError("resize_area enlarges grey images only")
    cols = _area_linear_taps(w, width)
    across = np.zeros((h, width), dtype=np.int64)
    for index, coef in cols:
        across += image[:, index].astype(np.int64) * coef
    total = np.zeros((height, width), dtype=np.int64)
    for index, coef in _area_linear_taps(h, height):
        # OpenCV's 8-bit vector path: each row drops 4 bits, then keeps the high half of a 16-bit product.
        total += ((across[index] >> 4) * coef[:, None]) >> 16
    return np.clip((total + 2) >> 2, 0, 255).astype(np.uint8)


def enlarge_cubic(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """``cv2.resize(image, (width, height), interpolation=INTER_CUBIC)`` for 8-bit images, in OpenCV's
    fixed point: 11-bit coefficients per axis, the sum rounded back by 22 bits."""
    h, w = image.shape[:2]
    rows, cols = _cubic_weights(h, height), _cubic_weights(w, width)
    # Every product and sum is a whole number far below 2**53: float64 holds them exactly, and its matrix
    # product is many times faster than an integer one.
    total = _separable(image, rows.astype(np.float64), cols.astype(np.float64)).astype(np.int64)
    out = (total + (1 << (2 * _COEF_BITS - 1))) >> (2 * _COEF_BITS)
    return np.clip(out, 0, 255).astype(np.uint8).reshape(height, width, *image.shape[2:])


def laplacian(image: np.ndarray) -> np.ndarray:
    """``cv2.Laplacian(image, CV_64F)`` (aperture 1: the 4-neighbour kernel, border mirrored without
    repeating the edge pixel)."""
    p = np.pad(image.astype(np.float64), 1, mode="reflect")
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4.0 * p[1:-1, 1:-1]


def _separable(image: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """rows (out_h × h) and cols (out_w × w) applied to an h × w (× channels) image, as float64."""
    h, w = image.shape[:2]
    flat = image.astype(np.float64).reshape(h, w, -1)
    down = (rows @ flat.reshape(h, -1)).reshape(rows.shape[0], w, -1)  # out_h × w × c
    # einsum may hand back a transposed layout, which every step after it would keep: dlib reads the
    # buffer as C-ordered rows, so the result is made C-ordered here.
    return np.ascontiguousarray(np.einsum("xw,ywc->yxc", cols, down, optimize=True))


def _area_table(source: int, target: int) -> list[tuple[int, int, np.float32]]:
    """(output pixel, source pixel, float32 share) in OpenCV's order, slivers under 1/1000 left out as it
    leaves them out (``computeResizeAreaTab``)."""
    scale = source / target
    table = []
    for d in range(target):
        start = d * scale
        end = start + scale
        cell = min(scale, source - start)
        first, last = math.ceil(start), min(math.floor(end), source - 1)
        first = min(first, last)
        if first - start > 1e-3:
            table.append((d, first - 1, np.float32((first - start) / cell)))
        table += [(d, s, np.float32(1.0 / cell)) for s in range(first, last)]
        if end - last > 1e-3:
            table.append((d, last, np.float32(min(min(end - last, 1.0), cell) / cell)))
    return table


def _area_linear_taps(source: int, target: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The two taps (source index, 11-bit coefficient) of each output pixel in OpenCV's area-mode linear
    enlargement."""
    scale, inverse = source / target, target / source
    first, second = np.zeros((2, target), dtype=np.int64), np.zeros((2, target), dtype=np.int64)
    for d in range(target):
        s = math.floor(d * scale)
        f = float(np.float32((d + 1) - (s + 1) * inverse))
        f = 0.0 if f <= 0 else f - math.floor(f)
        if s >= source - 1:
            s, f = source - 1, 0.0
        first[:, d] = s, _round_half_even(float(np.float32(1 - f)) * (1 << _COEF_BITS))
        second[:, d] = min(source - 1, s + 1), _round_half_even(float(np.float32(f)) * (1 << _COEF_BITS))
    return [(first[0], first[1]), (second[0], second[1])]


def _cubic_weights(source: int, target: int) -> np.ndarray:
    """target × source fixed-point bicubic coefficients, the border replicated (OpenCV's resize tables)."""
    scale = source / target
    weights = np.zeros((target, source), dtype=np.int64)
    for d in range(target):
        f = np.float32((d + 0.5) * scale - 0.5)
        s = math.floor(f)
        f = np.float32(f - np.float32(s))
        for k, c in enumerate(_cubic_coefficients(f)):
            weights[d, min(source - 1, max(0, s - 1 + k))] += _round_half_even(float(c) * (1 << _COEF_BITS))
    return weights


def _cubic_coefficients(x: np.float32) -> tuple[np.float32, ...]:
    a, one = _CUBIC_A, np.float32(1)
    c0 = ((a * (x + one) - 5 * a) * (x + one) + 8 * a) * (x + one) - 4 * a
    c1 = ((a + 2) * x - (a + 3)) * x * x + one
    c2 = ((a + 2) * (one - x) - (a + 3)) * (one - x) * (one - x) + one
    return c0, c1, c2, one - c0 - c1 - c2


def _round_half_even(value: float) -> int:
    return int(np.rint(value))
