"""The face engine's work on one image: find faces, measure quality, take landmarks, encode.

This runs inside the engine's worker process (:mod:`hardware.camera.faces`), never in the UI's process:
dlib holds the GIL for tens of milliseconds per call. It is an ordinary class so the worker and the tests
can both use it.

Detection runs on a downscaled copy (HOG cost grows with pixels); landmarks and the descriptor are taken
from the full-resolution face region, so downscaling never costs matching accuracy. The descriptor is the
expensive part (a ResNet pass, ~60 ms of a core against ~10 ms for everything else), so it is computed
only for a face that passed the quality gates, and a caller may ask to hear the landmarks first
(``on_landmarks``): liveness moves on while the descriptor is still being computed. A 102x126 card photo
is upsampled for detection, and when even that finds nothing the whole photo is taken as the face:
a card photo is a normalised, centred portrait.

The models are face_recognition's, loaded the way its ``api`` module loads them (HOG detector, 68-point
shape predictor, ResNet descriptor) but without importing it: it also loads a CNN detector and a 5-point
predictor that the engine never uses, and OpenCV is left out the same way (:mod:`image_ops`), so the
worker holds only what it needs.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hardware.camera.image_ops import enlarge_cubic, grey_from_rgb, laplacian, resize_area, rgb_from_bgr

from kiosk.identity.liveness import roll_degrees, yaw_ratio
from kiosk.identity.quality import FaceMeasures, QualityLimits, QualityReport, judge

# face_recognition's 68-point group names in landmark order (its own face_landmarks() uses these).
_GROUPS = (("chin", 0, 17), ("left_eyebrow", 17, 22), ("right_eyebrow", 22, 27), ("nose_bridge", 27, 31),
           ("nose_tip", 31, 36), ("left_eye", 36, 42), ("right_eye", 42, 48), ("top_lip", 48, 60),
           ("bottom_lip", 60, 68))


@dataclass(frozen=True)
class DetectSettings:
    #: Longest side of the copy that live frames are searched on (640x480 → 320x240).
    live_width: int = 320
    #: Longest side for still photos (CLI, evaluation); they may hold a smaller face in a larger scene.
    still_width: int = 480
    #: Card photos are enlarged to this height before the search.
    card_height: int = 252


@dataclass
class Analysis:
    """One image's result. ``encoding`` stays in memory: it is never logged or written."""

    quality: QualityReport
    box: tuple[int, int, int, int] | None = None  # top, right, bottom, left in the full image
    landmarks: dict[str, list[tuple[float, float]]] | None = None
    encoding: np.ndarray | None = field(default=None, repr=False)
    elapsed_ms: float = 0.0

    def __repr__(self) -> str:
        return f"Analysis({self.quality.reasons}, box={self.box}, encoded={self.encoding is not None})"


