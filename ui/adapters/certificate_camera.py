"""What the certificate check reads: camera frames re-posted to the UI thread, and a certificate QR in a
frame judged by the kiosk's verifier (the screen: :class:`ui.screens.verify_certificate.VerifyCertificateScreen`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from kiosk.certify.verify import CertificateVerifier, VerificationResult

if TYPE_CHECKING:
    from hardware.qrscan import QrScanner


class CertificateReader:
    """Qt-free: a frame in, a verdict out, or None while no certificate QR is in view."""

    def __init__(self, verifier: CertificateVerifier, scanner: QrScanner | None = None):
        self._verifier = verifier
        self._scanner = scanner

    def read(self, frame: np.ndarray) -> VerificationResult | None:
        if self._scanner is None:
            # Made at the first frame, not with the screen: the scanner loads OpenCV (some 35 MB resident)
            # and most days nobody holds a certificate up to the kiosk.
            from hardware.qrscan import QrScanner

            self._scanner = QrScanner()
        texts = self._scanner.decode(frame)
        if not texts:
            return None
        # A paper may carry other QR codes (an office's website); the certificate's is the one to judge.
        certificates = [t for t in texts if t.startswith("AKC")]
        return self._verifier.verify(certificates[0] if certificates else texts[0])


class CameraFrameFeed(QObject):
    """Frames of a :class:`hardware.camera.capture.Camera` re-posted from its capture thread to the UI
    thread: ``feed.frame.connect(screen.show_frame)``."""

    frame = Signal(object)

    def __init__(self, camera: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.camera = camera

    def start(self) -> None:
        self.camera.add_listener(self._deliver)
        self.camera.start()

    def stop(self) -> None:
        self.camera.remove_listener(self._deliver)
        self.camera.stop()

    def _deliver(self, event: Any) -> None:
        if event.kind == "frame" and event.frame is not None:
            self.frame.emit(event.frame.image)
