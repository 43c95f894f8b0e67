"""Staff sign-in: the agent's own ID card on the reader, then a PIN on the on-screen keypad.

The PIN is held in the field only until "Sign in" is pressed; it is never shown, logged or kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton


class AgentLoginScreen(Screen):
    prompt_key = "agent_login"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Staff sign-in"))
        self.card_line = self.add_text(lambda: self.tr("Place your own ID card on the reader."), name="card_line")
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.body.addWidget(self.pin)
        pad = QGridLayout()
        pad.setSpacing(12)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]
        for i, key in enumerate(keys):
            b = BigButton(key, "secondary", self)
            b.setObjectName(f"key_{'back' if key == '⌫' else 'clear' if key == 'C' else key}")
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            pad.addWidget(b, i // 3, i % 3)
        self.body.addLayout(pad)
        self.message = self.add_text(role="small", name="message")
        self.add_button(lambda: self.tr("Cancel"), "agent_cancel")
        self.sign_in = self.make_button(lambda: self.tr("Sign in"), "agent_sign_in", "primary")
        self.sign_in.clicked.disconnect()
        self.sign_in.clicked.connect(self._submit)
        self.buttons.addWidget(self.sign_in)
        self.card_ready = False

    def _key(self, key: str) -> None:
        if key == "⌫":
            self.pin.backspace()
        elif key == "C":
            self.pin.clear()
        else:
            self.pin.insert(key)

    def _submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()  # the PIN leaves the screen the moment it is handed over
        self.action.emit("agent_sign_in", pin)

    # --- what the flow tells it ---------------------------------------------------------------------
    def card_read(self, masked_name: str) -> None:
        self.card_ready = True
        self.card_line.setText(self.tr("Card: %1. Enter your PIN.").replace("%1", masked_name))
        self.message.clear()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def render(self, session: Session) -> None:
        if not self.card_ready:
            self.retranslate()

    def forget(self) -> None:
        self.card_ready = False
        self.pin.clear()
        self.message.clear()
        self.retranslate()
