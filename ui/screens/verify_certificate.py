"""Verify a certificate (核验证明): hold the paper to the camera, the verdict in large type.

Frames come from whatever camera source the composition root wires to :meth:`show_frame` (the real
camera, ``sim://camera``, or a ``file://`` URL pointing at a picture of a certified copy). Decoding and
verifying run on the worker pool, one frame at a time; frames arriving meanwhile are dropped, since the
next one will show the same paper. After a verdict the screen stops scanning until "Check another".
"""

from __future__ import annotations

import numpy as np
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.certify.certificate import paper_time
from kiosk.certify.errors import Reason
from kiosk.certify.verify import VerificationResult
from kiosk.errors import KioskError
from kiosk.session import Session
from ui.screens.base import Screen
from ui.workers import Worker

if TYPE_CHECKING:
    from ui.adapters.certificate_camera import CertificateReader

PREVIEW_W, PREVIEW_H = 640, 480


class VerifyCertificateScreen(Screen):
    prompt_key = "verify_certificate"

    def __init__(self, reader: CertificateReader, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self._reader = reader
        self._worker = worker
        self._busy = False
        self._result: VerificationResult | None = None
        self.set_title(lambda: self.tr("Verify a certificate"))
        self.preview, (self.verdict, self.details) = self.add_preview_row(
            PREVIEW_W, PREVIEW_H, [("verdict", "title"), ("details", "")])
        self.again = self.add_button(lambda: self.tr("Check another"), "verify_again", "primary")
        self.again.clicked.connect(self.scan_again)
        self.add_button(lambda: self.tr("Back"), "back")
        self._show_words()

    # --- frames in --------------------------------------------------------------------------------
    def show_frame(self, frame: np.ndarray) -> None:
        """A BGR camera frame (UI thread). Shown, and read for a certificate QR unless busy or done."""
        height, width = frame.shape[:2]
        rgb = np.ascontiguousarray(frame[:, :, ::-1]) if frame.ndim == 3 else np.ascontiguousarray(
            np.repeat(frame[:, :, None], 3, axis=2))
        image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
        # Not mirrored, unlike the face preview: the resident must be able to read the paper on screen.
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(PREVIEW_W, PREVIEW_H,
                                                               Qt.AspectRatioMode.KeepAspectRatio))
        if self._busy or self._result is not None:
            return
        self._busy = True
        frame_copy = frame.copy()  # the camera thread reuses its buffers
        self._worker.run(lambda: self._reader.read(frame_copy), self._on_read, self._on_error)

    def _on_read(self, result: VerificationResult | None) -> None:
        self._busy = False
        if result is not None:
            self._result = result
            self._show_words()

    def _on_error(self, error: KioskError) -> None:
        self._busy = False  # the next frame tries again

    def scan_again(self) -> None:
        self._result = None
        self._show_words()

    @property
    def result(self) -> VerificationResult | None:
        return self._result

    # --- words --------------------------------------------------------------------------------------
    def render(self, session: Session) -> None:
        self._show_words()

    def _reason_text(self, reason: Reason | None) -> str:
        texts = {
            Reason.MALFORMED: self.tr("This QR code is not a certificate of an archive service point."),
            Reason.UNSUPPORTED_VERSION: self.tr("This certificate is of a newer kind than this kiosk reads."),
            Reason.UNKNOWN_DISTRICT: self.tr("This certificate comes from another district, which this kiosk "
                                             "cannot vouch for."),
            # An issuing kiosk this one has not synced is, to the reader, the same: nobody here vouches for it.
            Reason.UNKNOWN_KIOSK: self.tr("This certificate comes from another district, which this kiosk "
                                          "cannot vouch for."),
            Reason.BAD_KIOSK_CERTIFICATE: self.tr("The issuing kiosk is not certified by the district."),
            Reason.BAD_SIGNATURE: self.tr("The certificate has been altered: its signature does not match."),
            Reason.KIOSK_NOT_YET_VALID: self.tr("The issuing kiosk was not yet authorised on the date of issue."),
            Reason.KIOSK_EXPIRED: self.tr("The issuing kiosk's authorisation had expired on the date of issue."),
            Reason.REVOKED: self.tr("The district has withdrawn the issuing kiosk's authorisation."),
            Reason.DIGEST_MISMATCH: self.tr("The certified content does not match the archive."),
        }
        return texts.get(reason, "") if reason else ""

    def _show_words(self) -> None:
        result = self._result
        self.again.setVisible(result is not None)
        if result is None:
            self.verdict.setProperty("verdict", "")
            self.verdict.setText(self.tr("Hold the QR code of the certificate in front of the camera"))
            self.details.setText(self.tr("The code is in the lower right corner of each page."))
            return
        self.verdict.setProperty("verdict", "valid" if result.valid else "invalid")
        self.verdict.setStyleSheet("color: #1b7a2e;" if result.valid else "color: #b3261e;")
        if not result.valid:
            self.verdict.setText(self.tr("✗ NOT VALID"))
            self.details.setText(self._reason_text(result.reason))
            return
        cert = result.certificate
        assert cert is not None
        self.verdict.setText(self.tr("✓ GENUINE"))
        lines = [self.tr("Verification code: %1").replace("%1", result.verification_code or "")]
        if cert.records:  # papers of format 1 carry these in the QR; compact QRs bind them by digest only
            lines += [self.tr("Record: %1").replace("%1", "、".join(cert.records)),
                      self.tr("For: %1").replace("%1", cert.subject),
                      self.tr("Purpose: %1").replace("%1", cert.purpose)]
        lines += [
            self.tr("Issued by: %1 (%2)").replace("%1", cert.point_name or cert.point_code)
            .replace("%2", cert.kiosk_id or ""),
            self.tr("Issued at: %1").replace("%1", paper_time(cert.issued_at)),
            self.tr("Compare these with the paper: they must be the same."),
        ]
        self.details.setText("\n".join(lines))

    def forget(self) -> None:
        self.preview.clear()
        self._result = None
        self._show_words()
