"""The certified copy on screen is drawn from its PDF at the screen's pixels × the zoom (not its preview
bitmap scaled up), so its text stays sharp at every size the reader offers; it opens readable like a
record's page."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.session_states import State
from tests.ui.helpers import click, identified
from ui import theme
from ui.widgets.page_reader import PageReader


def _grey(image: QImage) -> np.ndarray:
    img = image.convertToFormat(QImage.Format.Format_Grayscale8)
    arr = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.bytesPerLine() * img.height())
    return arr.reshape(img.height(), img.bytesPerLine())[:, : img.width()].astype(np.float64)


def _edge_energy(image: QImage) -> float:
    """Mean squared step between neighbouring pixels: a blurred (scaled-up) page has soft, low steps."""
    g = _grey(image)
    return float(np.mean(np.diff(g, axis=1) ** 2) + np.mean(np.diff(g, axis=0) ** 2))


def test_the_canvas_asks_for_the_part_on_screen_at_its_device_pixels_and_draws_it(qtbot):
    window = QWidget()
    window.setStyleSheet(theme.stylesheet(theme.NORMAL))
    window.resize(1400, 800)
    reader = PageReader(window)
    reader.setGeometry(0, 0, 1400, 800)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    asked: list[tuple[float, QRectF]] = []

    def renderer(_index, scale, part, deliver):
        asked.append((scale, QRectF(part)))
        image = QImage(round(part.width() * scale), round(part.height() * scale), QImage.Format.Format_RGB32)
        image.fill(QColor("#00AA00"))  # unlike the bitmap (white): what the canvas paints tells which it drew
        deliver(image)

    page = QImage(600, 850, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    reader.set_document([page], sharp=renderer)
    canvas = reader.canvas
    qtbot.waitUntil(lambda: canvas.sharp_image() is not None)
    scale, part = asked[-1]
    assert scale == pytest.approx(canvas.device_scale())
    assert part.contains(canvas.visible_page_rect())
    shot = canvas.grab().toImage()
    assert QColor(shot.pixel(canvas.width() // 2, canvas.height() // 2)) == QColor("#00AA00")
    qtbot.mouseClick(reader.zoom_in_btn, Qt.MouseButton.LeftButton)
    assert canvas.sharp_image() is None  # the old render is not stretched to the new size
    qtbot.waitUntil(lambda: canvas.sharp_image() is not None)
    assert asked[-1][0] == pytest.approx(canvas.device_scale()) and len(asked) == 2
    reader.clear()
    assert canvas.sharp is None and canvas.sharp_renderer is None


@pytest.mark.parametrize("elder", [False, True])
def test_the_certified_copy_opens_readable_and_sharp_at_every_zoom(qtbot, kiosk, elder):
    kiosk.appearance.set(elder=elder)
    identified(qtbot, kiosk)
    kiosk.window.resize(1920, 1080)
    kiosk.window.current_screen().action.emit("open_type", "marriage")
    kiosk.window.current_screen().rows[0].click()
    click(qtbot, kiosk.window.current_screen(), "open_print")
    qtbot.mouseClick(kiosk.window.current_screen().purpose_buttons["other"], Qt.MouseButton.LeftButton)
    click(qtbot, kiosk.window.current_screen(), "preview_copy")
    assert kiosk.session.state is State.CERTIFY
    certify = kiosk.window.current_screen()
    reader, canvas = certify.reader, certify.reader.canvas
    qtbot.waitUntil(lambda: canvas.sharp_image() is not None, timeout=20000)
    floor = theme.MIN_ELDER_PX if elder else theme.MIN_BODY_PX
    assert reader.isVisible() and reader.page_text_px >= floor  # readable as it opens, like a record's page
    for _ in range(3):  # 100 %, 150 %, 200 %, 300 %
        index, scale, part, image = canvas.sharp
        # One rendered pixel per screen pixel: the part's size on screen is the image's size.
        assert scale == pytest.approx(canvas.device_scale())
        assert abs(image.width() - part.width() * scale) <= 2  # pdfium rounds each crop edge
        assert abs(image.height() - part.height() * scale) <= 2
        assert part.contains(canvas.visible_page_rect().adjusted(1, 1, -1, -1))
        sharp = _edge_energy(canvas.grab().toImage())
        canvas.sharp = None  # what the bitmap alone, scaled up, would show
        blurred = _edge_energy(canvas.grab().toImage())
        canvas.sharp = (index, scale, part, image)
        assert sharp > 2 * blurred, (reader.zoom_label.text(), sharp, blurred)
        qtbot.mouseClick(reader.zoom_in_btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: canvas.sharp_image() is not None, timeout=10000)
    assert reader.zoom_label.text() == "300%"
