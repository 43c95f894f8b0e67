"""Big touch buttons. The minimum size comes from the theme's stylesheet; the kind sets the colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget


class BigButton(QPushButton):
    def __init__(self, text: str = "", kind: str = "secondary", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("kind", kind)
        self.setAutoDefault(False)
        # A touch never leaves a focus ring behind (it looked like a selection); a keyboard's Tab still
        # reaches every button and shows where it is.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setProperty("keyboard", False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # The ring shows only when a keyboard moved the focus here (not when a window opened with it).
        keyboard = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                                      Qt.FocusReason.ShortcutFocusReason)
        if self.property("keyboard") != keyboard:
            self.setProperty("keyboard", keyboard)
            self.style().unpolish(self)
            self.style().polish(self)
        super().focusInEvent(event)


class ToggleButton(BigButton):
    """A switch whose text says its state ("Sound: off"): the state is never shown by colour alone."""

    def __init__(self, kind: str = "tool", parent: QWidget | None = None):
        super().__init__("", kind, parent)
        self.setCheckable(True)
