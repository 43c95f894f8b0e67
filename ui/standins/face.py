"""A simulated face check: frames from a drawn "camera", a liveness challenge and a verdict.

Stands in for the face-check service until it is wired in. The demo panel and the tests decide the next
verdict (``next_match``) or pull the camera (``lose_camera``); events arrive on a thread of its own, as
the real service's do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from ui.services import FaceEvent

W, H = 320, 240


def _frame(step: int) -> tuple[int, int, bytes]:
    # A grey field with a lighter oval that drifts: enough to see that the preview is live.
    cx, cy = W // 2 + (step % 20) - 10, H // 2
    y, x = np.mgrid[0:H, 0:W]
    inside = ((x - cx) / 70) ** 2 + ((y - cy) / 95) ** 2 <= 1
    grey = np.where(inside, 200, 90).astype(np.uint8)
    rgb = np.stack([grey, grey, np.minimum(grey + 20, 255).astype(np.uint8)], axis=-1)
    return W, H, rgb.tobytes()


class SimulatedFaceCheck:
    def __init__(self, frames: int = 3, frame_interval_s: float = 0.05):
        self.next_match = True
        self.camera_lost = False
        self.frames = frames
        self.frame_interval_s = frame_interval_s
        self.started = 0
        #: While set, an attempt keeps showing frames and gives no verdict (the walkthrough photographs it).
        self.hold = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # control (demo panel, tests)
    def lose_camera(self, lost: bool = True) -> None:
        self.camera_lost = lost

    def start(self, card_photo: bytes | None, on_event: Callable[[FaceEvent], None]) -> None:
        self.stop()
        self.started += 1
        self._stop = threading.Event()
        stop = self._stop

        def run() -> None:
            if self.camera_lost:
                on_event(FaceEvent("camera_lost", detail="CAMERA_LOST"))
                return
            on_event(FaceEvent("quality", detail="hold_still"))
            on_event(FaceEvent("challenge", detail="blink"))
            step = 0
            while step < self.frames or self.hold.is_set():
                if stop.wait(self.frame_interval_s):
                    return
                on_event(FaceEvent("frame", frame=_frame(step)))
                step += 1
            if not stop.is_set():
                on_event(FaceEvent("verdict", matched=self.next_match))

        self._thread = threading.Thread(target=run, name="face-sim", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        self._thread = None
