"""A whole visit in elder mode driven by fingers only: touch events on the window (Qt turns an unhandled
touch into the button's click, as on the kiosk's screen), no keyboard, no slot called directly. The
record's page is read at the reader's opening zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.archive.pages import BODY_PX
from kiosk.session_states import State
from tests.ui.conftest import with_ui
from ui import theme


@pytest.fixture
def elder_kiosk(qtbot, kiosk_config, face_engine):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    config = with_ui(kiosk_config, elder_mode=True)
    prepare_demo(config)
    k = build_kiosk(config, demo=True, face_engine=face_engine)
    qtbot.addWidget(k.window)
    k.window.resize(1920, 1080)
    k.window.show()
    qtbot.waitExposed(k.window)
    yield k
    k.shutdown()


class Finger:
    """Touches the kiosk's window where a widget is shown."""

    def __init__(self, qtbot, window: QWidget):
        self.qtbot = qtbot
        self.window = window
        self.device = QTest.createTouchDevice()

    def tap_at(self, point: QPoint) -> None:
        QTest.touchEvent(self.window, self.device).press(0, point, self.window).commit()
        QTest.touchEvent(self.window, self.device).release(0, point, self.window).commit()

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not shown"
        # Where it is drawn: a layout change still queued (the step bar giving its room) moves it first.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.tap_at(widget.mapTo(self.window, widget.rect().center()))

    def tap_named(self, name: str) -> None:
        screen = self.window.current_screen()
        button = next((b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()), None)
        assert button is not None, f"no {name} on {screen.objectName()}"
        self.tap(button)

    def pinch(self, widget: QWidget, spread: int) -> None:
        c = widget.mapTo(self.window, widget.rect().center())
        seq = QTest.touchEvent(self.window, self.device)
        seq.press(0, c - QPoint(100, 0), self.window).press(1, c + QPoint(100, 0), self.window).commit()
        for step in (spread // 2, spread):
            QTest.touchEvent(self.window, self.device).move(0, c - QPoint(100 + step, 0), self.window).move(
                1, c + QPoint(100 + step, 0), self.window).commit()
        end = QTest.touchEvent(self.window, self.device)
        end.release(0, c - QPoint(100 + spread, 0), self.window).release(1, c + QPoint(100 + spread, 0), self.window)
        end.commit()


def test_an_elder_goes_through_a_whole_visit_by_touch_and_reads_her_record(qtbot, elder_kiosk):
    k = elder_kiosk
    s = k.session
    finger = Finger(qtbot, k.window)
    assert k.appearance.theme.elder

    k.card_sim.place("ouyang_xiuying")  # the card laid on the reader
    qtbot.waitUntil(lambda: s.state is State.CONSENT, timeout=15000)
    finger.tap_named("btn_agree")
    qtbot.waitUntil(lambda: s.state is State.HOME, timeout=20000)
    qtbot.waitUntil(lambda: not k.controller.view.records_loading)

    home = k.window.current_screen()
    qtbot.waitUntil(lambda: len(home.type_buttons) == 5)  # her five kinds of record, drawn
    finger.tap_named("type_marriage")
    qtbot.waitUntil(lambda: s.state is State.RECORDS)
    finger.tap(k.window.current_screen().rows[0].view_button)  # 查看 › on her marriage record
    qtbot.waitUntil(lambda: s.state is State.RECORD_VIEW)
    view = k.window.current_screen()
    qtbot.waitUntil(lambda: bool(view.viewer.pages))

    # She reads the page as it opens: its text is as large as the elder look's text, and it is on screen.
    reader = view.reader
    assert reader.page_text_px >= theme.MIN_ELDER_PX
    assert reader.canvas.scale == pytest.approx(theme.ELDER.body_px / BODY_PX)
    shown = reader.canvas.visible_page_rect()
    assert shown.top() == 0 and shown.height() > 400  # the heading and the first fields
    finger.pinch(reader.canvas, 150)
    assert reader.page_text_px > theme.MIN_ELDER_PX * 1.2
    assert reader.zoom_label.text() == f"{round(reader.canvas.relative_zoom * 100)}%"
    while reader.canvas.relative_zoom > 1.0:  # back to 100 % by "− 缩小"
        finger.tap(reader.zoom_out_btn)
    assert reader.zoom_label.text() == "100%"
    assert reader.page_text_px == pytest.approx(theme.ELDER.body_px)
    finger.tap(reader.full_btn)
    overlay = reader._overlay
    assert overlay is not None and overlay.isVisible() and overlay.width() > 1800
    assert overlay.page_text_px >= theme.MIN_ELDER_PX
    finger.tap(overlay.full_btn)
    assert reader._overlay is None

    finger.tap_named("btn_open_print")
    qtbot.waitUntil(lambda: s.state is State.PRINT)
    options = k.window.current_screen()
    assert not options.next.isEnabled()  # nothing chosen for her
    finger.tap(options.purpose_buttons["other"])
    finger.tap_named("btn_preview_copy")
    qtbot.waitUntil(lambda: s.state is State.CERTIFY)
    qtbot.waitUntil(lambda: k.controller.view.copy_preview is not None, timeout=20000)
    finger.tap_named("btn_print_copy")
    qtbot.waitUntil(lambda: len(s.data.printed) == 1, timeout=20000)
    qtbot.waitUntil(lambda: k.window.current_screen().tray.isVisible())

    finger.tap_named("btn_checkout")
    qtbot.waitUntil(lambda: s.state is State.CHECKOUT)
    checkout = k.window.current_screen()
    qtbot.waitUntil(lambda: k.controller.view.receipt_status == "done", timeout=20000)
    assert checkout.summary.text() == "本次打印 1 份"
    finger.tap_named("rate_5")
    assert s.data.rating == 5 and checkout.rating.buttons[5].text() == "✓ 非常满意"
    finger.tap_named("btn_logout")
    qtbot.waitUntil(lambda: s.state is State.ATTRACT, timeout=15000)
    assert not reader.canvas.pages  # her pages left with her
