"""Verify a certificate (核验证明): hold the paper to the camera, the verdict in large type.

Frames come from whatever camera source the composition root wires to :meth:`show_frame` (the real
camera, ``sim://camera``, or a ``file://`` URL pointing at a picture of a certified copy). Decoding and
verifying run on the worker pool, one frame at a time; frames arriving meanwhile are dropped, since the
next one will show the same paper. After a verdict the screen stops scanning until "Check another".

"Type the code" swaps the camera for a big keypad (:class:`ui.widgets.code_keypad.CodeKeypad`): the code
printed on the paper is asked of the district gateway (``codes``, on the worker) and the verdict shows
what the paper prints, nothing more.
"""

from __future__ import annotations

import numpy as np
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.certify.certificate import paper_time
from kiosk.certify.errors import Reason
from kiosk.certify.verify import VerificationResult
from kiosk.certify.code_check import CodeVerdict, grouped
from kiosk.errors import GatewayUnreachable, KioskError
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.code_keypad import CodeKeypad
from ui.workers import Worker

if TYPE_CHECKING:
    from ui.adapters.certificate_camera import CertificateReader

PREVIEW_W, PREVIEW_H = 640, 480


class VerifyCertificateScreen(Screen):
    prompt_key = "verify_certificate"

    def __init__(self, reader: CertificateReader, worker: Worker, parent: QWidget | None = None,
                 codes: Callable[[str], CodeVerdict] | None = None):
        super().__init__(parent)
        self._reader = reader
        self._worker = worker
        self._codes = codes
        self._busy = False
        self._result: VerificationResult | None = None
        self._typing = False
        self._checking = False
        self._code_verdict: CodeVerdict | None = None
        self._code_error: KioskError | None = None
        self.set_title(lambda: self.tr("Verify a certificate"))
        self.preview, (self.verdict, self.details) = self.add_preview_row(
            PREVIEW_W, PREVIEW_H, [("verdict", "title"), ("details", "")])
        self.keypad = CodeKeypad(self)
        self.keypad.setVisible(False)
        self.keypad.submitted.connect(self.check_code)
        row = self.body.itemAt(self.body.count() - 1).layout()
        row.insertWidget(1, self.keypad)
        self.type_code = BigButton("", "secondary", self)
        self.type_code.setObjectName("btn_verify_type_code")
        self.translated(self.type_code.setText, lambda: self.tr("Use the camera") if self._typing
                        else self.tr("Type the code"))
        self.type_code.clicked.connect(self.toggle_keypad)
        self.buttons.addWidget(self.type_code)
        self.again = self.add_button(lambda: self.tr("Check another"), "verify_again", "primary")
        self.again.clicked.connect(self.scan_again)
        self.add_button(lambda: self.tr("Back"), "back")
        self._show_words()

    def prompt(self) -> str:
        """The keypad has its own words: the camera's would tell someone typing to hold up the paper."""
        return "verify_code" if self._typing else self.prompt_key

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
        if self._busy or self._result is not None or self._typing:
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
        self._code_verdict = self._code_error = None
        self.keypad.reset()
        self._show_words()

    # --- a typed code -------------------------------------------------------------------------------
    def toggle_keypad(self) -> None:
        self._typing = not self._typing
        self._result = self._code_verdict = self._code_error = None
        self.keypad.reset()
        self.retranslate()
        self._show_words()

    def check_code(self, code: str) -> None:
        """Ask the gateway about ``code`` on the worker: a slow network never freezes the screen."""
        if self._codes is None or self._checking:
            return
        self._checking = True
        codes = self._codes
        self._show_words()
        self._worker.run(lambda: codes(code), self._on_code, self._on_code_error)

    def _on_code(self, verdict: CodeVerdict) -> None:
        self._checking = False
        self._code_verdict = verdict
        self._show_words()

    def _on_code_error(self, error: KioskError) -> None:
        self._checking = False
        self._code_error = error
        self._show_words()

    @property
    def code_verdict(self) -> CodeVerdict | None:
        return self._code_verdict

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
        if self._typing:
            self._show_code_words()
            return
        self.preview.setVisible(True)
        self.keypad.setVisible(False)
        self.title.setVisible(True)
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

    def _show_code_words(self) -> None:
        verdict, error = self._code_verdict, self._code_error
        answered = verdict is not None or error is not None
        self.preview.setVisible(False)
        self.keypad.setVisible(not answered)
        # The keypad's four rows need the title's room in elder mode; the words beside it say what to do.
        self.title.setVisible(answered)
        self.again.setVisible(answered)
        self.verdict.setStyleSheet("")
        if error is not None:
            self.verdict.setText(self.tr("Cannot check now"))
            busy = error.detail.get("status") == 429  # the gateway's limit of checks a minute
            self.details.setText(self.tr("Many certificates were checked just now. Please wait a minute and "
                                         "try again.") if busy else
                                 self.tr("The district archive cannot be reached just now. Please try again "
                                         "later, or hold the QR code to the camera.")
                                 if isinstance(error, GatewayUnreachable) else
                                 self.tr("The district archive did not answer this kiosk. Please ask the staff."))
            return
        if verdict is None:
            self.verdict.setText(self.tr("Checking…") if self._checking else
                                 self.tr("Type the code printed beside the QR code"))
            self.details.setText("" if self._checking else self.tr("Press Check when all 12 characters show."))
            return
        if verdict.state == "genuine":
            self.verdict.setStyleSheet("color: #1b7a2e;")
            self.verdict.setText(self.tr("✓ GENUINE"))
            lines = [self.tr("Verification code: %1").replace("%1", grouped(verdict.code.replace("-", "")))]
            if verdict.references:
                lines += [self.tr("Record: %1").replace("%1", "、".join(verdict.references)),
                          self.tr("For: %1").replace("%1", verdict.subject),
                          self.tr("Purpose: %1").replace("%1", verdict.purpose)]
            lines += [self.tr("Issued by: %1 (%2)").replace("%1", verdict.point_name or verdict.point_code)
                      .replace("%2", verdict.kiosk_id),
                      self.tr("Issued at: %1").replace("%1", verdict.issued_at),
                      self.tr("Compare these with the paper: they must be the same.")]
            self.details.setText("\n".join(lines))
            return
        self.verdict.setStyleSheet("color: #b3261e;")
        if verdict.state == "revoked":
            self.verdict.setText(self.tr("✗ REVOKED"))
            self.details.setText(self._reason_text(Reason.REVOKED))
            return
        self.verdict.setText(self.tr("? CANNOT BE VERIFIED"))
        reason = Reason(verdict.reason) if verdict.reason in set(Reason) else None
        self.details.setText(self._reason_text(reason) if reason is not None else
                             self.tr("No certificate has this code. Check the code on the paper and type it again."))

    def forget(self) -> None:
        self.preview.clear()
        self._result = None
        self._typing = False
        self._code_verdict = self._code_error = None
        self.keypad.reset()
        self.retranslate()
        self._show_words()
