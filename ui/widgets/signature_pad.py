"""A touchscreen pad the resident signs on: strokes with their timing, drawn as they come.

Touch on the kiosk's screen arrives as synthesised mouse events (Qt's default), so the pad listens to
mouse press, move and release; one press-to-release is one stroke.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.requests.signature import Point, Signature


class SignaturePad(QWidget):
    #: The strokes changed (a stroke ended or the pad was cleared).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(240)
        self._strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._timer = QElapsedTimer()

    def sizeHint(self) -> QSize:
        return QSize(900, 280)

    # --- what it holds ------------------------------------------------------------------------------
    def strokes(self) -> list[list[Point]]:
        return [list(s) for s in self._strokes]

    def signature(self) -> Signature:
        return Signature.from_strokes(self._strokes, self.width(), self.height())

    def is_empty(self) -> bool:
        return not self._strokes

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self.update()
        self.changed.emit()

    # --- input --------------------------------------------------------------------------------------
    def _point(self, event: QMouseEvent) -> Point:
        if not self._timer.isValid():
            self._timer.start()
        pos = event.position()
        return (round(pos.x(), 1), round(pos.y(), 1), int(self._timer.elapsed()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._current = [self._point(event)]
            self._strokes.append(self._current)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is not None:
            self._current.append(self._point(event))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._current is not None:
            self._current.append(self._point(event))
            self._current = None
            self.update()
            self.changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(Qt.GlobalColor.darkGray, 2, Qt.PenStyle.DashLine))
        baseline = self.height() * 0.75
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        painter.setPen(QPen(Qt.GlobalColor.black, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        for stroke in self._strokes:
            for (x0, y0, _), (x1, y1, _) in zip(stroke, stroke[1:]):
                painter.drawLine(QPointF(x0, y0), QPointF(x1, y1))
        painter.end()
