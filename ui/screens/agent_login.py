"""Agent sign-in: the agent's own ID card on the reader, then a PIN (see :mod:`ui.screens.staff_pin`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui.screens.staff_pin import StaffPinScreen


class AgentLoginScreen(StaffPinScreen):
    prompt_key = "agent_login"
    sign_in_action = "agent_sign_in"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Staff sign-in"))
        self.add_button(lambda: self.tr("Cancel"), "agent_cancel")
        self.sign_in = self.make_button(lambda: self.tr("Sign in"), "agent_sign_in", "primary")
        self.sign_in.clicked.disconnect()
        self.sign_in.clicked.connect(self._submit)
        self.buttons.addWidget(self.sign_in)
        self.card_ready = False

    def card_read(self, masked_name: str) -> None:
        self.card_ready = True
        super().card_read(masked_name)

    def not_staff_text(self) -> str:
        return self.tr("This card is not registered for agent service.")

    def render(self, session: Session) -> None:
        if not self.card_ready:
            self.retranslate()

    def forget(self) -> None:
        self.card_ready = False
        super().forget()
