"""The base of the kiosk's drawn pictures: an accent colour the style sheet sets (``qproperty-accent``)
and the ink of the palette the style sheet sets, so that every theme colours them like its texts."""

from __future__ import annotations

from PySide6.QtCore import Property
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QWidget


class DrawnWidget(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._accent = QColor("#0B3D91")

    def _get_accent(self) -> QColor:
        return self._accent

    def _set_accent(self, colour: QColor) -> None:
        self._accent = QColor(colour)
        self.update()

    accent = Property(QColor, _get_accent, _set_accent)

    def ink(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)


def fitted_font(base: QFont, px: int, text: str, width: float) -> QFont:
    """``base`` at ``px`` pixels, bold, made smaller only as far as ``text`` needs to fit ``width``."""
    font = QFont(base)
    font.setBold(True)
    font.setPixelSize(max(1, px))
    advance = QFontMetricsF(font).horizontalAdvance(text)
    if advance > width > 0:
        font.setPixelSize(max(1, int(px * width / advance)))
    return font
