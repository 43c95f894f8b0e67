"""Drawn pages for records that arrive without page images (the demo set before the first sync)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from kiosk.archive.models import Record
from kiosk.archive.pages import render_pages

PAGE_W, PAGE_H = 840, 1188  # A4 proportions; QImage painting is safe off the UI thread


def png(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def draw_text_page(heading: str, lines: list[str], footer: str = "") -> bytes:
    image = QImage(PAGE_W, PAGE_H, QImage.Format.Format_RGB32)
    image.fill(QColor("#FBF8EE"))
    p = QPainter(image)
    p.setPen(QPen(QColor("#222222"), 3))
    p.drawRect(30, 30, PAGE_W - 60, PAGE_H - 60)
    p.setFont(QFont("WenQuanYi Micro Hei", 34, QFont.Weight.Bold))
    p.drawText(QRect(40, 70, PAGE_W - 80, 80), Qt.AlignmentFlag.AlignCenter, heading)
    p.setFont(QFont("WenQuanYi Micro Hei", 20))
    y = 200
    for line in lines:
        p.drawText(QRect(80, y, PAGE_W - 160, 120), Qt.TextFlag.TextWordWrap, line)
        y += 70
    if footer:
        p.setFont(QFont("WenQuanYi Micro Hei", 16))
        p.drawText(QRect(40, PAGE_H - 120, PAGE_W - 80, 60), Qt.AlignmentFlag.AlignCenter, footer)
    p.end()
    return png(image)


def record_pages(record: Record) -> list[bytes]:
    """The same pages the district's archive renders for a record (its form, readable on the kiosk)."""
    return render_pages(record)
