"""Every screen fits the kiosk's 1920×1080 display in every look and both languages.

The window is the top bar over the screen on show (the step bar steps aside when a screen needs the
height). A screen asking for more than is left under the bar would make the window outgrow the display
and cut its bottom row of buttons. Screens are measured as built, with every part shown, which is more than
any one phase of a screen shows at once.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication


WIDTH, HEIGHT = 1920, 1080
LOOKS = [(language, elder, contrast) for elder in (False, True) for contrast in (False, True)
         for language in ("zh_CN", "en")]
#: Every screen the window can show: the session's table, the staff modes and the error screen.
EXPECTED = {"AttractScreen", "HomeScreen", "RecordsScreen", "RecordViewScreen", "SearchScreen", "CertifyScreen",
            "PrintOptionsScreen", "AgentLoginScreen", "TechnicianLoginScreen", "ProxyRequestScreen",
            "DiagnosticsScreen", "ServiceGuideScreen"}


@pytest.fixture
def kiosk_1080(qtbot, kiosk_config, face_engine):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    from kiosk.config import load_config
    from tests.conftest import ROOT

    # The demo point's long names: in English, in elder mode, they fill the top bar with four lines.
    demo_point = load_config(ROOT / "config" / "demo.toml").point
    point = kiosk_config.point.model_copy(update={"name": demo_point.name, "name_en": demo_point.name_en})
    config = kiosk_config.model_copy(update={"point": point})
    prepare_demo(config)
    k = build_kiosk(config, demo=True, face_engine=face_engine)
    qtbot.addWidget(k.window)
    k.window.resize(WIDTH, HEIGHT)
    k.window.show()
    qtbot.waitExposed(k.window)
    yield k
    k.shutdown()


def _screens(window):
    return [window.stack.widget(i) for i in range(window.stack.count())]


def _needed(window, screen) -> tuple[int, int]:
    """The window's least size with this screen under the top bar. Qt sizes a window by the height its
    wrapped lines need at the window's least width, so that is the width they are measured at."""
    hint, bar = screen.minimumSizeHint(), window.top_bar.minimumSizeHint()
    width = max(hint.width(), bar.width())
    height = max(hint.height(), screen.heightForWidth(width) if screen.hasHeightForWidth() else 0)
    return width, height + bar.height()


def test_every_screen_fits_1080_lines_in_every_look(qtbot, kiosk_1080):
    k = kiosk_1080
    names = {type(s).__name__ for s in _screens(k.window)}
    assert EXPECTED <= names, EXPECTED - names
    too_big = []
    for language, elder, contrast in LOOKS:
        k.appearance.set(language=language, elder=elder, high_contrast=contrast)
        for screen in _screens(k.window):
            # On show: a hidden widget's layout keeps the sizes it had in the look before.
            k.window.stack.setCurrentWidget(screen)
            QCoreApplication.processEvents()
            width, height = _needed(k.window, screen)
            if width > WIDTH or height > HEIGHT:
                too_big.append((k.appearance.mode, type(screen).__name__, width, height))
    assert not too_big, "\n".join(map(str, too_big))


def test_the_window_stays_1920x1080_while_every_screen_shows(qtbot, kiosk_1080):
    k, window = kiosk_1080, kiosk_1080.window
    window.step_bar.show_state(None)  # the step bar hides itself where a screen needs its room
    grew = []
    for elder in (False, True):
        k.appearance.set(elder=elder, high_contrast=elder)
        for screen in _screens(window):
            window.resize(WIDTH, HEIGHT)  # each screen from the display's size, not from the last one's
            window.stack.setCurrentWidget(screen)
            window.stack.updateGeometry()
            QCoreApplication.processEvents()  # the layout request posted by the switch
            hint = window.minimumSizeHint()
            if window.height() > HEIGHT or window.width() > WIDTH or hint.height() > HEIGHT or hint.width() > WIDTH:
                grew.append((k.appearance.mode, type(screen).__name__, window.size().toTuple(), hint.toTuple()))
    assert not grew, "\n".join(map(str, grew))
