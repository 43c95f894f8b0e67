"""The frame every screen shares: a title, a body, a row of big buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.session import Session
from ui.widgets.buttons import BigButton


class Screen(QWidget):
    """Subclasses fill ``body`` and ``buttons``; ``enter`` shows session data, ``clear`` forgets it."""

    #: Something on this screen asks the controller to act: (action name, payload).
    action = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 48, 64, 48)
        outer.setSpacing(32)
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.body = QVBoxLayout()
        self.body.setSpacing(24)
        outer.addLayout(self.body, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(32)
        outer.addLayout(self.buttons)

    def add_text(self, text: str = "", role: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if role:
            label.setProperty("role", role)
        self.body.addWidget(label)
        return label

    def add_button(self, text: str, action: str, kind: str = "secondary") -> BigButton:
        b = BigButton(text, kind, self)
        b.setObjectName(f"btn_{action}")
        b.clicked.connect(lambda: self.action.emit(action, None))
        self.buttons.addWidget(b)
        return b

    def enter(self, session: Session) -> None:
        """Called each time the screen is shown."""

    def clear(self) -> None:
        """Forget everything personal this screen shows (called at WIPE)."""
