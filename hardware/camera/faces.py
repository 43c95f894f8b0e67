"""The face engine: face_recognition (dlib) in a separate worker process.

dlib holds the GIL for tens of milliseconds per call; in the UI's process that would freeze the Qt event
loop. So :class:`FaceEngine` starts one worker process (:mod:`hardware.camera.face_worker`, a fresh
interpreter: no forked Qt or thread state, and none of the kiosk's own imports) that loads the models
once and answers requests over a socket pair. Frames travel as numpy arrays, results come back
as :class:`~hardware.camera.face_analysis.Analysis` (quality, box, landmarks, descriptor). Nothing the
engine handles is written anywhere: the pipe is memory, the worker has no files open.

The engine is the :class:`kiosk.identity.face_ports.FaceAnalyser` of the live face check,
:mod:`kiosk.identity.face_check` (its module text documents the API the UI uses).

    engine = FaceEngine(); engine.start()         # ~1-2 s: spawn + model load; do it at start-up
    card = engine.encode_card(card_photo_bgr)      # upsampled; card.encoding is the template (memory only)
    a = engine.analyse_live(frame_bgr, encode=True)  # a.quality.reasons, a.landmarks, a.encoding
    engine.close()
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from hardware.camera.face_analysis import Analysis, DetectSettings
from kiosk import paths
from kiosk.errors import DeviceError, FaceQualityError
from kiosk.identity.quality import QualityLimits

log = logging.getLogger("hardware.camera.faces")


class FaceEngineError(DeviceError):
    code = "FACE_ENGINE"
    message_key = "error.face.engine"
    device = "camera"


# The folder that holds the ``hardware`` package: the worker imports it by name from there.


def _start_worker() -> tuple[Connection, subprocess.Popen]:
    """A worker process and our end of its socket pair (the other end is the worker's only inherited file)."""
    ours, theirs = socket.socketpair()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(paths.ROOT), env.get("PYTHONPATH")]))
    try:
        process = subprocess.Popen([sys.executable, "-m", "hardware.camera.face_worker", str(theirs.fileno())],
                                   pass_fds=(theirs.fileno(),), env=env, cwd=paths.ROOT,
                                   stdin=subprocess.DEVNULL)
    except OSError as e:
        ours.close()
        raise FaceEngineError(f"the face engine cannot start: {e.strerror}") from None
    finally:
        theirs.close()
    return Connection(ours.detach()), process


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
        self._process: subprocess.Popen | None = None

    # --- lifetime -----------------------------------------------------------------------------------
    def start(self) -> None:
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self.running:
            return
        t0 = time.perf_counter()
        parent, process = _start_worker()
        try:
            parent.send((self.limits, self.detect))
            if not parent.poll(self.start_timeout_s):
                raise FaceEngineError("the face engine did not start in time")
            status, detail = parent.recv()
        except (EOFError, OSError):
            _stop(parent, process)
            raise FaceEngineError("the face engine stopped while starting") from None
        except FaceEngineError:
            process.kill()
            _stop(parent, process)
            raise
        if status != "ready":
            _stop(parent, process)
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
            except OSError:
                pass
        if process is not None:
            _stop(conn, process)

    def __enter__(self) -> FaceEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

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
            except (EOFError, OSError):
                self._discard_worker()
                raise FaceEngineError("the face engine stopped") from None
            except FaceEngineError:
                self._discard_worker()
                raise
        if status != "ok":
            raise FaceEngineError(f"the face engine failed: {result}")
        return result

    def _discard_worker(self) -> None:
        """A worker that stopped answering is ended; the next call starts another."""
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if process is not None:
            process.kill()
            _stop(conn, process)

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


def _stop(conn: Connection | None, process: subprocess.Popen, wait_s: float = 5.0) -> None:
    """Close our end (the worker reads EOF and ends), then make sure it has ended."""
    if conn is not None:
        conn.close()
    try:
        process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def decode_image(data: bytes | bytearray | memoryview) -> np.ndarray:
    """Encoded image bytes (PNG, JPEG, BMP) → BGR array, in memory."""
    from hardware.camera.image_files import decode_bgr  # Pillow: no OpenCV in the kiosk's process for this

    image = decode_bgr(data)
    if image is None:
        raise FaceQualityError("the photo cannot be decoded", code="FACE_CARD_PHOTO")
    return image


def read_image(path: str) -> np.ndarray:
    """An image file → BGR array (the CLI's inputs). Missing or undecodable files are typed errors."""
    import cv2
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
