"""Liveness: a random challenge (blink, turn the head left or right) judged from facial landmarks.

A photo held up to the camera keeps its eye shape and the position of its nose between the jaw edges,
however it is moved, tilted or turned: moving a flat picture changes the image by (nearly) an affine map,
which keeps ratios along a line. A live face changes both when the person blinks or turns. So the judge
compares each frame with the *person's own* baseline taken from the first steady frames, never with a
fixed eye-aspect-ratio figure (open eyes measure anything from ~0.21 to ~0.35 between people).

Landmarks are plain numbers: a mapping from the 68-point group names (``chin``, ``left_eye``,
``right_eye``, ``nose_bridge``, ...) to lists of ``(x, y)`` in image pixels, as the camera layer delivers
them. The image is the camera's own (not mirrored): the resident's left is on the image's right.

What this does not catch: a video of the person replayed on a screen that happens to show the requested
movement, or a 3-D mask. The random choice of challenge makes a prepared video harder, not impossible.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from statistics import median

Point = tuple[float, float]
Landmarks = Mapping[str, Sequence[Point]]


class Challenge(str, Enum):
    BLINK = "blink"
    #: The resident turns the head to their own left.
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


class LivenessStatus(str, Enum):
    BASELINE = "baseline"  # learning the person's own open-eye, frontal look
    CHALLENGE = "challenge"  # the challenge is shown; waiting for the movement
    PASSED = "passed"
    FAILED = "failed"


def choose_challenge(rng: random.Random) -> Challenge:
    """The rng is handed in: ``random.SystemRandom()`` at the kiosk, a seeded one in tests."""
    return rng.choice(list(Challenge))


def _dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def eye_aspect_ratio(eye: Sequence[Point]) -> float:
    """Soukupová & Čech's EAR over the six eye points: lid opening relative to eye width."""
    p1, p2, p3, p4, p5, p6 = eye[:6]
    width = _dist(p1, p4)
    if width <= 0:
        return 0.0
    return (_dist(p2, p6) + _dist(p3, p5)) / (2.0 * width)


def eyes_ratio(lm: Landmarks) -> float:
    return (eye_aspect_ratio(lm["left_eye"]) + eye_aspect_ratio(lm["right_eye"])) / 2.0


