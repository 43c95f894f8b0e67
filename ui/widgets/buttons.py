"""Big touch buttons. The minimum size comes from the theme's stylesheet; the kind sets the colours."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget


class BigButton(QPushButton):
    def __init__(self, text: str = "", kind: str = "secondary", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("kind", kind)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)


class ToggleButton(BigButton):
    """A switch whose text says its state ("Sound: off"): the state is never shown by colour alone."""

    def __init__(self, kind: str = "tool", parent: QWidget | None = None):
        super().__init__("", kind, parent)
        self.setCheckable(True)
