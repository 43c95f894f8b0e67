"""Frames from a camera, by URL, on the camera's own thread.

    camera = open_camera("v4l://0").driver       # or file:///x.mp4?fps=15, file:///dir/frame_%03d.png, sim://camera
    camera.add_listener(on_camera_event)          # called on the capture thread
    camera.start() ... camera.stop()

Every frame is a :class:`CameraEvent` of kind ``"frame"``; when the source stops delivering, one
``"lost"`` event (code ``CAMERA_LOST``) is sent and the thread tries to reopen the source every
``reconnect_s`` seconds, sending ``"restored"`` when frames come again. A file or image sequence is
played at the configured fps (OpenCV would read it as fast as it can) and starts over at its end.
Frames live in memory only: nothing here writes an image anywhere. A :class:`Camera` is the frame source
(:class:`kiosk.identity.face_ports.FrameSource`) the face check reads; the :class:`FrameSource` below is the
lower-level device or file it reads its pictures from.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from kiosk.errors import CameraError

if TYPE_CHECKING:
    import cv2

log = logging.getLogger("hardware.camera")

CAMERA_LOST = "CAMERA_LOST"


@dataclass(frozen=True)
class Frame:
    image: np.ndarray = field(repr=False)  # BGR, uint8, H x W x 3
    index: int
    #: time.monotonic() when the frame was taken.
    t: float

    def __repr__(self) -> str:
        return f"Frame(#{self.index}, {self.image.shape[1]}x{self.image.shape[0]})"


@dataclass(frozen=True)
class CameraEvent:
    kind: Literal["frame", "lost", "restored"]
    frame: Frame | None = None
    error: CameraError | None = None


CameraListener = Callable[[CameraEvent], None]


class FrameSource(Protocol):
    """Where frames come from. ``read`` returns None when the source has stopped delivering."""

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


_CAP_PROP_POS_FRAMES = 1  # cv2.CAP_PROP_POS_FRAMES


class OpenCvSource:
    """A V4L device (an index) or a video file / image sequence (a path), through OpenCV."""

    def __init__(self, target: int | str, *, loop: bool):
        self.target = target
        self.loop = loop
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        import cv2  # here, not at the top: the simulated camera runs without OpenCV's 35 MB

        cap = cv2.VideoCapture(self.target)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"cannot open camera {self.target!r}", code=CAMERA_LOST)
        self._cap = cap

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, image = self._cap.read()
        if not ok and self.loop:
            # End of a demo video: start over, as a camera would keep delivering.
            self._cap.set(_CAP_PROP_POS_FRAMES, 0)
            ok, image = self._cap.read()
        return image if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class Camera:
    """Runs a :class:`FrameSource` on a capture thread at ``fps``; reports frames and losses."""

    def __init__(self, source: FrameSource, *, fps: float = 15.0, reconnect_s: float = 1.0, name: str = "camera"):
        if fps <= 0:
            raise CameraError("fps must be positive")
        self.source = source
        self.fps = fps
        self.reconnect_s = reconnect_s
        self.name = name
        self._listeners: list[CameraListener] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.lost = False

    def add_listener(self, listener: CameraListener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: CameraListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-capture", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # --- the capture thread -------------------------------------------------------------------------
    def _emit(self, event: CameraEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # one faulty listener must not stop the camera for the others
                log.exception("camera listener failed")

    def _lose(self, why: str) -> None:
        if not self.lost:
            self.lost = True
            log.warning("camera lost: %s", why)
            self._emit(CameraEvent("lost", error=CameraError(f"camera lost: {why}", code=CAMERA_LOST)))

    def _run(self) -> None:
        try:
            self.source.open()
        except CameraError as e:
            self._lose(e.message)
        period = 1.0 / self.fps
        index = 0
        next_t = time.monotonic()
        try:
            while not self._stop.is_set():
                if self.lost:
                    if not self._reconnect():
                        continue
                image = self._read()
                if image is None:
                    self._lose("no frame from the source")
                    continue
                self._emit(CameraEvent("frame", Frame(image, index, time.monotonic())))
                index += 1
                # Pace to fps; a source slower than fps (a real camera) simply sets the pace itself.
                next_t = max(next_t + period, time.monotonic() - period)
                self._stop.wait(max(0.0, next_t - time.monotonic()))
        finally:
            self.source.close()

    def _read(self) -> np.ndarray | None:
        try:
            return self.source.read()
        except CameraError:
            return None

    def _reconnect(self) -> bool:
        if self._stop.wait(self.reconnect_s):
            return False
        self.source.close()
        try:
            self.source.open()
        except CameraError:
            return False
        image = self._read()
        if image is None:
            return False
        self.lost = False
        log.info("camera restored")
        self._emit(CameraEvent("restored"))
        self._emit(CameraEvent("frame", Frame(image, -1, time.monotonic())))
        return True
