"""The card going onto the reader, drawn and moving: what the attract and place-card screens show instead
of words alone. The reader is drawn, and the arrow points, where this kiosk's reader really is
(``[ui] reader_position``: below the screen on the left, centre or right, or at its right side).

The scene is drawn in a 1000 × 700 plane scaled into the widget, so it fits any size the layout gives it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.drawn import DrawnWidget, fitted_font

PLANE_W, PLANE_H = 1000.0, 700.0
CARD_W, CARD_H = 300.0, 190.0
#: Where the reader pad lies in the plane, per configured position.
PADS: dict[str, QRectF] = {
    "bottom_left": QRectF(90, 470, 360, 160),
    "bottom_centre": QRectF(320, 470, 360, 160),
    "bottom_right": QRectF(550, 470, 360, 160),
    "right": QRectF(800, 120, 170, 400),
}


class CardOnReader(DrawnWidget):
    def __init__(self, reader_position: str = "bottom_right", parent: QWidget | None = None):
        super().__init__(parent)
        if reader_position not in PADS:
            raise ValueError(f"unknown reader position {reader_position!r}")
        self.setObjectName("card_on_reader")
        self.position = reader_position
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(400, 280)
        self.animate_while_shown(1.0, 2600)
        self.pad_label = self.tr("Card reader")

    # --- geometry (plane coordinates) -------------------------------------------------------------
    @property
    def sideways(self) -> bool:
        return self.position == "right"

    def pad(self) -> QRectF:
        return PADS[self.position]

    def card_rect(self, phase: float) -> QRectF:
        """The card at ``phase`` (0..1): it travels for the first 55 %, then lies on the reader."""
        pad = self.pad()
        w, h = (CARD_H, CARD_W) if self.sideways else (CARD_W, CARD_H)
        rest = QRectF(pad.center().x() - w / 2, pad.center().y() - h / 2, w, h)
        travel = min(1.0, phase / 0.55)
        eased = 1 - (1 - travel) ** 3
        shift = QPointF(-420 * (1 - eased), 0) if self.sideways else QPointF(0, -380 * (1 - eased))
        return rest.translated(shift)

    def arrow(self) -> tuple[QPointF, QPointF]:
        """Tail and tip of the arrow, in the plane: from where the card starts towards the reader."""
        pad = self.pad()
        if self.sideways:
            y = pad.center().y()
            return QPointF(pad.left() - 330, y - 160), QPointF(pad.left() - 30, y - 160)
        x = pad.right() + 40 if self.position != "bottom_right" else pad.left() - 40
        return QPointF(x, pad.top() - 330), QPointF(x, pad.top() - 20)

    def to_widget(self) -> QTransform:
        s = min(self.width() / PLANE_W, self.height() / PLANE_H)
        dx, dy = (self.width() - PLANE_W * s) / 2, (self.height() - PLANE_H * s) / 2
        return QTransform(s, 0, 0, s, dx, dy)

    def arrow_tip(self) -> QPointF:
        """Where the arrow points, in widget pixels (tests check it lies toward the configured reader)."""
        return self.to_widget().map(self.arrow()[1])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.pad_label = self.tr("Card reader")
            self.update()
        super().changeEvent(event)

    # --- drawing --------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        ink = self.ink()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setTransform(self.to_widget())
        pad = self.pad()
        resting = self.phase >= 0.55
        # The reader: a dark pad that lights its outline with the accent once the card lies on it.
        p.setPen(QPen(self.accent if resting else ink, 10 if resting else 5))
        p.setBrush(QColor("#2B2B2B"))
        p.drawRoundedRect(pad, 24, 24)
        # The reader's name under it (or beside it), in ink: the card covers the pad itself.
        label_rect = QRectF(pad.left() - 60, pad.bottom() + 4, pad.width() + 120, 66) if not self.sideways else \
            QRectF(pad.left() - 100, pad.bottom() + 4, PLANE_W - pad.left() + 100, 66)
        p.setFont(fitted_font(self.font(), 60, self.pad_label, label_rect.width()))
        p.setPen(ink)
        p.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, self.pad_label)
        self._draw_arrow(p)
        self._draw_card(p, self.card_rect(self.phase))
        p.end()

    def _draw_arrow(self, p: QPainter) -> None:
        tail, tip = self.arrow()
        p.setPen(QPen(self.accent, 36, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        direction = tip - tail
        length = (direction.x() ** 2 + direction.y() ** 2) ** 0.5
        unit = direction / length
        normal = QPointF(-unit.y(), unit.x())
        p.drawLine(tail, tip - unit * 60)
        head = QPolygonF([tip, tip - unit * 90 + normal * 70, tip - unit * 90 - normal * 70])
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.accent)
        p.drawPolygon(head)

    def _draw_card(self, p: QPainter, card: QRectF) -> None:
        p.setPen(QPen(QColor("#1A1A1A"), 4))
        p.setBrush(QColor("#CFE3F0"))  # the pale blue of a second-generation ID card
        p.drawRoundedRect(card, 18, 18)
        photo_w, photo_h = (card.width() * 0.28, card.height() * 0.5) if not self.sideways else \
            (card.width() * 0.5, card.height() * 0.28)
        photo = QRectF(card.right() - photo_w - 18, card.top() + 24, photo_w, photo_h)
        p.setBrush(QColor("#8FA9BF"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(photo, 8, 8)
        p.setBrush(QColor("#5B7288"))
        lines = QPainterPath()
        for i in range(3):
            if self.sideways:
                lines.addRoundedRect(QRectF(card.left() + 20, photo.bottom() + 20 + i * 36, card.width() - 40, 14), 6, 6)
            else:
                lines.addRoundedRect(QRectF(card.left() + 22, card.top() + 34 + i * 40, photo.left() - card.left() - 44,
                                            14), 6, 6)
        p.drawPath(lines)
