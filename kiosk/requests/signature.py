"""A handwritten signature captured as strokes on the touchscreen (告知承诺制 commitments).

Strokes are kept, not a picture: they are small, they replay at any size on paper, and their timing shows
a hand drew them. A stroke is a list of ``(x, y, t_ms)`` points in the pad's own coordinates.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from kiosk.requests.errors import RequestInvalid

Point = tuple[float, float, int]

#: Below this much ink a "signature" is a tap or a slip of the finger.
MIN_INK_LENGTH = 40.0
MIN_POINTS = 5


@dataclass(frozen=True)
class Signature:
    strokes: tuple[tuple[Point, ...], ...]
    width: int
    height: int

    @classmethod
    def from_strokes(cls, strokes: list[list[Point]] | tuple[Any, ...], width: int, height: int) -> Signature:
        clean = tuple(tuple((float(x), float(y), int(t)) for x, y, t in stroke) for stroke in strokes if stroke)
        return cls(clean, int(width), int(height))

    def ink_length(self) -> float:
        total = 0.0
        for stroke in self.strokes:
            for (x0, y0, _), (x1, y1, _) in zip(stroke, stroke[1:]):
                total += math.hypot(x1 - x0, y1 - y0)
        return total

    def point_count(self) -> int:
        return sum(len(s) for s in self.strokes)

    def check(self) -> None:
        if self.point_count() < MIN_POINTS or self.ink_length() < MIN_INK_LENGTH:
            raise RequestInvalid("the signature is too short; please sign with your name",
                                 detail={"points": self.point_count(), "ink": round(self.ink_length(), 1)})

    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height,
                "strokes": [[list(p) for p in stroke] for stroke in self.strokes]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Signature:
        return cls.from_strokes(d.get("strokes", []), d.get("width", 0), d.get("height", 0))

    def digest(self) -> str:
        body = json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True).encode()
        return hashlib.sha256(body).hexdigest()

    def to_svg_path(self) -> str:
        """The strokes as one SVG path (for printing the commitment on paper)."""
        parts = []
        for stroke in self.strokes:
            head, *tail = stroke
            parts.append(f"M{head[0]:.0f} {head[1]:.0f}" + "".join(f" L{x:.0f} {y:.0f}" for x, y, _ in tail))
        return " ".join(parts)
