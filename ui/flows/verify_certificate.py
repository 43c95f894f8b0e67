""""Verify a certificate" (the attract screen's public entry): opening and leaving the check, and the camera
that feeds its screen.

The screen reads certificate QR codes from the kiosk's camera. The camera is opened (off the UI thread)
when the screen shows and closed when it goes. What the kiosk trusts (the district key it was installed
with and the revocations synced since) is put together by the composition root (``ui/assembly``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.errors import KioskError
from kiosk.session_states import State
from ui.adapters.certificate_camera import CameraFrameFeed
from ui.controller import Controller
from ui.screens.verify_certificate import VerifyCertificateScreen

log = logging.getLogger("ui.verify")


class VerifyCertificateFlow:
    def __init__(self, controller: Controller, screen: VerifyCertificateScreen, open_camera: Callable[[], Any]):
        self.controller = controller
        self.screen = screen
        #: Opens the kiosk's camera (``start``/``stop``/listeners); called on the worker.
        self.open_camera = open_camera
        self.feed: CameraFrameFeed | None = None
        self._wanted = False
        controller.register("verify_certificate", self._open)
        controller.register("back", lambda _p: self._leave())
        controller.register("verify_again", lambda _p: None)  # the screen itself starts a new scan
        controller.model.stateChanged.connect(self._on_state)

    def _open(self, _payload: object) -> None:
        self.controller.session.transition(State.VERIFY_CERTIFICATE, "verify a certificate")

    def _leave(self) -> None:
        if self.controller.session.state is State.VERIFY_CERTIFICATE:
            self.controller.session.transition(State.ATTRACT, "certificate check finished")

    def _on_state(self, old: str, new: str, _reason: str) -> None:
        if new == State.VERIFY_CERTIFICATE.value:
            self._start_camera()
        elif old == State.VERIFY_CERTIFICATE.value:
            self.stop()

    def _start_camera(self) -> None:
        self._wanted = True

        def opened(camera: Any) -> None:
            if not self._wanted:  # left before the camera came up
                camera.stop()
                return
            self.feed = CameraFrameFeed(camera)
            self.feed.frame.connect(self.screen.show_frame)
            self.feed.start()

        def failed(err: KioskError) -> None:
            log.warning("camera for certificate checks: %s", err.code)
            self.screen.verdict.setText(err.message)

        # Opening a camera can take a moment (a USB camera wakes up): never on the UI thread.
        self.controller.worker.run(self.open_camera, opened, failed)

    def stop(self) -> None:
        self._wanted = False
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.stop()
