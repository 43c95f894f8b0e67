"""One document page on screen at a chosen zoom: pans by a finger's drag, zooms by a two-finger pinch.

A page that comes from a document rather than a scan (the certified copy, a PDF) can also be drawn sharp at
any zoom: given a ``sharp`` renderer, the canvas asks it, once the view rests, for the part of the page on
screen rendered at the screen's own pixels × the zoom, and draws that instead of the bitmap scaled up.

The canvas knows how high the document's text is on the page (``text_px_of``: the page renderer writes
it into the PNG; a scan without it is assumed to be 10.5 pt type on A4), so it can open every page at the
zoom where that text has a readable size on screen and report the size it shows (``page_text_px``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QTouchEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.archive.pages import SCAN_TEXT_SHARE, TEXT_PX_KEY

#: Zoom limits, relative to the readable opening zoom.
MIN_RELATIVE, MAX_RELATIVE = 0.25, 4.0
#: The share of a page's width that is surely margin at each side (under 1 cm of A4).
PAGE_MARGIN_SHARE = 0.04
#: Renders part of a page sharply: (page index, device pixels per page pixel, the part in page pixels,
#: deliver) — ``deliver(image)`` is called later on the UI thread with that part at that scale.
SharpRenderer = Callable[[int, float, QRectF, Callable[[QImage], None]], None]
#: How much of the view's size around what is shown a sharp render also covers (small pans need none).
SHARP_MARGIN = 0.25
#: How long the view rests before a sharp render is asked for (a drag asks once, at its end).
SHARP_REST_MS = 80


def text_px_of(image: QImage) -> float:
    """Height (page pixels) of the document's body text."""
    try:
        value = float(image.text(TEXT_PX_KEY))
    except ValueError:
        value = 0.0
    return value if value > 0 else SCAN_TEXT_SHARE * image.width()


