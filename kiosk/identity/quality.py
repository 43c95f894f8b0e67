"""Whether a face image is good enough to compare: the gates, their limits and their stable reason codes.

The camera layer measures (face size, brightness, sharpness, pose, whether the face is cut by the frame
edge); this module judges the measures. Keeping the judgement here keeps the limits with the rest of the
identity policy and testable without a camera or a face engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.errors import FaceQualityError

#: Stable reason codes, shown by the UI (``error.face.<code>``), written to the audit log and used by the CLI.
NO_FACE = "FACE_NO_FACE"
MULTIPLE = "FACE_MULTIPLE"
TOO_SMALL = "FACE_TOO_SMALL"
PARTIAL = "FACE_PARTIAL"
TOO_DARK = "FACE_TOO_DARK"
TOO_BRIGHT = "FACE_TOO_BRIGHT"
BLURRED = "FACE_BLURRED"
NOT_FRONTAL = "FACE_NOT_FRONTAL"

MESSAGES = {
    NO_FACE: "no face found in the image",
    MULTIPLE: "more than one face in the image",
    TOO_SMALL: "the face is too small (too far from the camera or too low a resolution)",
    PARTIAL: "the face is cut off by the edge of the image",
    TOO_DARK: "the face is too dark",
    TOO_BRIGHT: "the face is too bright",
    BLURRED: "the face is blurred",
    NOT_FRONTAL: "the face is not looking straight at the camera",
}


@dataclass(frozen=True)
class QualityLimits:
    """Limits a face must meet before it is compared.

    The figures were set from the shared test photos: sharp portraits measure a sharpness of 170-840
    (normalised to a 160 px face width and a fixed contrast), a Gaussian blur of sigma 2 at that scale
    brings them to 11-51; their faces have a mean grey of 110-170, copies darkened to 30 % fall to 35-50.
    """

    #: Face box width in pixels of the full-resolution image. The encoder works on a 150 px chip;
    #: below ~80 px it is upscaling noise and distances spread.
    min_face_px: int = 80
    min_brightness: float = 55.0
    max_brightness: float = 215.0
    #: Variance of the Laplacian of the face, normalised to a 160 px wide grey crop.
    min_sharpness: float = 60.0
    #: |sideways nose position in jaw widths| (``kiosk.identity.liveness.yaw_ratio``): 0 is frontal; the
    #: shared press photos, which people accept as "looking at the camera", reach 0.20.
    max_yaw: float = 0.25
    #: Eye-line tilt in degrees.
    max_roll_deg: float = 20.0
    #: Faces scoring below this in the detector are not counted as a second face (badges, patterns).
    second_face_min_score: float = 0.3


@dataclass(frozen=True)
class FaceMeasures:
    """What the camera layer measured on one face. Plain numbers: no pixels."""

    faces: int
    face_px: float = 0.0
    brightness: float = 0.0
    sharpness: float = 0.0
    yaw: float = 0.0
    roll_deg: float = 0.0
    cut_by_edge: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"faces": self.faces, "face_px": round(self.face_px), "brightness": round(self.brightness, 1),
                "sharpness": round(self.sharpness, 1), "yaw": round(self.yaw, 3), "roll_deg": round(self.roll_deg, 1),
                "cut_by_edge": self.cut_by_edge}


@dataclass(frozen=True)
class QualityReport:
    reasons: tuple[str, ...]
    measures: FaceMeasures

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def first_reason(self) -> str | None:
        return self.reasons[0] if self.reasons else None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "reasons": list(self.reasons), **self.measures.to_dict()}

    def as_error(self) -> FaceQualityError:
        code = self.first_reason or NO_FACE
        return FaceQualityError(MESSAGES[code], code=code, detail={"reasons": list(self.reasons)})


def judge(m: FaceMeasures, limits: QualityLimits, *, check_pose: bool = True, check_size: bool = True
          ) -> QualityReport:
    """All the reasons this face is unusable, most fundamental first (the UI shows the first)."""
    if m.faces == 0:
        return QualityReport((NO_FACE,), m)
    if m.faces > 1:
        return QualityReport((MULTIPLE,), m)
    reasons: list[str] = []
    if m.cut_by_edge:
        reasons.append(PARTIAL)
    if check_size and m.face_px < limits.min_face_px:
        reasons.append(TOO_SMALL)
    if m.brightness < limits.min_brightness:
        reasons.append(TOO_DARK)
    elif m.brightness > limits.max_brightness:
        reasons.append(TOO_BRIGHT)
    if m.sharpness < limits.min_sharpness:
        reasons.append(BLURRED)
    if check_pose and (abs(m.yaw) > limits.max_yaw or abs(m.roll_deg) > limits.max_roll_deg):
        reasons.append(NOT_FRONTAL)
    return QualityReport(tuple(reasons), m)