class FaceAnalyser:
    def __init__(self, limits: QualityLimits = QualityLimits(), detect: DetectSettings = DetectSettings()):
        # Imported here so that importing this module (tests, type checks) does not load dlib.
        import dlib

        models = _models_folder()
        self.limits = limits
        self.detect_settings = detect
        self._detector = dlib.get_frontal_face_detector()
        self._shape = dlib.shape_predictor(str(models / "shape_predictor_68_face_landmarks.dat"))
        self._encoder = dlib.face_recognition_model_v1(str(models / "dlib_face_recognition_resnet_model_v1.dat"))
        self._rect = dlib.rectangle

    # --- entry points -------------------------------------------------------------------------------
    def live_frame(self, bgr: np.ndarray, *, encode: bool, on_landmarks: Callable[[Analysis], None] | None = None
                   ) -> Analysis:
        return self._analyse(bgr, width=self.detect_settings.live_width, upsample=(0, 1), encode=encode,
                             on_landmarks=on_landmarks)

    def still(self, bgr: np.ndarray, *, encode: bool = True) -> Analysis:
        return self._analyse(bgr, width=self.detect_settings.still_width, upsample=(0, 1), encode=encode)

    def card(self, bgr: np.ndarray) -> Analysis:
        """The card photo: upsampled, pose and size not judged (the photo is what the card holds)."""
        t0 = time.perf_counter()
        rgb = _rgb(bgr)
        h, w = rgb.shape[:2]
        scale = self.detect_settings.card_height / h
        # dlib reads the buffer as C-ordered rows: a strided array must be copied first.
        big = np.ascontiguousarray(enlarge_cubic(rgb, round(w * scale), round(h * scale)))
        rects, scores = self._find(big, (0, 1))
        if rects:
            best = int(np.argmax(scores))
            r = rects[best]
            box = _clip((r.top() / scale, r.right() / scale, r.bottom() / scale, r.left() / scale), w, h)
        else:
            box = (int(h * 0.12), int(w * 0.92), int(h * 0.9), int(w * 0.08))
        counted = sum(1 for s in scores if s >= self.limits.second_face_min_score)
        # Always encoded: the card photo is what the card holds; a dim or soft one is still the reference.
        a = self._describe(rgb, box, faces=max(1, counted), encode=True, check_pose=False, check_size=False,
                           encode_unusable=True)
        a.elapsed_ms = (time.perf_counter() - t0) * 1000
        return a

    # --- the pipeline -------------------------------------------------------------------------------
    def _analyse(self, bgr: np.ndarray, *, width: int, upsample: tuple[int, ...], encode: bool,
                 on_landmarks: Callable[[Analysis], None] | None = None) -> Analysis:
        t0 = time.perf_counter()
        rgb = _rgb(bgr)
        h, w = rgb.shape[:2]
        scale = min(1.0, width / max(h, w))
        small = rgb if scale == 1.0 else np.ascontiguousarray(resize_area(rgb, round(w * scale), round(h * scale)))
        rects, scores = self._find(small, upsample)
        if not rects:
            a = Analysis(judge(FaceMeasures(faces=0), self.limits))
        else:
            counted = sum(1 for s in scores if s >= self.limits.second_face_min_score)
            r = rects[int(np.argmax(scores))]
            box = (r.top() / scale, r.right() / scale, r.bottom() / scale, r.left() / scale)
            cut = box[0] < 0 or box[3] < 0 or box[1] > w or box[2] > h
            a = self._describe(rgb, _clip(box, w, h), faces=max(1, counted), encode=encode, cut=cut,
                               on_landmarks=on_landmarks)
        a.elapsed_ms = (time.perf_counter() - t0) * 1000
        return a

    def _find(self, rgb: np.ndarray, upsample: tuple[int, ...]) -> tuple[list, list[float]]:
        """Faces with a positive detector score; upsampling only if the cheaper pass found none."""
        for up in upsample:
            rects, scores, _ = self._detector.run(rgb, up, 0.0)
            if len(rects):
                return list(rects), list(scores)
        return [], []

    def _describe(self, rgb: np.ndarray, box: tuple[int, int, int, int], *, faces: int, encode: bool,
                  cut: bool = False, check_pose: bool = True, check_size: bool = True,
                  encode_unusable: bool = False, on_landmarks: Callable[[Analysis], None] | None = None
                  ) -> Analysis:
        top, right, bottom, left = box
        h, w = rgb.shape[:2]
        # The full-resolution region around the face, with a margin for the aligner's 68 points.
        m = (bottom - top) // 2
        y0, y1, x0, x1 = max(0, top - m), min(h, bottom + m), max(0, left - m), min(w, right + m)
        crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
        rect = self._rect(left - x0, top - y0, right - x0, bottom - y0)
        shape = self._shape(crop, rect)
        points = [(p.x + x0, p.y + y0) for p in shape.parts()]
        landmarks = {name: [(float(x), float(y)) for x, y in points[a:b]] for name, a, b in _GROUPS}
        outside = any(x < 0 or y < 0 or x >= w or y >= h for x, y in points)
        gray = grey_from_rgb(rgb[top:bottom, left:right])
        measures = FaceMeasures(faces=faces, face_px=float(right - left), brightness=float(gray.mean()),
                                sharpness=_sharpness(gray), yaw=yaw_ratio(landmarks),
                                roll_deg=roll_degrees(landmarks), cut_by_edge=cut or outside)
        quality = judge(measures, self.limits, check_pose=check_pose, check_size=check_size)
        if not (encode and faces == 1 and (quality.ok or encode_unusable)):
            return Analysis(quality, box, landmarks)
        if on_landmarks is not None:
            on_landmarks(Analysis(quality, box, landmarks))
        encoding = np.asarray(self._encoder.compute_face_descriptor(crop, shape, 1), dtype=np.float64)
        return Analysis(quality, box, landmarks, encoding)


def _rgb(bgr: np.ndarray) -> np.ndarray:
    # dlib needs a contiguous RGB array: a [:, :, ::-1] view raises a TypeError in the encoder.
    return rgb_from_bgr(bgr)


def _models_folder() -> Path:
    """face_recognition_models' folder, found without importing the package (its __init__ imports
    pkg_resources, tens of milliseconds and megabytes for four file names)."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("face_recognition_models is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _clip(box: tuple[float, float, float, float], w: int, h: int) -> tuple[int, int, int, int]:
    top, right, bottom, left = box
    return (max(0, round(top)), min(w, round(right)), min(h, round(bottom)), max(0, round(left)))


def _sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian on the face scaled to 160 px wide and to a fixed contrast (grey standard
    deviation 50), so near and far, dim and bright faces compare: darkness is its own gate."""
    if gray.size == 0:
        return 0.0
    scale = 160 / gray.shape[1]
    g = resize_area(gray, 160, max(1, round(gray.shape[0] * scale))).astype(np.float64)
    std = g.std()
    if std < 1e-6:
        return 0.0
    return float(laplacian((g - g.mean()) * (50.0 / std)).var())
