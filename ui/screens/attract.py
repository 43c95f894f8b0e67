"""Attract: the kiosk waits. A touch shows how to place the card; other entries need no card."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.card_hint import CardOnReader
from ui.widgets.top_bar import point_name


class AttractScreen(Screen):
    prompt_key = "attract"

    def __init__(self, name: str, reader_position: str = "bottom_right", parent: QWidget | None = None,
                 name_en: str = ""):
        super().__init__(parent)
        self.set_title(lambda: point_name(name, name_en, self.language()))
        self.invitation = self.add_text(lambda: self.tr("Place your ID card on the reader to see your archives."),
                                        name="invitation")
        # A window is as tall as its wrapped lines are at its least width: wide lines keep the buttons on a
        # 1080-line display in elder mode in English.
        self.invitation.setMinimumWidth(1280)
        self.add_text(lambda: self.tr("Social insurance, marriage, real estate, school records and more."), "small")
        # The card going onto the reader, drawn where this cabinet's reader is.
        self.card_hint = CardOnReader(reader_position, self)
        self.body.addWidget(self.card_hint, 1)
        where = {"bottom_left": lambda: self.tr("▼  The card reader is below the screen, on the left  ▼"),
                 "bottom_centre": lambda: self.tr("▼  The card reader is below the screen  ▼"),
                 "bottom_right": lambda: self.tr("▼  The card reader is below the screen, on the right  ▼"),
                 "right": lambda: self.tr("The card reader is to the right of the screen  ▶")}[reader_position]
        self.reader_hint = QLabel(self)
        self.reader_hint.setObjectName("reader_hint")
        self.reader_hint.setProperty("role", "notice")
        self.reader_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reader_hint.setWordWrap(True)
        self.translated(self.reader_hint.setText, where)
        self.body.addWidget(self.reader_hint)
        self.add_button(lambda: self.tr("Verify a certificate"), "verify_certificate")
        self.add_button(lambda: self.tr("Service guides"), "open_guide")
        self.add_button(lambda: self.tr("How to start"), "show_card_hint", "primary")
        self.reader_hint.hide()

    def phase(self) -> str:
        return "place_card" if self.reader_hint.isVisibleTo(self) else "attract"

    def prompt(self) -> str:
        return self.phase()

    def show_card_hint(self) -> None:
        self.reader_hint.show()

    def render(self, session: Session) -> None:
        self.reader_hint.hide()
