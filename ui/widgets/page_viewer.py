"""A record page viewer: one page at a time, fitted to the height, zoom in steps, drag to pan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QScroller, QWidget

ZOOMS = (1.0, 1.5, 2.0, 3.0)


class PageViewer(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page_viewer")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page = QLabel(self)
        self.page.setObjectName("page")
        self.setWidget(self.page)
        # Touch screens pan by dragging, not by the small scroll bars.
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.pages: list[QPixmap] = []
        self.index = 0
        self.zoom_step = 0

    @property
    def zoom(self) -> float:
        return ZOOMS[self.zoom_step]

    def set_pages(self, images: list[QImage]) -> None:
        """Pages decoded off the UI thread (``ui.images.decode_all``)."""
        self.pages = [QPixmap.fromImage(image) for image in images]
        self.index = 0
        self.zoom_step = 0
        self._show()

    def turn(self, delta: int) -> None:
        if self.pages:
            self.index = max(0, min(len(self.pages) - 1, self.index + delta))
            self._show()

    def zoom_by(self, delta: int) -> None:
        self.zoom_step = max(0, min(len(ZOOMS) - 1, self.zoom_step + delta))
        self._show()

    def _show(self) -> None:
        if not self.pages:
            self.page.clear()
            self.page.resize(0, 0)
            return
        height = max(200, self.viewport().height() - 8)
        scaled = self.pages[self.index].scaledToHeight(int(height * self.zoom),
                                                        Qt.TransformationMode.SmoothTransformation)
        self.page.setPixmap(scaled)
        self.page.resize(scaled.size())

    def clear(self) -> None:
        self.pages = []
        self._show()
