"""Goodbye: the session's data are already gone when this shows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.screens.base import Screen


class GoodbyeScreen(Screen):
    prompt_key = "goodbye"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Goodbye"))
        self.add_text(lambda: self.tr("Your information has been cleared from this kiosk."))
        self.add_text(lambda: self.tr("Remember to take your ID card and your receipt."), "notice")
        self.body.addStretch(1)
