"""Big touch buttons. The minimum size comes from the theme's stylesheet; the kind sets the colours."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget


class BigButton(QPushButton):
    def __init__(self, text: str, kind: str = "secondary", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("kind", kind)
        self.setAutoDefault(False)
