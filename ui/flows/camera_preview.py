"""The camera's live picture on the diagnostics screen, with the face outlined and the frame rate.

Frames arrive on the capture thread; a queued signal brings them to the UI thread. The face is looked
for on the worker pool, one frame at a time: the picture keeps moving while the engine works, and the
box drawn is the one found last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.errors import KioskError
from ui.screens.diagnostics import DiagnosticsScreen

#: Frames the frame rate is measured over.
FPS_WINDOW = 30

FaceBox = tuple[int, int, int, int]
#: ``run(job, on_done, on_error)``: the worker pool's call; answers that come after :meth:`close` are dropped.
RunJob = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[KioskError], None]], None]


class CameraPreview(QObject):
    frame = Signal(object, float)

    def __init__(self, screen: DiagnosticsScreen, run: RunJob, showing: Callable[[], bool],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.screen = screen
        self.run = run
        self.showing = showing
        self.camera: Any = None
        self._find_face: Callable[[np.ndarray], FaceBox | None] | None = None
        self._stamps: list[float] = []
        self._face_box: FaceBox | None = None
        self._finding = False
        self._open = True
        self.frame.connect(self._show_frame)

    def start(self, open_camera: Callable[[], Any] | None,
              find_face: Callable[[np.ndarray], FaceBox | None] | None) -> None:
        if open_camera is None:
            self.screen.show_message(self.screen.tr("No camera preview on this kiosk."))
            return
        try:
            self.camera = open_camera()
        except KioskError as e:
            self.screen.show_message(e.message)
            return
        self._find_face = find_face
        self._stamps.clear()
        self.camera.add_listener(self._on_camera)
        self.camera.start()

    def stop(self) -> None:
        camera, self.camera = self.camera, None
        if camera is not None:
            camera.remove_listener(self._on_camera)
            camera.stop()
        self._face_box = None
        self.screen.hide_preview()

    def close(self) -> None:
        """The kiosk shuts down: the camera stops, no queued frame is drawn and no late face box shown."""
        if not self._open:
            return
        self._open = False
        self.stop()
        self.frame.disconnect(self._show_frame)

    def _on_camera(self, event: Any) -> None:  # the capture thread
        if event.kind == "frame" and event.frame is not None:
            self.frame.emit(event.frame.image, event.frame.t)

    def _show_frame(self, image: np.ndarray, t: float) -> None:
        if self.camera is None or not self.showing():
            return
        self._stamps = [*self._stamps[-(FPS_WINDOW - 1):], t]
        span = self._stamps[-1] - self._stamps[0]
        fps = (len(self._stamps) - 1) / max(1e-6, span) if len(self._stamps) > 1 else 0.0
        if self._find_face is not None and not self._finding:
            self._finding = True
            find, still = self._find_face, image.copy()
            self.run(lambda: find(still), self._face_found, self._face_failed)
        h, w = image.shape[:2]
        qimage = QImage(np.ascontiguousarray(image).data, w, h, 3 * w, QImage.Format.Format_BGR888).copy()
        self.screen.show_frame(qimage, fps, self._face_box)

    def _face_found(self, box: FaceBox | None) -> None:
        if not self._open:
            return
        self._finding = False
        self._face_box = box

    def _face_failed(self, err: KioskError) -> None:
        if not self._open:
            return
        self._finding = False
        self.screen.show_message(err.message)
