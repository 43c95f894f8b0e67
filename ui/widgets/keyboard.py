"""The kiosk's own on-screen keyboard: pinyin for names, digits for years and certificate numbers.

Keys are theme-sized touch targets; typing goes into one QLineEdit handed in. Which keys show is chosen
outside (the search screen's 拼音 / 123 switches): a switch the resident can see beats a key that cycles.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.buttons import BigButton
from ui.widgets.pinyin import candidates

ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
#: Two rows of five, on keys as big as the letters: the keyboard keeps its height in every mode.
DIGITS = ("12345", "67890")
MODES = ("pinyin", "digits")


class OnScreenKeyboard(QWidget):
    #: A key was touched: the visit's idle timer restarts while someone types.
    used = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.target = target
        self.mode = "pinyin"  # one of MODES
        self.composing = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.keys = QGridLayout()
        self.keys.setSpacing(8)
        layout.addLayout(self.keys)
        # The last row: switches and editing keys, and, while a syllable is typed, its characters.
        controls = QHBoxLayout()
        self.space = self._key("", lambda: self._type(" "), "space")
        self.composition = QLabel(self)
        self.composition.setObjectName("composition")
        controls.addWidget(self.composition)
        #: What to do, in the row's free room while nothing is being composed (no extra line above the keys).
        self.hint = QLabel(self)
        self.hint.setObjectName("keyboard_hint")
        self.hint.setWordWrap(True)
        controls.addWidget(self.hint, 1)
        self.candidate_row = QHBoxLayout()
        controls.addLayout(self.candidate_row, 1)
        controls.addWidget(self.space)
        controls.addWidget(self._key("⌫", self._backspace, "backspace"))
        self.clear_button = self._key("", self._clear, "clear")
        controls.addWidget(self.clear_button)
        layout.addLayout(controls)
        self._candidates: list[BigButton] = []
        self._build_keys()
        self.retranslate()

    def _key(self, text: str, slot, name: str) -> BigButton:
        b = BigButton(text, "key", self)
        b.setObjectName(f"key_{name}")
        b.clicked.connect(slot)
        b.clicked.connect(self.used)
        return b

    def _build_keys(self) -> None:
        while self.keys.count():
            w = self.keys.takeAt(0).widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        rows = DIGITS if self.mode == "digits" else ROWS
        for r, row in enumerate(rows):
            for c, ch in enumerate(row):
                self.keys.addWidget(self._key(ch, lambda _=False, k=ch: self._letter(k), ch), r, c)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.space.setText(self.tr("Space"))
        self.clear_button.setText(self.tr("Clear"))
        self.hint.setText(self.tr("Type a year or a number.") if self.mode == "digits"
                          else self.tr("Type the pinyin, then touch the character."))

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown keyboard mode {mode!r}")
        if mode == self.mode:
            return
        self.mode = mode
        self.composing = ""
        self._build_keys()
        self._show_candidates()
        self.retranslate()

    def _letter(self, key: str) -> None:
        if self.mode == "pinyin" and key.isalpha():
            self.composing += key
            self._show_candidates()
        else:
            self._type(key)

    def _type(self, text: str) -> None:
        self.target.setText(self.target.text() + text)

    def _backspace(self) -> None:
        if self.composing:
            self.composing = self.composing[:-1]
            self._show_candidates()
        else:
            self.target.setText(self.target.text()[:-1])

    def _clear(self) -> None:
        self.composing = ""
        self._show_candidates()
        self.target.clear()

    def _pick(self, chars: str) -> None:
        self._type(chars)
        self.composing = ""
        self._show_candidates()

    def _show_candidates(self) -> None:
        for b in self._candidates:
            # The touched candidate is still delivering its click: hide it now, delete it later.
            b.hide()
            self.candidate_row.removeWidget(b)
            b.deleteLater()
        self._candidates = []
        self.composition.setText(self.composing)
        # While choosing a character the space and clear keys step aside for the candidates; numbers have
        # no spaces.
        self.space.setVisible(not self.composing and self.mode == "pinyin")
        self.clear_button.setVisible(not self.composing)
        self.hint.setVisible(not self.composing)
        for i, ch in enumerate(candidates(self.composing, limit=5)):
            b = self._key(ch, lambda _=False, c=ch: self._pick(c), f"cand_{i}")
            self.candidate_row.addWidget(b)
            self._candidates.append(b)

    def reset(self) -> None:
        self.composing = ""
        self._show_candidates()
