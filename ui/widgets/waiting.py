"""Drawn signs of waiting: a countdown ring (the seconds left, as a number and a shrinking ring) and a
spinner (something is happening). Their accent colour comes from the style sheet (``qproperty-accent``),
their ink from the palette the style sheet sets, so every theme colours them."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.drawn import DrawnWidget


class _Drawn(DrawnWidget):
    def __init__(self, side: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(side, side)

    def ring_rect(self, width: float) -> QRectF:
        return QRectF(self.rect()).adjusted(width, width, -width, -width)


class CountdownRing(_Drawn):
    """The seconds left before the visit ends, in digits as large as a title, inside a ring that empties."""

    def __init__(self, parent: QWidget | None = None, side: int = 280):
        super().__init__(side, parent)
        self.setObjectName("countdown_ring")
        self.remaining = 0
        self.total = 1

    def set_remaining(self, remaining_s: float, total_s: float) -> None:
        self.remaining = max(0, int(round(remaining_s)))
        self.total = max(1.0, float(total_s))
        self.setAccessibleName(str(self.remaining))
        self.update()

    @property
    def fraction(self) -> float:
        return min(1.0, self.remaining / self.total)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() / 14
        rect = self.ring_rect(width)
        p.setPen(QPen(self.ink(), 3))
        p.drawEllipse(rect)
        p.setPen(QPen(self.accent, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawArc(rect, 90 * 16, int(-360 * 16 * self.fraction))
        font = QFont(self.font())
        font.setPixelSize(int(self.height() * 0.36))
        font.setBold(True)
        p.setFont(font)
        p.setPen(self.ink())
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, str(self.remaining))
        p.end()


class Spinner(_Drawn):
    """A turning arc while the kiosk works (reading a card, loading records). It turns only while shown."""

    def __init__(self, parent: QWidget | None = None, side: int = 160):
        super().__init__(side, parent)
        self.setObjectName("spinner")
        self.animate_while_shown(360.0, 1200)

    @property
    def angle(self) -> float:
        """Where the arc is, in degrees."""
        return self.phase

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() / 10
        rect = self.ring_rect(width)
        p.setPen(QPen(self.ink(), 2))
        p.drawEllipse(rect)
        p.setPen(QPen(self.accent, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(rect, int(-self.angle * 16), 100 * 16)
        p.end()
