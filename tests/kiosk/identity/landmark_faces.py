"""Synthetic 68-point landmark sets (face_recognition's group names) for liveness tests.

A face 100 units wide: jaw from x=0 to x=100, eyes 20 wide centred at x=30 and x=70, the nose tip at
x = 50 + 100 * ``turn``. ``eye_open`` is the eye aspect ratio. Plain numbers, as the camera layer delivers.
"""

from __future__ import annotations

import math

Points = list[tuple[float, float]]


def face(eye_open: float = 0.3, turn: float = 0.0) -> dict[str, Points]:
    def eye(cx: float) -> Points:
        h = eye_open * 20
        return [(cx - 10, 40), (cx - 4, 40 - h / 2), (cx + 4, 40 - h / 2), (cx + 10, 40), (cx + 4, 40 + h / 2),
                (cx - 4, 40 + h / 2)]

    nose_x = 50 + 100 * turn
    chin = [(50 - 50 * math.cos(math.pi * i / 16), 30 + 60 * math.sin(math.pi * i / 16)) for i in range(17)]
    return {
        "chin": chin,
        "left_eyebrow": [(20 + 5 * i, 30) for i in range(5)],
        "right_eyebrow": [(60 + 5 * i, 30) for i in range(5)],
        "nose_bridge": [(50 + (nose_x - 50) * i / 3, 40 + 7 * i) for i in range(4)],
        "nose_tip": [(nose_x - 8 + 4 * i, 65) for i in range(5)],
        "left_eye": eye(30),
        "right_eye": eye(70),
        "top_lip": [(35 + 30 * i / 11, 75) for i in range(12)],
        "bottom_lip": [(35 + 30 * i / 7, 80) for i in range(8)],
    }


def moved(lm: dict[str, Points], *, dx: float = 0, dy: float = 0, scale: float = 1.0, angle_deg: float = 0.0,
          squeeze_x: float = 1.0) -> dict[str, Points]:
    """The same landmarks under an affine map: a photo moved, scaled, tilted or turned about its vertical
    axis (``squeeze_x`` < 1) in front of the camera."""
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)

    def f(p: tuple[float, float]) -> tuple[float, float]:
        x, y = (p[0] - 50) * squeeze_x, p[1] - 50
        return (scale * (ca * x - sa * y) + 50 + dx, scale * (sa * x + ca * y) + 50 + dy)

    return {k: [f(p) for p in v] for k, v in lm.items()}
