"""A big keypad for a certificate's verification code: only the characters a code holds, the code typed so
far in large type grouped as the paper prints it, a delete key and a primary "check" key at the bottom
right. Keys are at least :data:`KEY_PX` square in every mode, so that an unsteady finger hits the right one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.certify.code_check import CODE_ALPHABET, CODE_LENGTH, grouped
from ui.widgets.buttons import BigButton

KEY_PX = 126
COLUMNS = 9


class CodeKeypad(QWidget):
    #: The full code (no dashes) when the check key is pressed.
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("code_keypad")
        # Above the theme's ordinary keys: a code is typed from paper, character by character, often by
        # someone whose hand is not steady.
        # A style sheet's min-height leaves out padding and border (4 px each, both sides): the keys come out
        # KEY_PX in all, and four rows of them fit under the typed code in elder mode (at 142 px they
        # overlapped the buttons below).
        inner = KEY_PX - 2 * (4 + 4)
        self.setStyleSheet(f'QPushButton[kind="codekey"], QPushButton#key_check {{ min-width: {inner}px; '
                           f'min-height: {inner}px; padding: 4px; border-width: 4px; }}')
        self._typed = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(16)
        self.display = QLabel(self)
        self.display.setObjectName("typed_code")
        self.display.setProperty("role", "title")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, BigButton] = {}
        for i, ch in enumerate(CODE_ALPHABET):
            key = BigButton(ch, "codekey", self)
            key.setObjectName(f"key_{ch}")
            key.clicked.connect(lambda _=False, c=ch: self.type(c))
            grid.addWidget(key, i // COLUMNS, i % COLUMNS)
            self.keys[ch] = key
        row, col = divmod(len(CODE_ALPHABET), COLUMNS)
        self.delete = BigButton("", "codekey", self)
        self.delete.setObjectName("key_delete")
        self.delete.clicked.connect(self.backspace)
        grid.addWidget(self.delete, row, col, 1, 2)
        self.check = BigButton("", "primary", self)
        self.check.setObjectName("key_check")
        self.check.clicked.connect(lambda: self.submitted.emit(self._typed))
        grid.addWidget(self.check, row, col + 2, 1, COLUMNS - col - 2)
        outer.addLayout(grid)
        self.retranslate()
        self._show()

    @property
    def typed(self) -> str:
        return self._typed

    def type(self, ch: str) -> None:
        if len(self._typed) < CODE_LENGTH and ch in CODE_ALPHABET:
            self._typed += ch
            self._show()

    def backspace(self) -> None:
        self._typed = self._typed[:-1]
        self._show()

    def reset(self) -> None:
        self._typed = ""
        self._show()

    def _show(self) -> None:
        # Blanks stand for what is still to type, so the person sees how much of the paper's code is left.
        self.display.setText(grouped(self._typed + "_" * (CODE_LENGTH - len(self._typed))))
        self.check.setEnabled(len(self._typed) == CODE_LENGTH)
        self.delete.setEnabled(bool(self._typed))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.delete.setText(self.tr("⌫ Delete"))
        self.check.setText(self.tr("Check"))
