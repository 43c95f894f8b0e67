"""Decoding pictures and moving them about with Pillow, for the parts of the camera code that run in the
kiosk's own process.

OpenCV costs the kiosk's process some 35 MB resident once imported; the simulated camera and the card
photo need only a decoder and one affine warp, which Pillow does with the same libjpeg-turbo (a demo
JPEG decodes to the same pixels either way). OpenCV stays where it is needed: a real camera or a video
file (:class:`hardware.camera.capture.OpenCvSource`) and the QR scanner.
"""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError


def decode_bgr(data: bytes | bytearray | memoryview) -> np.ndarray | None:
    """Encoded image bytes (PNG, JPEG, BMP ...) → a BGR array as OpenCV's ``imdecode`` gives it (EXIF
    orientation applied), or None when the bytes are not a picture."""
    if not len(data):
        return None
    try:
        with Image.open(io.BytesIO(bytes(data))) as image:
            rgb = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])


def read_bgr(path: str) -> np.ndarray | None:
    try:
        with open(path, "rb") as f:
            return decode_bgr(f.read())
    except OSError:
        return None


def resized(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of a BGR array to (width, height)."""
    return np.asarray(Image.fromarray(image).resize(size, Image.Resampling.BILINEAR))


def tilted(image: np.ndarray, angle_deg: float, scale: float, shift: tuple[float, float]) -> np.ndarray:
    """The picture turned by ``angle_deg`` (counter-clockwise, about its centre), scaled and shifted, its
    edge pixels repeated where the turn uncovers the frame (OpenCV's getRotationMatrix2D + warpAffine with
    a replicated border)."""
    h, w = image.shape[:2]
    margin = math.ceil(0.5 * math.hypot(w, h) * abs(1 - 1 / scale + math.radians(abs(angle_deg)))) + \
        math.ceil(max(abs(shift[0]), abs(shift[1]))) + 2
    padded = np.pad(image, ((margin, margin), (margin, margin), (0, 0)), mode="edge")
    # Pillow wants the map from output to input: the inverse of rotate-scale-shift about the centre.
    a = math.radians(angle_deg)
    cos, sin = math.cos(a) / scale, math.sin(a) / scale
    cx, cy = w / 2, h / 2
    ox, oy = cx + shift[0], cy + shift[1]
    coefficients = (cos, -sin, cx + margin - cos * ox + sin * oy,
                    sin, cos, cy + margin - sin * ox - cos * oy)
    out = Image.fromarray(padded).transform((w, h), Image.Transform.AFFINE, coefficients,
                                            resample=Image.Resampling.BILINEAR)
    return np.asarray(out)
