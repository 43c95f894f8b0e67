"""Builds the demo faces in ``assets/demo/faces`` from the public-domain test photos.

    python -m hardware.camera.demo_material ../shared/data/faces assets/demo/faces

For each demo resident: the card photo (102x126, ``<stem>_card.png``) and four 640x480 camera frames for
the simulated camera: eyes open (``<stem>_open.jpg``), eyes closed (``_closed``), head turned to the
resident's left and right (``_left``, ``_right``).

The closed eyes and the turns are synthesised, not filmed: the eye opening is painted over with the
eyelid skin just above it, and a turn is a smooth horizontal warp that moves nose, eyes and mouth
sideways inside a fixed face outline. They are good enough for the real landmark detector to measure
a blink or a turn, which is what the simulator has to prove: that the pipeline from pixels through the
worker's landmarks to the liveness judge tells a performed movement from none. They prove nothing about
spoofing with printed photos or screens; the judge's invariance argument (``kiosk.identity.liveness``)
and tests on real cameras have to.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from hardware.camera.face_analysis import FaceAnalyser
from hardware.camera.image_tools import card_crop
from kiosk.identity.liveness import eyes_ratio, yaw_ratio

FRAME = (640, 480)
#: Face width in the simulated 640x480 frame: a resident about 60 cm from a kiosk camera.
FACE_PX = 190
_JPEG = [cv2.IMWRITE_JPEG_QUALITY, 88]


@dataclass(frozen=True)
class DemoPerson:
    stem: str
    card_photo: str
    live_photo: str
    #: Mirror the live photo: the only Collins portrait serves as card and live image, and a mirrored
    #: copy at another scale is at least a different picture.
    mirror: bool = False


PEOPLE = (
    DemoPerson("ouyang_xiuying", "collins_1.jpg", "collins_1.jpg", mirror=True),
    DemoPerson("zhang_jianguo", "obama_3.jpg", "obama_480p.jpg"),
    DemoPerson("li_na", "biden_1.jpg", "biden_2.jpg"),
)


def camera_frame(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """A 640x480 frame with the face at :data:`FACE_PX`, slightly above centre, like a kiosk camera's."""
    top, right, bottom, left = box
    scale = FACE_PX / (right - left)
    w, h = FRAME[0] / scale, FRAME[1] / scale
    cx, cy = (left + right) / 2, (top + bottom) / 2 + 0.1 * h
    m = np.float32([[scale, 0, -(cx - w / 2) * scale], [0, scale, -(cy - h / 2) * scale]])
    return cv2.warpAffine(image, m, FRAME, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def closed_eyes(frame: np.ndarray, landmarks: dict[str, list[tuple[float, float]]], *, lid_from: float = -0.45,
                lash: str = "lower") -> np.ndarray:
    """Paint closed lids over both eyes.

    ``lid_from``: where the lid skin is taken, in eye widths (negative: from under the eye; the skin
    above it may hold the eyebrow). ``lash``: the lash line along the ``lower`` lid or ``straight``.
    """
    out = frame.copy()
    for name in ("left_eye", "right_eye"):
        eye = np.array(landmarks[name], dtype=np.float32)
        x0, y0 = eye.min(axis=0)
        x1, y1 = eye.max(axis=0)
        ew, eh = x1 - x0, max(y1 - y0, 2.0)
        mask = np.zeros(frame.shape[:2], np.float32)
        centre = (round(float(x0 + x1) / 2), round(float(y0 + y1) / 2))
        cv2.ellipse(mask, centre, (round(ew * 0.7), round(max(eh * 1.5, ew * 0.3))), 0, 0, 360, 1.0, -1)
        mask = cv2.GaussianBlur(mask, (0, 0), ew * 0.08)[..., None]
        dy = lid_from * ew
        lid = cv2.warpAffine(frame, np.float32([[1, 0, 0], [0, 1, -dy]]), (frame.shape[1], frame.shape[0]),
                             borderMode=cv2.BORDER_REPLICATE)
        out = (out * (1 - mask) + lid * mask).astype(np.uint8)
        if lash == "lower":
            line = eye[[0, 5, 4, 3]] + np.float32([0, eh * 0.2])
        else:
            ts = np.linspace(0, 1, 9, dtype=np.float32)[:, None]
            line = eye[0] * (1 - ts) + eye[3] * ts + np.float32([0, 1]) * (eh * 0.35 * np.sin(np.pi * ts))
        cv2.polylines(out, [line.round().astype(np.int32)], False, (40, 35, 35), 2, cv2.LINE_AA)
    return out


def most_closed(analyser: FaceAnalyser, frame: np.ndarray, landmarks: dict[str, list[tuple[float, float]]]
                ) -> np.ndarray:
    """Try a few lid paintings and keep the one the real landmark model reads as the most closed."""
    best, best_ratio = frame, eyes_ratio(landmarks)
    for lid_from in (-0.6, -0.45, 0.45, 0.6, 0.66, 0.75, 0.9, 1.05):
        for lash in ("lower", "straight"):
            candidate = closed_eyes(frame, landmarks, lid_from=lid_from, lash=lash)
            # Judged as it will be stored: through the JPEG encoder.
            a = analyser.live_frame(cv2.imdecode(cv2.imencode(".jpg", candidate, _JPEG)[1], cv2.IMREAD_COLOR),
                                    encode=False)
            if a.landmarks is not None and eyes_ratio(a.landmarks) < best_ratio:
                best, best_ratio = candidate, eyes_ratio(a.landmarks)
    return best


def turned(frame: np.ndarray, box: tuple[int, int, int, int], direction: int, amount: float = 0.3) -> np.ndarray:
    """Warp the inner face sideways by ``amount`` face widths at the nose, fading towards the outline;
    ``direction`` +1 moves it to the image's right (the resident's left)."""
    top, right, bottom, left = box
    fw, fh = right - left, bottom - top
    cx, cy = (left + right) / 2, (top + bottom) / 2
    ys, xs = np.mgrid[0:frame.shape[0], 0:frame.shape[1]].astype(np.float32)
    bump = np.exp(-(((xs - cx) / (0.26 * fw)) ** 2 + ((ys - cy) / (0.55 * fh)) ** 2) / 2)
    map_x = xs - direction * amount * fw * bump
    return cv2.remap(frame, map_x, ys, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def clear_turn(analyser: FaceAnalyser, frame: np.ndarray, box: tuple[int, int, int, int], direction: int,
               start_yaw: float) -> np.ndarray:
    """The gentlest warp that the real landmark model reads as a clear turn (0.12 jaw widths)."""
    best, best_turn = frame, 0.0
    for amount in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        candidate = turned(frame, box, direction, amount)
        a = analyser.live_frame(cv2.imdecode(cv2.imencode(".jpg", candidate, _JPEG)[1], cv2.IMREAD_COLOR),
                                encode=False)
        if a.landmarks is None:
            continue
        turn = direction * (yaw_ratio(a.landmarks) - start_yaw)
        if turn > best_turn:
            best, best_turn = candidate, turn
        if turn >= 0.12:
            break
    return best


def build(source: Path, out: Path) -> list[str]:
    analyser = FaceAnalyser()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for person in PEOPLE:
        card_src = cv2.imread(str(source / person.card_photo))
        a = analyser.still(card_src, encode=False)
        cv2.imwrite(str(out / f"{person.stem}_card.png"), card_crop(card_src, a.box))
        live_src = cv2.imread(str(source / person.live_photo))
        if person.mirror:
            live_src = np.ascontiguousarray(live_src[:, ::-1])
        a = analyser.still(live_src, encode=False)
        frame = camera_frame(live_src, a.box)
        f = analyser.live_frame(frame, encode=False)
        frames = {"open": frame, "closed": most_closed(analyser, frame, f.landmarks), "left": clear_turn(analyser, frame, f.box, +1, yaw_ratio(f.landmarks)),
                  "right": clear_turn(analyser, frame, f.box, -1, yaw_ratio(f.landmarks))}
        for name, image in frames.items():
            path = out / f"{person.stem}_{name}.jpg"
            cv2.imwrite(str(path), image, _JPEG)
            written.append(path.name)
        written.append(f"{person.stem}_card.png")
    return written


if __name__ == "__main__":
    src, dst = (Path(a) for a in sys.argv[1:3])
    print("\n".join(build(src, dst)))
