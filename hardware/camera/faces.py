"""The face engine: face_recognition (dlib) in a separate worker process.

dlib holds the GIL for tens of milliseconds per call; in the UI's process that would freeze the Qt event
loop. So :class:`FaceEngine` starts one worker process (``spawn``: no forked Qt or thread state) that
loads the models once and answers requests over a pipe. Frames travel as numpy arrays, results come back
as :class:`~hardware.camera.face_analysis.Analysis` (quality, box, landmarks, descriptor). Nothing the
engine handles is written anywhere: the pipe is memory, the worker has no files open.

The live face check built on this engine is :mod:`hardware.camera.face_check` (its module text documents
the API the UI uses).

    engine = FaceEngine(); engine.start()         # ~1-2 s: spawn + model load; do it at start-up
    card = engine.encode_card(card_photo_bgr)      # upsampled; card.encoding is the template (memory only)
    a = engine.analyse_live(frame_bgr, encode=True)  # a.quality.reasons, a.landmarks, a.encoding
    engine.close()
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import cv2
import numpy as np

from hardware.camera.face_analysis import Analysis, DetectSettings
from kiosk.errors import DeviceError, FaceQualityError
from kiosk.identity.quality import QualityLimits

log = logging.getLogger("hardware.camera.faces")


class FaceEngineError(DeviceError):
    code = "FACE_ENGINE"
    message_key = "error.face.engine"
    device = "camera"


def _worker_main(conn: Connection, limits: QualityLimits, detect: DetectSettings) -> None:
    """The worker process: load the models, then answer (operation, image, encode) requests."""
    try:
        import warnings

        # face_recognition_models still imports pkg_resources; its deprecation notice is not ours to show.
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
        from hardware.camera.face_analysis import FaceAnalyser

        analyser = FaceAnalyser(limits, detect)
    except Exception as e:  # the models missing, a broken dlib: tell the owner instead of dying silently
        conn.send(("error", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        op, image, encode, early = request
        try:
            if op == "live":
                # With ``early``, the landmarks go back before the descriptor is computed (see _call).
                result: Any = analyser.live_frame(
                    image, encode=encode, on_landmarks=(lambda a: conn.send(("landmarks", a))) if early else None)
            elif op == "still":
                result = analyser.still(image, encode=encode)
            elif op == "card":
                result = analyser.card(image)
            else:
                raise ValueError(f"unknown operation {op!r}")
            conn.send(("ok", result))
        except Exception as e:
            conn.send(("error", f"{type(e).__name__}: {e}"))


class FaceEngine:
    """Thread-safe client of the worker process. One request at a time; callers queue on a lock."""

    def __init__(self, limits: QualityLimits | None = None, detect: DetectSettings | None = None, *,
                 start_timeout_s: float = 120.0, call_timeout_s: float = 20.0):
        self.limits = limits or QualityLimits()
        self.detect = detect or DetectSettings()
        self.start_timeout_s = start_timeout_s
        self.call_timeout_s = call_timeout_s
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: Any = None

    # --- lifetime -----------------------------------------------------------------------------------
    def start(self) -> None:
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_worker_main, args=(child, self.limits, self.detect),
                              name="face-engine", daemon=True)
        t0 = time.perf_counter()
        process.start()
        child.close()
        if not parent.poll(self.start_timeout_s):
            process.kill()
            raise FaceEngineError("the face engine did not start in time")
        try:
            status, detail = parent.recv()
        except EOFError:
            raise FaceEngineError("the face engine stopped while starting") from None
        if status != "ready":
            process.join(timeout=5)
            raise FaceEngineError(f"the face engine cannot start: {detail}")
        self._conn, self._process = parent, process
        log.info("face engine ready in %.0f ms (pid %s)", (time.perf_counter() - t0) * 1000, process.pid)

    def close(self) -> None:
        with self._lock:
            conn, process = self._conn, self._process
            self._conn = self._process = None
        if conn is not None:
            try:
                conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            conn.close()
        if process is not None:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)

    def __enter__(self) -> FaceEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    # --- requests -----------------------------------------------------------------------------------
    def analyse_live(self, frame_bgr: np.ndarray, *, encode: bool,
                     on_landmarks: Callable[[Analysis], None] | None = None) -> Analysis:
        """A camera frame: detection on a downscaled copy, descriptor only when ``encode`` and the face passed
        the quality gates. ``on_landmarks`` hears the result without the descriptor as soon as the worker has
        it, on the calling thread, while the descriptor is still being computed."""
        return self._call("live", frame_bgr, encode, on_landmarks)

    def analyse_still(self, image_bgr: np.ndarray, *, encode: bool = True) -> Analysis:
        return self._call("still", image_bgr, encode)

    def encode_card(self, photo: np.ndarray | bytes) -> Analysis:
        """The card photo (decoded image or encoded bytes): always yields a descriptor or raises."""
        image = decode_image(photo) if isinstance(photo, (bytes, bytearray, memoryview)) else photo
        a = self._call("card", image, True)
        if a.encoding is None:
            raise FaceQualityError("no usable face on the card photo", code="FACE_CARD_PHOTO",
                                   detail={"reasons": list(a.quality.reasons)})
        return a

    def _call(self, op: str, image: np.ndarray, encode: bool,
              on_landmarks: Callable[[Analysis], None] | None = None) -> Analysis:
        with self._lock:
            if self._conn is None or not self.running:
                # A worker that died (or was never started) is replaced; the caller sees one slow call.
                self._start_locked()
            assert self._conn is not None
            try:
                self._conn.send((op, np.ascontiguousarray(image), encode, on_landmarks is not None))
                status, result = self._answer()
                while status == "landmarks":
                    _hand_over(on_landmarks, result)
                    status, result = self._answer()
            except (EOFError, OSError, BrokenPipeError):
                self._conn = None
                raise FaceEngineError("the face engine stopped") from None
            except FaceEngineError:
                self._process.kill()
                self._conn = None
                raise
        if status != "ok":
            raise FaceEngineError(f"the face engine failed: {result}")
        return result

    def _answer(self) -> tuple[str, Any]:
        assert self._conn is not None
        if not self._conn.poll(self.call_timeout_s):
            raise FaceEngineError("the face engine did not answer in time")
        return self._conn.recv()


def _hand_over(listener: Callable[[Analysis], None] | None, early: Analysis) -> None:
    # The final answer is still in the pipe: a failing listener must not leave it there for the next call.
    if listener is None:
        return
    try:
        listener(early)
    except Exception:
        log.exception("face engine: the landmarks listener failed")


def decode_image(data: bytes | bytearray | memoryview) -> np.ndarray:
    """Encoded image bytes (PNG, JPEG, BMP) → BGR array, in memory."""
    image = cv2.imdecode(np.frombuffer(bytes(data), np.uint8), cv2.IMREAD_COLOR) if len(data) else None
    if image is None:
        raise FaceQualityError("the photo cannot be decoded", code="FACE_CARD_PHOTO")
    return image


def read_image(path: str) -> np.ndarray:
    """An image file → BGR array (the CLI's inputs). Missing or undecodable files are typed errors."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        from kiosk.errors import UsageError

        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if image is None:
        from kiosk.errors import UsageError

        raise UsageError(f"{path} is not an image")
    return image
