"""The base of the kiosk's drawn pictures: an accent colour the style sheet sets (``qproperty-accent``)
and the ink of the palette the style sheet sets, so that every theme colours them like its texts."""

from __future__ import annotations

from PySide6.QtCore import Property, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QWidget


class DrawnWidget(QWidget):
    #: The looping animation of a moving picture (:meth:`animate_while_shown`), or None for a still one.
    animation: QVariantAnimation | None = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._accent = QColor("#0B3D91")
        self.phase = 0.0

    def animate_while_shown(self, end: float, duration_ms: int) -> None:
        """Loop ``self.phase`` from 0 to ``end`` every ``duration_ms``, repainting as it goes, but only while
        the widget is shown: the pictures of screens out of sight cost the UI thread nothing."""
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(float(end))
        self.animation.setDuration(duration_ms)
        self.animation.setLoopCount(-1)
        self.animation.valueChanged.connect(self._advance)

    def _advance(self, value: float) -> None:
        self.phase = float(value)
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        if self.animation is not None:
            self.animation.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        if self.animation is not None:
            self.animation.stop()
        super().hideEvent(event)

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
