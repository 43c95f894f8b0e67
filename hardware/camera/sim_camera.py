"""``sim://camera``: a simulated camera playing the demo faces, with acts and faults.

    sim://camera?person=zhang_jianguo&act=follow&fps=15&lost_after=90&lost_for=2

- ``person``: whose demo frames are shown (``assets/demo/faces/<person>_open.jpg`` ...); ``nobody`` or
  absent shows an empty scene until :meth:`SimulatedCameraSource.show` is called.
- ``act``: ``follow`` (a cooperative resident: performs a blink or a head turn when told to, through
  :meth:`perform`, as the demo panel, the bench and the tests do when the challenge appears),
  ``photo`` (a still photo held up: it sways in the hand, it never blinks or turns), ``blink`` /
  ``turn_left`` / ``turn_right`` (performs that movement by itself every two seconds).
- faults: ``lost_after=N`` stops delivering after N frames (camera unplugged), ``lost_for=S`` lets the
  camera come back after S seconds; :meth:`lose` / :meth:`restore` do the same by hand.

The frames are synthesised from public-domain portraits (see :mod:`hardware.camera.demo_material` for
what that proves and what it does not). A little sensor noise is added so that no two frames are equal.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from hardware.camera.image_files import read_bgr, resized, tilted
from kiosk import paths
from kiosk.errors import CameraError, ConfigError

FRAME_SIZE = (640, 480)
ACTS = ("follow", "photo", "blink", "turn_left", "turn_right")
#: How many frames each movement lasts at 15 fps: a blink ~200 ms, a turn ~600 ms.
_MOVES = {"blink": ["closed"] * 3, "turn_left": ["left"] * 9, "turn_right": ["right"] * 9}


def default_faces_dir() -> Path:
    return paths.DEMO_FACES


class SimulatedCameraSource:
    """A :class:`~hardware.camera.capture.FrameSource` and, at the same time, its control handle."""

    def __init__(self, faces_dir: str | Path | None = None, *, person: str | None = None, act: str = "follow",
                 lost_after: int | None = None, lost_for: float | None = None, seed: int = 0):
        if act not in ACTS:
            raise ConfigError(f"sim://camera: act {act!r} is not one of {', '.join(ACTS)}")
        self.faces_dir = Path(faces_dir) if faces_dir else default_faces_dir()
        self.act = act
        self.lost_after = lost_after
        self.lost_for = lost_for
        self._lock = threading.Lock()
        self._frames: dict[str, np.ndarray] = {}
        self._person: str | None = None
        self._queue: list[str] = []
        self._count = 0
        self._lost_since: float | None = None
        self._forced_lost = False
        rng = np.random.default_rng(seed)
        # int8 holds a sensor noise of σ = 2 grey levels with room to spare, at half the memory of int16.
        self._noise = [rng.normal(0, 2.0, (FRAME_SIZE[1], FRAME_SIZE[0], 3)).astype(np.int8) for _ in range(4)]
        self._rng = rng
        self._empty = _empty_scene()
        self._decoded: dict[str, dict[str, np.ndarray]] = {}
        self.show(person)

    # --- control ------------------------------------------------------------------------------------
    def people(self) -> list[str]:
        return sorted(p.name[:-len("_open.jpg")] for p in self.faces_dir.glob("*_open.jpg"))

    def show(self, person: str | None) -> None:
        """Who stands in front of the camera (None: nobody)."""
        frames = self._load(person) if person and person != "nobody" else {}
        with self._lock:
            self._person = person if frames else None
            self._frames = frames
            self._queue.clear()

    def hold(self, picture: np.ndarray | None) -> None:
        """A paper held up to the camera, e.g. a certified copy's QR corner (None: taken away again). BGR,
        fitted into the frame on the empty scene; it sways like a photo in a hand."""
        frames: dict[str, np.ndarray] = {}
        if picture is not None:
            height, width = picture.shape[:2]
            scale = min(FRAME_SIZE[0] / width, FRAME_SIZE[1] / height)
            fitted = resized(picture, (int(width * scale), int(height * scale)))
            scene = self._empty.copy()
            top, left = (FRAME_SIZE[1] - fitted.shape[0]) // 2, (FRAME_SIZE[0] - fitted.shape[1]) // 2
            scene[top:top + fitted.shape[0], left:left + fitted.shape[1]] = fitted
            frames = {"open": scene}
        with self._lock:
            self._person = None
            self._frames = frames
            self._queue.clear()
            self.act = "photo" if frames else self.act

    def _load(self, person: str) -> dict[str, np.ndarray]:
        # Decoded once per person: someone stepping in front of the camera is instant, not four JPEG reads.
        if person not in self._decoded:
            frames: dict[str, np.ndarray] = {}
            for pose in ("open", "closed", "left", "right"):
                path = self.faces_dir / f"{person}_{pose}.jpg"
                image = read_bgr(str(path))
                if image is None:
                    raise ConfigError(f"sim://camera: no demo frames for {person!r} ({path})")
                frames[pose] = resized(image, FRAME_SIZE) if image.shape[1::-1] != FRAME_SIZE else image
            self._decoded[person] = frames
        return self._decoded[person]

    @property
    def person(self) -> str | None:
        return self._person

    def perform(self, move: str) -> None:
        """The resident blinks or turns (``blink``, ``turn_left``, ``turn_right``). A photo cannot."""
        if move not in _MOVES:
            raise ConfigError(f"sim://camera: unknown movement {move!r}")
        with self._lock:
            if self.act != "photo" and self._frames:
                self._queue = list(_MOVES[move])

    def lose(self) -> None:
        with self._lock:
            self._forced_lost = True

    def restore(self) -> None:
        with self._lock:
            self._forced_lost = False
            self._lost_since = None
            self.lost_after = None

    # --- FrameSource --------------------------------------------------------------------------------
    def open(self) -> None:
        if self._is_lost():
            raise CameraError("simulated camera unplugged", code="CAMERA_LOST")

    def close(self) -> None:
        pass

    def read(self) -> np.ndarray | None:
        if self._is_lost():
            return None
        with self._lock:
            self._count += 1
            pose = self._next_pose()
            base = self._frames.get(pose, self._empty) if self._frames else self._empty
            noise = self._noise[self._count % len(self._noise)]
        if self.act == "photo" and self._frames:
            base = self._sway(base)
        return np.clip(base.astype(np.int16) + noise, 0, 255).astype(np.uint8)

    def _next_pose(self) -> str:
        if self._queue:
            return self._queue.pop(0)
        if self.act in _MOVES and self._count % 30 == 0:  # a self-acting demo: every 2 s at 15 fps
            self._queue = list(_MOVES[self.act])
        return "open"

    def _sway(self, image: np.ndarray) -> np.ndarray:
        """A photo in a hand: small shifts and tilts, the same picture throughout."""
        angle = float(self._rng.normal(0, 1.5))
        dx, dy = (float(v) for v in self._rng.normal(0, 3.0, 2))
        scale = 1.0 + float(self._rng.normal(0, 0.01))
        return tilted(image, angle, scale, (dx, dy))

    def _is_lost(self) -> bool:
        with self._lock:
            if self._forced_lost:
                return True
            if self.lost_after is not None and self._count >= self.lost_after:
                now = time.monotonic()
                if self._lost_since is None:
                    self._lost_since = now
                if self.lost_for is not None and now - self._lost_since >= self.lost_for:
                    self.lost_after, self._lost_since = None, None
                    return False
                return True
            return False


def _empty_scene() -> np.ndarray:
    """A plain wall: what the camera sees when nobody stands in front of the kiosk."""
    ramp = np.linspace(150, 110, FRAME_SIZE[1], dtype=np.float32)[:, None, None]
    return np.broadcast_to(ramp * np.float32([1.0, 0.97, 0.93]), (FRAME_SIZE[1], FRAME_SIZE[0], 3)).astype(np.uint8)
