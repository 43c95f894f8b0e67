"""Pictures decoded off the UI thread.

Decoding a page scan or a receipt PNG takes 10-20 ms; on the UI thread that is a stutter each time a
screen redraws. A QImage may be made on any thread (a QPixmap only on the UI thread), so workers decode
and screens only turn the finished image into a pixmap, once per picture.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel


def decode_png(data: bytes | None) -> QImage | None:
    """On a worker thread: the PNG as an image, or None for no data or data that is not a PNG."""
    if not data:
        return None
    image = QImage()
    return image if image.loadFromData(data, "PNG") else None


def decode_all(pngs: list[bytes]) -> list[QImage]:
    return [image for image in map(decode_png, pngs) if image is not None]


class PictureSlot:
    """A label showing one decoded picture scaled to its height; redraws only when the picture changes."""

    def __init__(self, label: QLabel, min_height: int = 480):
        self.label = label
        self.min_height = min_height
        self._shown: QImage | None = None

    def show(self, image: QImage | None) -> bool:
        """Shows ``image`` (unless it is already shown); False when there is none to show."""
        if image is None:
            self._shown = None
            return False
        if image is not self._shown:
            height = max(self.min_height, self.label.height() - 8)
            self.label.setPixmap(QPixmap.fromImage(image).scaledToHeight(
                height, Qt.TransformationMode.SmoothTransformation))
            self._shown = image
        return True

    def clear(self) -> None:
        self._shown = None
        self.label.clear()
