"""The page reader: opens a page where its text is readable, pans and zooms by fingers, zooms by buttons that
say the size in percent, goes full screen, reads the page aloud."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFocusEvent, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.archive.demo_records import demo_records
from kiosk.archive.pages import BODY_PX, TEXT_PX_KEY, render_pages
from ui import theme
from ui.images import decode_all
from ui.widgets.page_canvas import text_px_of
from ui.widgets.page_reader import PageReader

BAR_PX = 20  # the test page's "text": a black bar this many page pixels high


def _bar_page() -> QImage:
    page = QImage(800, 1100, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    p = QPainter(page)
    p.fillRect(250, 40, 300, BAR_PX, QColor("black"))
    p.end()
    page.setText(TEXT_PX_KEY, str(BAR_PX))
    return page


def _reader(qtbot, t: theme.Theme, size=(1500, 800)) -> tuple[QWidget, PageReader]:
    window = QWidget()
    window.setStyleSheet(theme.stylesheet(t))
    window.resize(*size)
    reader = PageReader(window)
    reader.setGeometry(0, 0, *size)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, reader


def _dark_rows(image: QImage, column: int) -> int:
    return sum(1 for y in range(image.height()) if QColor(image.pixel(column, y)).lightness() < 20)


@pytest.mark.parametrize("t, floor", [(theme.NORMAL, theme.MIN_BODY_PX), (theme.ELDER, theme.MIN_ELDER_PX)])
def test_the_page_opens_with_its_text_as_large_as_the_screens_text(qtbot, t, floor):
    _window, reader = _reader(qtbot, t)
    reader.set_document([_bar_page()])
    assert reader.page_text_px >= floor
    assert reader.page_text_px == pytest.approx(t.body_px)
    # What the reader reports is what it paints: the bar's height on screen, counted in pixels.
    shot = reader.canvas.grab().toImage()
    x = int(reader.canvas.offset.x() + 260 * reader.canvas.scale)  # near the bar's left end: on screen
    assert abs(_dark_rows(shot, x) - reader.page_text_px) <= 2


def test_a_rendered_archive_page_says_how_high_its_text_is():
    record = next(r for r in demo_records() if r.record_type == "marriage")
    image = decode_all(render_pages(record))[0]
    assert text_px_of(image) == BODY_PX
    scan = QImage(1240, 1754, QImage.Format.Format_RGB32)  # a scan that says nothing: 10.5 pt on A4
    assert 20 < text_px_of(scan) < 23


def test_elder_mode_reopens_the_page_larger(qtbot):
    window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page()])
    normal = reader.page_text_px
    window.setStyleSheet(theme.stylesheet(theme.ELDER))
    qtbot.waitUntil(lambda: reader.page_text_px >= theme.MIN_ELDER_PX)
    assert reader.page_text_px > normal


def _touch(qtbot, widget, device, moves):
    """Fingers down at the first positions, through each step, then up."""
    seq = QTest.touchEvent(widget, device)
    for i, p in enumerate(moves[0]):
        seq.press(i, QPoint(*p), widget)
    seq.commit()
    for step in moves[1:]:
        seq = QTest.touchEvent(widget, device)
        for i, p in enumerate(step):
            seq.move(i, QPoint(*p), widget)
        seq.commit()
    seq = QTest.touchEvent(widget, device)
    for i, p in enumerate(moves[-1]):
        seq.release(i, QPoint(*p), widget)
    seq.commit()


def test_a_finger_drags_the_page_and_two_fingers_pinch_it(qtbot):
    _window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page()])
    canvas = reader.canvas
    device = QTest.createTouchDevice()
    start = canvas.offset.y()
    _touch(qtbot, canvas, device, [[(400, 600)], [(400, 500)], [(400, 300)]])
    assert canvas.offset.y() == pytest.approx(start - 300, abs=1)
    before = canvas.scale
    _touch(qtbot, canvas, device, [[(300, 300), (500, 300)], [(250, 300), (550, 300)], [(200, 300), (600, 300)]])
    assert canvas.scale == pytest.approx(before * 2, rel=0.02)
    assert reader.zoom_label.text() == "200%"


def test_the_page_never_leaves_the_view(qtbot):
    _window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page()])
    reader.canvas.pan(5000, 5000)
    assert reader.canvas.offset.y() == 0
    reader.canvas.pan(-99999, -99999)
    visible = reader.canvas.visible_page_rect()
    assert visible.bottom() == pytest.approx(1100, abs=1)


def test_size_buttons_step_through_percents_beyond_200_and_show_the_size(qtbot):
    _window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page()])
    assert reader.zoom_label.text() == "100%"
    shown = []
    for _ in range(5):  # up to the largest size, which stops the + button
        qtbot.mouseClick(reader.zoom_in_btn, Qt.MouseButton.LeftButton)
        shown.append(reader.zoom_label.text())
    assert shown == ["150%", "200%", "300%", "400%", "400%"]
    assert not reader.zoom_in_btn.isEnabled()
    assert reader.page_text_px == pytest.approx(4 * theme.NORMAL.body_px)
    for _ in range(3):
        qtbot.mouseClick(reader.zoom_out_btn, Qt.MouseButton.LeftButton)
    assert reader.zoom_label.text() == "150%" and reader.page_text_px == pytest.approx(1.5 * theme.NORMAL.body_px)
    # From a pinched size, a step goes to the next size on the scale, not a step from the odd one.
    reader.canvas.zoom_to(1.2)
    assert reader.zoom_label.text() == "120%"
    qtbot.mouseClick(reader.zoom_in_btn, Qt.MouseButton.LeftButton)
    assert reader.zoom_label.text() == "150%"
    qtbot.mouseClick(reader.whole_btn, Qt.MouseButton.LeftButton)
    visible = reader.canvas.visible_page_rect()
    assert visible.width() == pytest.approx(800, abs=1) and visible.height() == pytest.approx(1100, abs=1)
    assert reader.zoom_label.text() == f"{round(reader.canvas.relative_zoom * 100)}%"


@pytest.mark.parametrize("t, floor", [(theme.NORMAL, theme.MIN_BODY_PX), (theme.ELDER, theme.MIN_ELDER_PX)])
def test_full_screen_opens_readable_even_from_the_whole_page_view(qtbot, t, floor):
    window, reader = _reader(qtbot, t)
    reader.set_document([_bar_page()])
    qtbot.mouseClick(reader.whole_btn, Qt.MouseButton.LeftButton)
    assert reader.page_text_px < floor  # the overview is too small to read
    qtbot.mouseClick(reader.full_btn, Qt.MouseButton.LeftButton)  # one tap
    overlay = window.findChild(PageReader, "page_reader_full")
    assert overlay is not None and overlay.isVisible()
    assert overlay.page_text_px >= floor and overlay.zoom_label.text() == "100%"


def test_full_screen_in_one_tap_and_back(qtbot):
    window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page(), _bar_page()], ["第一页的字", "第二页的字"])
    reader.canvas.turn(1)
    qtbot.mouseClick(reader.full_btn, Qt.MouseButton.LeftButton)
    overlay = window.findChild(PageReader, "page_reader_full")
    assert overlay is not None and overlay.isVisible()
    assert overlay.width() > window.width() * 0.9 and overlay.canvas.index == 1
    assert overlay.page_text_px == pytest.approx(reader.page_text_px)
    with qtbot.waitSignal(reader.readAloud) as spoken:
        qtbot.mouseClick(overlay.read_btn, Qt.MouseButton.LeftButton)
    assert spoken.args == ["第二页的字"]
    qtbot.mouseClick(overlay.full_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not overlay.isVisible())
    assert reader._overlay is None


def test_page_turn_buttons_stop_at_the_ends_and_a_single_page_has_none(qtbot):
    _window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page()])
    assert not reader.prev_btn.isVisible() and not reader.next_btn.isVisible()
    reader.set_document([_bar_page(), _bar_page()])
    assert not reader.prev_btn.isEnabled() and reader.next_btn.isEnabled()
    qtbot.mouseClick(reader.next_btn, Qt.MouseButton.LeftButton)
    assert reader.canvas.index == 1 and not reader.next_btn.isEnabled()
    assert reader.page_no.text() in ("Page 2 of 2", "第 2 页，共 2 页")


def test_an_empty_reader_reads_nothing(qtbot):
    _window, reader = _reader(qtbot, theme.NORMAL)
    assert not reader.read_btn.isEnabled()
    assert reader.page_text_px == 0
    assert QPointF(reader.canvas.offset) == QPointF(0, 0)


def test_a_focus_ring_shows_for_the_keyboard_only(qtbot):
    _window, reader = _reader(qtbot, theme.NORMAL)
    reader.set_document([_bar_page()])
    qtbot.mouseClick(reader.whole_btn, Qt.MouseButton.LeftButton)
    assert not reader.whole_btn.hasFocus()  # a touch leaves no ring behind
    assert reader.whole_btn.focusPolicy() == Qt.FocusPolicy.TabFocus
    b = reader.zoom_in_btn
    QApplication.sendEvent(b, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    assert b.property("keyboard") is True
    QApplication.sendEvent(b, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason))
    assert b.property("keyboard") is False
