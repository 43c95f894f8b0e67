"""Face check: the resident looks at the camera."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.screens.base import Screen


class FaceCheckScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(self.tr("Please look at the camera"))
        self.status = self.add_text(self.tr("Hold still for a moment."))
        self.add_button(self.tr("Ask staff instead"), "face_to_staff")

    def clear(self) -> None:
        self.status.setText(self.tr("Hold still for a moment."))