def yaw_ratio(lm: Landmarks) -> float:
    """How far the nose tip sits to the side, in jaw widths: 0 frontal, > 0 turned to the resident's left
    (nose towards the image's right), < 0 to their right.

    Measured in the face's own affine frame (origin between the jaw edges, one axis to the jaw edge,
    one to the chin), not along the image's x axis: the coefficient is unchanged by any affine map, so a
    photo that is moved, scaled, tilted or turned in the hand keeps its value, while a real head turn
    moves the protruding nose further than the jaw outline and the chin.
    """
    chin = lm["chin"]
    (x0, y0), (x1, y1) = chin[0], chin[-1]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    lx, ly = x1 - x0, y1 - y0
    cx, cy = chin[len(chin) // 2][0] - mx, chin[len(chin) // 2][1] - my
    nx, ny = lm["nose_bridge"][-1][0] - mx, lm["nose_bridge"][-1][1] - my
    det = lx * cy - ly * cx
    if abs(det) < 1e-9:
        return 0.0
    # Solve n = a*l + b*c for a (Cramer's rule).
    return (nx * cy - ny * cx) / det


def roll_degrees(lm: Landmarks) -> float:
    """Tilt of the line between the eye centres."""
    (lx, ly), (rx, ry) = (_centre(lm["left_eye"]), _centre(lm["right_eye"]))
    return math.degrees(math.atan2(ry - ly, rx - lx))


def _centre(points: Sequence[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


@dataclass(frozen=True)
class LivenessSettings:
    #: Steady frontal open-eye frames that make the person's baseline.
    baseline_frames: int = 3
    #: The baseline frames' eye ratios may differ by at most this share of their median.
    baseline_spread: float = 0.2
    #: A frame counts as "eyes closed" at this share of the person's own open-eye ratio or less ...
    closed_share: float = 0.7
    #: ... and as "open again" from this share on. A blink is closed followed by open.
    reopened_share: float = 0.85
    #: A head turn moves the nose this far (share of the jaw width) from the person's own frontal position.
    turn_delta: float = 0.08
    #: Baseline yaw must be near frontal for the turn to be measured from a sensible start.
    baseline_max_yaw: float = 0.25
    #: Seconds from showing the challenge until a still face fails it.
    timeout_s: float = 6.0
    #: A frame whose nose sits further than this (jaw widths) from the person's own baseline, the way a turn
    #: challenge asked, is not compared with the (frontal) card photo: the demo faces turned as asked
    #: measured 0.47-0.59 against their cards, frontal 0.25-0.45, so a turn could end in "no match".
    compare_max_turn: float = 0.04


@dataclass
class LivenessJudge:
    """Fed one frame's landmarks at a time (with the frame's time in seconds); reports its status."""

    challenge: Challenge
    settings: LivenessSettings = field(default_factory=LivenessSettings)
    status: LivenessStatus = LivenessStatus.BASELINE
    baseline_eyes: float | None = None
    baseline_yaw: float | None = None
    _window: list[tuple[float, float]] = field(default_factory=list)
    _challenge_since: float | None = None
    _closed_seen: bool = False
    #: The strongest movement seen, as shares of the baseline (for the audit log: plain rounded numbers).
    min_eye_share: float = 1.0
    max_turn: float = 0.0

    def feed(self, lm: Landmarks | None, t: float) -> LivenessStatus:
        if self.status in (LivenessStatus.PASSED, LivenessStatus.FAILED):
            return self.status
        if self.status is LivenessStatus.CHALLENGE and self._challenge_since is not None \
                and t - self._challenge_since > self.settings.timeout_s:
            self.status = LivenessStatus.FAILED
            return self.status
        if lm is None:
            return self.status
        eyes, yaw = eyes_ratio(lm), yaw_ratio(lm)
        if self.status is LivenessStatus.BASELINE:
            self._learn(eyes, yaw, t)
        else:
            self._watch(eyes, yaw)
        return self.status

    def _learn(self, eyes: float, yaw: float, t: float) -> None:
        s = self.settings
        if abs(yaw) > s.baseline_max_yaw:
            self._window.clear()
            return
        self._window.append((eyes, yaw))
        self._window = self._window[-s.baseline_frames:]
        if len(self._window) < s.baseline_frames:
            return
        ratios = [e for e, _ in self._window]
        mid = median(ratios)
        if mid <= 0 or (max(ratios) - min(ratios)) / mid > s.baseline_spread:
            return  # eyes not steady yet (a blink during the baseline): keep sliding
        self.baseline_eyes = mid
        self.baseline_yaw = median(y for _, y in self._window)
        self.status = LivenessStatus.CHALLENGE
        self._challenge_since = t

    def _watch(self, eyes: float, yaw: float) -> None:
        s = self.settings
        assert self.baseline_eyes is not None and self.baseline_yaw is not None
        if self.challenge is Challenge.BLINK:
            share = eyes / self.baseline_eyes
            self.min_eye_share = min(self.min_eye_share, share)
            if share <= s.closed_share:
                self._closed_seen = True
            elif self._closed_seen and share >= s.reopened_share:
                self.status = LivenessStatus.PASSED
            return
        turn = yaw - self.baseline_yaw
        if self.challenge is Challenge.TURN_RIGHT:
            turn = -turn
        self.max_turn = max(self.max_turn, turn)
        if turn >= s.turn_delta:
            self.status = LivenessStatus.PASSED

    def turned_away(self, lm: Landmarks | None) -> bool:
        """Whether these landmarks show the head still turned the way a turn challenge asked, measured from
        the person's own baseline. Only that: a head that was a little sideways for the baseline and then
        looks straight at the camera is not "turned" (the quality gate judges plain frontality)."""
        if lm is None or self.baseline_yaw is None or self.challenge is Challenge.BLINK:
            return False
        turn = yaw_ratio(lm) - self.baseline_yaw
        if self.challenge is Challenge.TURN_RIGHT:
            turn = -turn
        return turn > self.settings.compare_max_turn

    def evidence(self) -> dict[str, float | str]:
        """Rounded figures only: enough to explain a decision, nothing to rebuild a face from."""
        out: dict[str, float | str] = {"challenge": self.challenge.value, "status": self.status.value}
        if self.challenge is Challenge.BLINK:
            out["min_eye_share"] = round(self.min_eye_share, 2)
        else:
            out["max_turn"] = round(self.max_turn, 3)
        return out
