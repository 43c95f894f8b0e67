"""The printer's output tray, drawn, with the paper coming out and "Take it here": where to look for the
printed copy. Which copy is printing is said in words beside it (``copy_progress``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.drawn import DrawnWidget, fitted_font


def copy_progress(current: int, total: int) -> str:
    """"第 1 份 / 共 2 份" — the copy being printed, of how many."""
    return QCoreApplication.translate("PrinterTray", "Copy %1 of %2").replace("%1", str(current)).replace(
        "%2", str(total))


class PrinterTray(DrawnWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("printer_tray")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 280)  # the certified copy's column fits a 1080-line display in elder mode
        self.animate_while_shown(1.0, 2000)

    def paintEvent(self, event: QPaintEvent) -> None:
        ink = self.ink()
        w, h = float(self.width()), float(self.height())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = QRectF(w * 0.1, h * 0.04, w * 0.7, h * 0.36)
        slot = QRectF(w * 0.2, body.bottom() - h * 0.09, w * 0.5, h * 0.04)
        p.setPen(QPen(ink, 4))
        p.setBrush(QColor("#3A3A3A"))
        p.drawRoundedRect(body, 20, 20)
        p.setBrush(QColor("#111111"))
        p.drawRect(slot)
        # The sheet slides out of the slot and down toward the tray.
        out = min(1.0, self.phase / 0.7)
        sheet = QRectF(w * 0.25, slot.center().y(), w * 0.4, h * 0.3 * out)
        p.setBrush(QColor("#FFFFFF"))
        p.setPen(QPen(ink, 3))
        p.drawRect(sheet)
        tray = QRectF(w * 0.12, h * 0.68, w * 0.66, h * 0.05)
        p.setBrush(QColor("#3A3A3A"))
        p.drawRoundedRect(tray, 8, 8)
        # An arrow in the accent down to the tray, and "Take it here" under it, in ink on the background.
        x = w * 0.9
        p.setPen(QPen(self.accent, max(8.0, w * 0.025), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(x, h * 0.1), QPointF(x, h * 0.6))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.accent)
        p.drawPolygon(QPolygonF([QPointF(x, h * 0.7), QPointF(x - w * 0.06, h * 0.58), QPointF(x + w * 0.06, h * 0.58)]))
        text = self.tr("Take it here")
        p.setFont(fitted_font(self.font(), max(32, int(h * 0.12)), text, w * 0.95))
        p.setPen(ink)
        p.drawText(QRectF(0, h * 0.76, w, h * 0.22), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
