"""Screens with fixed text and buttons: attract, reading, consent, assisted, goodbye, timeout."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui.screens.base import Screen


class AttractScreen(Screen):
    def __init__(self, point_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(point_name)
        self.add_text(self.tr("Place your ID card on the reader to see your archives."))
        self.add_text(self.tr("Social insurance, marriage, real estate, school records and more."), "small")


class ReadingCardScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(self.tr("Reading your card…"))
        self.add_text(self.tr("Please keep the card on the reader."))


class ConsentScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(self.tr("May we check your face?"))
        self.add_text(self.tr("The camera compares your face with the photo on your card, on this kiosk only. "
                              "No picture is kept."))
        self.add_text(self.tr("If you prefer, a member of staff can confirm who you are instead."), "small")
        self.add_button(self.tr("Ask staff instead"), "decline")
        self.add_button(self.tr("I agree"), "agree", "primary")


class AssistedVerifyScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(self.tr("A member of staff will help you"))
        self.reason = self.add_text()
        self.add_button(self.tr("Cancel"), "logout")
        self.add_button(self.tr("Staff: identity confirmed"), "agent_confirm", "primary")

    def enter(self, session: Session) -> None:
        self.reason.setText(session.data.assisted_reason or "")

    def clear(self) -> None:
        self.reason.clear()


class GoodbyeScreen(Screen):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title.setText(self.tr("Goodbye"))
        self.add_text(self.tr("Your information has been cleared from this kiosk. Remember to take your card."))
