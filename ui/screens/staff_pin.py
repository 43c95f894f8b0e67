"""What agent and technician sign-in share: the staff member's own ID card, then a PIN on a keypad.

The PIN is held in the field only until "Sign in" is pressed; it is never shown, logged or kept. A refusal
says why in the screen's language (locked, wrong PIN with the attempts left, not staff of this role).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from kiosk.staff.errors import BadPin, Locked, NotStaff
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton

_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]


class StaffPinScreen(Screen):
    #: The action "Sign in" emits with the PIN.
    sign_in_action = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # The keypad stands beside the card line and the PIN: under them, its four rows of big keys would
        # push the screen's buttons off a 1080-line display.
        row = QHBoxLayout()
        row.setSpacing(32)
        #: The texts beside the keypad (a subclass puts its own above the card line).
        self.left = column = QVBoxLayout()
        column.setSpacing(16)
        self.card_line = self.add_text(lambda: self.tr("Place your own ID card on the reader."), name="card_line")
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.message = self.add_text(role="small", name="message")
        # Wide enough that the wrapped lines stay few: a window is as tall as they are at its least width.
        self.card_line.setMinimumWidth(640)
        for w in (self.card_line, self.pin, self.message):
            self.body.removeWidget(w)
            column.addWidget(w)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.pad = pad = QGridLayout()
        pad.setSpacing(12)
        for i, key in enumerate(_KEYS):
            b = BigButton(key, "key", self)  # the keyboard's keys: the theme's target size, less padding
            b.setObjectName(f"key_{'back' if key == '⌫' else 'clear' if key == 'C' else key}")
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            pad.addWidget(b, i // 3, i % 3)
        row.addLayout(pad, 1)
        self.body.addLayout(row, 1)

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
        self.action.emit(self.sign_in_action, pin)

    # --- what the flow tells it ---------------------------------------------------------------------
    def card_read(self, masked_name: str) -> None:
        self.card_line.setText(self.tr("Card: %1. Enter your PIN.").replace("%1", masked_name))
        self.message.clear()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def show_refusal(self, err: KioskError) -> None:
        if isinstance(err, Locked):
            minutes = max(1, round(float(err.detail.get("seconds_left", 900)) / 60))
            text = self.tr("Too many wrong PINs. This card is locked for %1 minutes.").replace("%1", str(minutes))
        elif isinstance(err, BadPin):
            text = self.tr("Wrong PIN. %1 attempts left.").replace("%1", str(err.detail.get("attempts_left", "")))
        elif isinstance(err, NotStaff):
            text = self.not_staff_text()
        else:
            text = self.tr("Sign-in is not possible right now.")
        self.message.setText(text)

    def not_staff_text(self) -> str:
        raise NotImplementedError

    def forget(self) -> None:
        self.pin.clear()
        self.message.clear()
        self.retranslate()
