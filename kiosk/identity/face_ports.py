"""What the face check needs from the camera and the face engine, as the domain sees them.

hardware/camera provides both (:class:`hardware.camera.capture.Camera` is a :class:`FrameSource`,
:class:`hardware.camera.faces.FaceEngine` a :class:`FaceAnalyser`); the composition roots hand them to
:class:`kiosk.identity.face_check.FaceCheck`, which decides without knowing any device or engine.
Images are BGR numpy arrays held in memory only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from kiosk.errors import KioskError
from kiosk.identity.quality import QualityReport


class CameraFrame(Protocol):
    @property
    def image(self) -> np.ndarray: ...  # BGR, uint8, H x W x 3

    @property
    def t(self) -> float: ...  # time.monotonic() when the frame was taken


class FrameEvent(Protocol):
    """``frame`` with a picture, or ``lost`` / ``restored`` with the camera's error."""

    @property
    def kind(self) -> str: ...

    @property
    def frame(self) -> CameraFrame | None: ...

    @property
    def error(self) -> KioskError | None: ...


class FaceAnalysis(Protocol):
    """One image's result: quality, the face's box (top, right, bottom, left), its 68 landmarks by group,
    and the descriptor when one was computed."""

    @property
    def quality(self) -> QualityReport: ...

    @property
    def box(self) -> tuple[int, int, int, int] | None: ...

    @property
    def landmarks(self) -> dict[str, list[tuple[float, float]]] | None: ...

    @property
    def encoding(self) -> np.ndarray | None: ...


class FrameSource(Protocol):
    """The camera's frames, delivered to listeners on the camera's own thread."""

    @property
    def lost(self) -> bool: ...

    @property
    def running(self) -> bool: ...

    def add_listener(self, listener: Callable[[Any], None]) -> None: ...

    def remove_listener(self, listener: Callable[[Any], None]) -> None: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class FaceAnalyser(Protocol):
    """The face engine's analysis of a camera frame or of the card photo."""

    def analyse_live(self, frame_bgr: np.ndarray, *, encode: bool,
                     on_landmarks: Callable[[Any], None] | None = None) -> FaceAnalysis: ...

    def encode_card(self, photo: np.ndarray | bytes) -> FaceAnalysis:
        """The card photo (decoded image or encoded bytes): always yields a descriptor or raises a KioskError."""
        ...
