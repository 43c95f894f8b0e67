"""Face check: a live preview, the liveness challenge, hints about the picture, and the way to staff.

Frames are shown from memory and dropped when the screen is left: nothing of the face is kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui.screens.base import Screen

PREVIEW_W, PREVIEW_H = 640, 480


class FaceCheckScreen(Screen):
    prompt_key = "face_check"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Please look at the camera"))
        self.preview, (self.challenge, self.hint, self.attempts) = self.add_preview_row(
            PREVIEW_W, PREVIEW_H, [("challenge", "title"), ("hint", ""), ("attempts", "small")])
        self.add_button(lambda: self.tr("Ask staff instead"), "face_to_staff")
        self._challenge = ""
        self._quality = ""

    def render(self, session: Session) -> None:
        done, allowed = session.data.face_attempts, session.max_face_attempts
        self.attempts.setText(self.tr("Attempt %1 of %2").replace("%1", str(done + 1)).replace("%2", str(allowed))
                              if done else "")
        self._show_words()

    def show_frame(self, width: int, height: int, rgb: bytes) -> None:
        image = QImage(rgb, width, height, 3 * width, QImage.Format.Format_RGB888)
        # Mirrored, as people expect of a camera they face; scaled copy, so the bytes can go.
        pixmap = QPixmap.fromImage(image.flipped(Qt.Orientation.Horizontal)).scaled(
            PREVIEW_W, PREVIEW_H, Qt.AspectRatioMode.KeepAspectRatio)
        self.preview.setPixmap(pixmap)

    def show_challenge(self, challenge: str) -> None:
        self._challenge = challenge
        self._show_words()

    def show_quality(self, reason: str) -> None:
        self._quality = reason
        self._show_words()

    def _show_words(self) -> None:
        challenges = {"blink": self.tr("Please blink your eyes"),
                      "turn_left": self.tr("Please turn your head slowly to your left"),
                      "turn_right": self.tr("Please turn your head slowly to your right")}
        hints = {"no_face": self.tr("We cannot see a face. Stand in front of the camera."),
                 "too_dark": self.tr("It is too dark. Step closer to the light."),
                 "too_far": self.tr("Please come a little closer."),
                 "too_close": self.tr("Please step back a little."),
                 "blurred": self.tr("Please hold still."),
                 "several_faces": self.tr("Only one person in front of the camera, please."),
                 "hold_still": self.tr("Hold still for a moment.")}
        self.challenge.setText(challenges.get(self._challenge, ""))
        self.hint.setText(hints.get(self._quality, self.tr("Hold still for a moment.")))

    def forget(self) -> None:
        self.preview.clear()
        self._challenge = self._quality = ""
        self.challenge.clear()
        self.hint.clear()
        self.attempts.clear()
