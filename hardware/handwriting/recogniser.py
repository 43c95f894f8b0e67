"""What any handwriting recogniser offers the pad, and the one error it raises when it cannot work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.errors import DeviceError

#: One stroke: the points a finger passed through, from touching down to lifting, in canvas pixels.
Stroke = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Candidate:
    character: str
    #: The recogniser's own confidence; only its order matters (higher is likelier).
    score: float


class HandwritingUnavailable(DeviceError):
    """The recognition library or its model is missing or unreadable: the pad says so, the keyboard stays."""

    code = "HANDWRITING_UNAVAILABLE"
    message_key = "error.handwriting.unavailable"
    device = "handwriting"


class Recogniser(Protocol):
    def classify(self, strokes: Sequence[Stroke], width: int, height: int, limit: int = 10) -> list[Candidate]:
        """The likeliest characters for ``strokes`` drawn on a ``width`` × ``height`` canvas, best first."""
        ...

    def close(self) -> None:
        ...
