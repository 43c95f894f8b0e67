"""The face-match policy: the distance threshold, how many frames must agree, what a verdict records.

Threshold. face_recognition's default of 0.6 is the point its authors tuned for "same person" on
LFW-style web photos; for a card photo it is loose. ``kiosk face evaluate --faces ../shared/data/faces``
(card-size 102x126 crops against the other photos and their dark, blurred and heavy-JPEG copies; the
engine here aligns with the 68-point model) measured on the shared photos:

- genuine pairs (53 compared after the quality gates): 0.34-0.45, median 0.39, p95 0.44;
- impostor pairs (109): 0.75-0.92, median 0.84, p05 0.76;
- 6 blurred copies were refused by the sharpness gate, not compared.

Any value in the gap gives FMR 0 and FNMR 0 on this set. 0.50 is chosen, not the gap's middle (0.60):
a false non-match only costs the resident another frame or the agent's path, a false match opens
someone else's archives, and real cameras, ageing card photos and relatives are harder than three
press portraits; 0.50 still leaves the worst genuine pair 0.05 of room. The sample is small (three
people): re-measure with the district's own consented test set before changing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

#: See the module docstring for how this was measured.
DEFAULT_THRESHOLD = 0.50


@dataclass(frozen=True)
class MatchPolicy:
    threshold: float = DEFAULT_THRESHOLD
    #: Consecutive usable frames that must all fall on the same side of the threshold. One frame can be
    #: lucky (a half-turned impostor at 0.49); three in a row of the same continuous face are not.
    frames_to_agree: int = 3
    #: Usable frames after which an attempt without agreement ends as "no match".
    max_frames: int = 12
    #: Seconds one attempt may take (no usable face, a photo that never blinks ...).
    attempt_timeout_s: float = 15.0
    #: Attempts before the non-face path (the session counts them; this is the configured figure).
    max_attempts: int = 3


def face_distance(a: Sequence[float], b: Sequence[float]) -> float:
    """Euclidean distance of two 128-value face descriptors."""
    return float(sum((float(x) - float(y)) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


@dataclass(frozen=True)
class MatchDecision:
    matched: bool
    #: Median distance over the agreeing frames, rounded: what the audit log may keep.
    distance: float
    frames: int
    reason: str  # "agreed", "no_agreement", "timeout"


@dataclass
class MatchTracker:
    """Collects one attempt's per-frame distances and decides once enough consecutive frames agree.

    An unusable frame (no face, two faces, blurred ...) breaks the run: agreement must come from one
    continuous view of one face.
    """

    policy: MatchPolicy = field(default_factory=MatchPolicy)
    distances: list[float] = field(default_factory=list)
    _run: list[float] = field(default_factory=list)

    def unusable(self) -> None:
        self._run.clear()

    def add(self, distance: float) -> MatchDecision | None:
        distance = float(distance)
        self.distances.append(distance)
        below = distance < self.policy.threshold
        if self._run and (self._run[-1] < self.policy.threshold) != below:
            self._run.clear()
        self._run.append(distance)
        if len(self._run) >= self.policy.frames_to_agree:
            return MatchDecision(below, round(median(self._run), 3), len(self.distances), "agreed")
        if len(self.distances) >= self.policy.max_frames:
            return self.give_up("no_agreement")
        return None

    def give_up(self, reason: str) -> MatchDecision:
        d = round(median(self.distances), 3) if self.distances else float("nan")
        return MatchDecision(False, d, len(self.distances), reason)

    @property
    def agreeing(self) -> int:
        return len(self._run)


@dataclass(frozen=True)
class FaceVerdict:
    """One attempt's outcome: identity and liveness. Plain values only, safe to log and audit."""

    matched: bool
    live: bool
    distance: float
    threshold: float
    reason: str
    liveness: dict[str, Any] = field(default_factory=dict)
    quality_reasons: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        return self.matched and self.live

    def audit_detail(self) -> dict[str, Any]:
        """What the audit log keeps: the decision, the rounded distance, the reasons. Never an image or
        a descriptor."""
        detail: dict[str, Any] = {"decision": "verified" if self.verified else "rejected",
                                  "matched": self.matched, "live": self.live, "reason": self.reason,
                                  "threshold": self.threshold, "liveness": dict(self.liveness),
                                  "quality_reasons": list(self.quality_reasons)}
        if self.distance == self.distance:  # not NaN
            detail["distance"] = round(self.distance, 2)
        return detail

    def summary(self) -> str:
        d = f"{self.distance:.2f}" if self.distance == self.distance else "-"
        return f"{'verified' if self.verified else 'rejected'}: {self.reason}, distance {d}"