class PageCanvas(QWidget):
    #: The view changed (zoom, page, position): controls update their labels.
    changed = Signal()
    #: A finger or the mouse used the page: the visit is still going on.
    used = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page_canvas")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 320)
        self.pages: list[QImage] = []
        self.index = 0
        self.target_text_px = 32.0
        self.scale = 1.0
        self.offset = QPointF(0, 0)  # where the page's top-left corner is drawn, in widget pixels
        self._drag: QPointF | None = None
        self._pinch: tuple[float, float, QPointF] | None = None  # start distance, start scale, page point
        self.background = QColor("#3A3A3A")
        self.sharp_renderer: SharpRenderer | None = None
        #: The last sharp render: (page index, device pixels per page pixel, part of the page, image).
        self.sharp: tuple[int, float, QRectF, QImage] | None = None
        self._asked: tuple[int, float, QRectF] | None = None
        self._sharp_timer = QTimer(self)
        self._sharp_timer.setSingleShot(True)
        self._sharp_timer.setInterval(SHARP_REST_MS)
        self._sharp_timer.timeout.connect(self._ask_sharp)

    # --- what is shown ----------------------------------------------------------------------------
    def set_pages(self, images: list[QImage], target_text_px: float, sharp: SharpRenderer | None = None) -> None:
        self.pages = list(images)
        self.index = 0
        self.target_text_px = target_text_px
        self.sharp_renderer = sharp
        self.sharp = self._asked = None
        self.open_zoom()

    def clear(self) -> None:
        self.pages = []
        self.sharp_renderer = None
        self.sharp = self._asked = None
        self.update()
        self.changed.emit()

    def set_target(self, target_text_px: float) -> None:
        """The theme changed (elder mode on or off): reopen at the new readable size."""
        self.target_text_px = target_text_px
        if self.pages:
            self.open_zoom()

    @property
    def text_px(self) -> float:
        return text_px_of(self.pages[self.index]) if self.pages else 0.0

    @property
    def opening_scale(self) -> float:
        return self.target_text_px / self.text_px if self.pages else 1.0

    @property
    def page_text_px(self) -> float:
        """Height on screen of the document's text at the current zoom."""
        return self.text_px * self.scale

    @property
    def relative_zoom(self) -> float:
        """1.0 at the readable opening zoom; what the percent labels show."""
        return self.scale / self.opening_scale if self.pages else 1.0

    def fit_scale(self) -> float:
        """The zoom showing the whole page."""
        if not self.pages:
            return 1.0
        page = self.pages[self.index]
        return min(self.width() / page.width(), self.height() / page.height())

    # --- moving -----------------------------------------------------------------------------------
    def open_zoom(self) -> None:
        """The readable zoom, showing the top of the page: centred when the view loses only the page's
        margins; a page much wider than the view shows its left side, where its lines begin (it is read
        from there, and dragged to the right)."""
        self.scale = self.opening_scale
        w, _h = self._page_size() if self.pages else (0.0, 0.0)
        over = max(0.0, w - self.width())
        self.offset = QPointF(-min(over / 2, PAGE_MARGIN_SHARE * w), 0)
        self._settle()

    def zoom_to(self, relative: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``relative`` × the opening zoom, keeping the page point under ``anchor`` in place."""
        if not self.pages:
            return
        relative = max(MIN_RELATIVE, min(MAX_RELATIVE, relative))
        self._scale_about(self.opening_scale * relative, anchor)

    def whole_page(self) -> None:
        if self.pages:
            self._scale_about(self.fit_scale(), None)

    def turn(self, delta: int) -> None:
        if self.pages:
            self.index = max(0, min(len(self.pages) - 1, self.index + delta))
            self.offset = QPointF(self.offset.x(), 0)  # a new page starts at its top
            self._settle()

    def pan(self, dx: float, dy: float) -> None:
        self.offset += QPointF(dx, dy)
        self._settle()

    def _scale_about(self, scale: float, anchor: QPointF | None) -> None:
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        page_point = (anchor - self.offset) / self.scale
        self.scale = scale
        self.offset = anchor - page_point * scale
        self._settle()

    def _page_size(self) -> tuple[float, float]:
        page = self.pages[self.index]
        return page.width() * self.scale, page.height() * self.scale

    def _settle(self) -> None:
        """Keeps the page on screen: centred along an axis where it is smaller than the view, else never
        leaving an empty band at either side."""
        if self.pages:
            w, h = self._page_size()
            x = (self.width() - w) / 2 if w <= self.width() else min(0.0, max(self.width() - w, self.offset.x()))
            y = (self.height() - h) / 2 if h <= self.height() else min(0.0, max(self.height() - h, self.offset.y()))
            self.offset = QPointF(x, y)
            if self.sharp_renderer is not None and self.sharp_image() is None:
                self._sharp_timer.start()
        self.update()
        self.changed.emit()

    # --- sharp rendering --------------------------------------------------------------------------
    def device_scale(self) -> float:
        """Device pixels per page pixel at the current zoom (a high-density screen has more than one per
        logical pixel)."""
        return self.scale * self.devicePixelRatioF()

    def sharp_image(self) -> QImage | None:
        """The sharp render, if it is of this page at this zoom and covers what is on screen."""
        if self.sharp is None:
            return None
        index, scale, part, image = self.sharp
        if index != self.index or not math.isclose(scale, self.device_scale(), rel_tol=1e-6):
            return None
        shown = self.visible_page_rect().adjusted(0.5, 0.5, -0.5, -0.5)
        return image if part.contains(shown) else None

    def _ask_sharp(self) -> None:
        if self.sharp_renderer is None or not self.pages or self.sharp_image() is not None:
            return
        view = QRectF(-self.offset / self.scale, self.size().toSizeF() / self.scale)
        margin_x, margin_y = view.width() * SHARP_MARGIN, view.height() * SHARP_MARGIN
        page = QRectF(0, 0, self.pages[self.index].width(), self.pages[self.index].height())
        part = view.adjusted(-margin_x, -margin_y, margin_x, margin_y).intersected(page)
        key = (self.index, self.device_scale(), part)
        if part.isEmpty() or key == self._asked:
            return
        self._asked = key
        pages = self.pages
        self.sharp_renderer(key[0], key[1], part, lambda image: self._take_sharp(pages, key, image))

    def _take_sharp(self, pages: list[QImage], key: tuple[int, float, QRectF], image: QImage | None) -> None:
        if pages is not self.pages or image is None or image.isNull():
            return  # another document (or none: the visit ended) since it was asked for
        self.sharp = (*key, image)
        self.update()

    # --- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.background)
        sharp = self.sharp_image() if self.pages else None
        if sharp is not None and self.sharp is not None:
            part = self.sharp[2]
            p.drawImage(QRectF(self.offset + part.topLeft() * self.scale, part.size() * self.scale), sharp)
        elif self.pages:
            # The bitmap drawn scaled where it shows; no scaled copy of the whole page is kept (at 400 % a
            # page would be hundreds of megabytes).
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            w, h = self._page_size()
            p.drawImage(QRectF(self.offset.x(), self.offset.y(), w, h), self.pages[self.index])
        p.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._settle()

    # --- fingers and mouse ------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if e.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                        QEvent.Type.TouchCancel):
            self._touch(e)  # type: ignore[arg-type]
            e.accept()
            return True
        return super().event(e)

    def _touch(self, e: QTouchEvent) -> None:
        points = [p for p in e.points() if p.state() != p.State.Released]
        if e.type() in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel) or not points:
            self._drag = self._pinch = None
            return
        self.used.emit()
        if len(points) >= 2:
            a, b = points[0].position(), points[1].position()
            distance = max(1.0, math.dist((a.x(), a.y()), (b.x(), b.y())))
            centre = (a + b) / 2
            if self._pinch is None:
                self._pinch = (distance, self.scale, (centre - self.offset) / self.scale)
            else:
                start, scale, page_point = self._pinch
                limit = (self.opening_scale * MIN_RELATIVE, self.opening_scale * MAX_RELATIVE)
                self.scale = max(limit[0], min(limit[1], scale * distance / start))
                self.offset = centre - page_point * self.scale
                self._settle()
            self._drag = None
            return
        pos = points[0].position()
        if self._drag is not None and self._pinch is None:
            delta = pos - self._drag
            self.pan(delta.x(), delta.y())
        self._pinch = None
        self._drag = pos

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._drag = e.position()
        self.used.emit()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._drag is not None:
            delta = e.position() - self._drag
            self._drag = e.position()
            self.pan(delta.x(), delta.y())

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        self._drag = None

    def visible_page_rect(self) -> QRectF:
        """The part of the page on screen, in page pixels (what a test or the walkthrough can check)."""
        if not self.pages:
            return QRectF()
        return QRectF(-self.offset / self.scale, self.size().toSizeF() / self.scale).intersected(
            QRectF(0, 0, self.pages[self.index].width(), self.pages[self.index].height()))
