"""Image helpers for evaluation and demo material: a card-size crop of a portrait, degraded copies.

All in memory; the callers decide what (public-domain test material only) may be saved.
"""

from __future__ import annotations

import cv2
import numpy as np

#: A second-generation ID card photo is 102 x 126 pixels.
CARD_SIZE = (102, 126)


def card_crop(image_bgr: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Crop a head-and-shoulders portrait around a face box and scale it to card size.

    The card photo shows the face at about 60 % of the photo's width, a little above centre.
    """
    top, right, bottom, left = box
    fw = right - left
    cx, cy = (left + right) / 2, (top + bottom) / 2 + 0.05 * (bottom - top)
    w = fw / 0.6
    h = w * CARD_SIZE[1] / CARD_SIZE[0]
    x0, y0 = round(cx - w / 2), round(cy - h / 2)
    x1, y1 = round(cx + w / 2), round(cy + h / 2)
    ih, iw = image_bgr.shape[:2]
    # Pad with the border colour when the portrait reaches past the picture (a tight press photo).
    pad = max(0, -x0, -y0, x1 - iw, y1 - ih)
    src = cv2.copyMakeBorder(image_bgr, pad, pad, pad, pad, cv2.BORDER_REPLICATE) if pad else image_bgr
    crop = src[y0 + pad:y1 + pad, x0 + pad:x1 + pad]
    return cv2.resize(crop, CARD_SIZE, interpolation=cv2.INTER_AREA)


def darkened(image_bgr: np.ndarray, factor: float = 0.5) -> np.ndarray:
    return np.clip(image_bgr.astype(np.float32) * factor, 0, 255).astype(np.uint8)


def blurred(image_bgr: np.ndarray, face_px: float, sigma_at_160: float = 0.8) -> np.ndarray:
    """Gaussian blur scaled to the face size, so every photo loses the same share of detail."""
    sigma = max(0.3, sigma_at_160 * face_px / 160)
    return cv2.GaussianBlur(image_bgr, (0, 0), sigma)


def jpeg_heavy(image_bgr: np.ndarray, quality: int = 10) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image_bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


DEGRADATIONS = ("dark", "blurred", "jpeg10")


def degrade(image_bgr: np.ndarray, kind: str, face_px: float) -> np.ndarray:
    if kind == "dark":
        return darkened(image_bgr)
    if kind == "blurred":
        return blurred(image_bgr, face_px)
    if kind == "jpeg10":
        return jpeg_heavy(image_bgr)
    raise ValueError(f"unknown degradation {kind!r}")
