"""Identifying the resident: reading the card, asking consent for the face check, the staff hand-off."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.screens.base import Screen
from ui.widgets.waiting import Spinner


class ReadingCardScreen(Screen):
    prompt_key = "reading_card"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Reading your card…"))
        self.add_text(lambda: self.tr("Please keep the card on the reader."))
        # Something visibly happening, and how long it takes.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(Spinner(self))
        about = QLabel(self)
        about.setObjectName("reading_time")
        about.setProperty("role", "title")
        self.translated(about.setText, lambda: self.tr("About 3 seconds"))
        row.addWidget(about)
        row.addStretch(1)
        self.body.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(2)


class ConsentScreen(Screen):
    prompt_key = "consent"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("May we check your face?"))
        self.add_text(lambda: self.tr("The camera compares your face with the photo on your card, on this kiosk "
                                      "only. No picture is kept."))
        self.add_text(lambda: self.tr("If you prefer, a member of staff can confirm who you are instead."), "small")
        self.body.addStretch(1)
        self.add_button(lambda: self.tr("Ask staff instead"), "decline")
        self.add_button(lambda: self.tr("I agree"), "agree", "primary")
