"""Searching the catalogue by finger: a name written on the pad, a year on the 123 keys, the query still in
view with the results, and keys and pad larger in elder mode. Touch events on the window only (Qt turns an
unhandled touch into a button's click, as on the kiosk's screen); no slot is called directly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

from hardware.handwriting import HandwritingUnavailable
from kiosk.session_states import State
from hardware.handwriting.samples import CHARACTERS, SIZE
from tests.ui.conftest import with_ui
from tests.ui.helpers import all_texts


def _kiosk(qtbot, config, face_engine):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    prepare_demo(config)
    k = build_kiosk(config, demo=True, face_engine=face_engine)
    qtbot.addWidget(k.window)
    k.window.resize(1920, 1080)
    k.window.show()
    qtbot.waitExposed(k.window)
    return k


@pytest.fixture
def elder_kiosk(qtbot, kiosk_config, face_engine):
    k = _kiosk(qtbot, with_ui(kiosk_config, elder_mode=True), face_engine)
    yield k
    k.shutdown()


class Finger:
    def __init__(self, qtbot, window: QWidget):
        self.qtbot = qtbot
        self.window = window
        self.device = QTest.createTouchDevice()

    def _at(self, widget: QWidget, x: float, y: float) -> QPoint:
        return widget.mapTo(self.window, QPoint(round(x), round(y)))

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not shown"
        point = widget.mapTo(self.window, widget.rect().center())
        QTest.touchEvent(self.window, self.device).press(0, point, self.window).commit()
        QTest.touchEvent(self.window, self.device).release(0, point, self.window).commit()

    def tap_named(self, name: str) -> None:
        screen = self.window.current_screen()
        button = next((b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()), None)
        assert button is not None, f"no {name} on {screen.objectName()}"
        self.tap(button)

    def write(self, canvas: QWidget, strokes) -> None:
        """Each stroke pressed, moved through and lifted on the canvas, scaled from the 300 px drawings."""
        f = canvas.width() / SIZE
        for stroke in strokes:
            first, *rest = [self._at(canvas, x * f, y * f) for x, y in stroke]
            QTest.touchEvent(self.window, self.device).press(0, first, self.window).commit()
            for p in rest:
                QTest.touchEvent(self.window, self.device).move(0, p, self.window).commit()
            QTest.touchEvent(self.window, self.device).release(0, rest[-1] if rest else first, self.window).commit()


def _to_search(qtbot, k, finger: Finger):
    """Card, consent, face, then 查找档案 — touches only. The spoken prompts are heard (not played)."""
    k.speaker.set_muted(False)
    k.card_sim.place("ouyang_xiuying")
    qtbot.waitUntil(lambda: k.session.state is State.CONSENT, timeout=15000)
    finger.tap_named("btn_agree")
    qtbot.waitUntil(lambda: k.session.state is State.HOME, timeout=30000)
    with qtbot.waitSignal(k.speaker.spoken) as spoken:
        finger.tap_named("btn_open_search")
    assert k.session.state is State.SEARCH
    return k.window.current_screen(), spoken.args


def _candidate(pad, character: str) -> QPushButton:
    return next(b for b in pad.candidates if b.isVisible() and b.text() == character)


def test_an_elder_writes_a_name_by_finger_finds_it_and_types_a_year(qtbot, elder_kiosk):
    """One visit (each visit passes the face check, which is slow on a busy machine), in four parts."""
    k = elder_kiosk
    finger = Finger(qtbot, k.window)
    search, spoken = _to_search(qtbot, k, finger)
    pad = search.pad

    # 1. Elder mode opens on the pad, says so on its switch and in its own spoken words; the query is
    #    larger than the screen's text.
    assert search.input_name == "handwriting" and pad.isVisible() and pad.canvas.isVisible()
    assert search.switches["handwriting"].text() == "✔ 手写"
    assert spoken[0] == "search_handwriting" and "写" in spoken[1]
    assert k.speaker.recording("search_handwriting").is_file()
    body = QFontInfo(search.font()).pixelSize()
    assert body >= 48 and QFontInfo(search.query.font()).pixelSize() >= body * 1.4

    # 2. A surname written stroke by stroke, recognised after each stroke, picked, searched. Writing
    #    counts as using the kiosk: the idle timer starts again with each stroke.
    idle_s = k.session.idle_timeout_s
    qtbot.waitUntil(lambda: k.session.seconds_left() < idle_s - 1.0, timeout=5000)
    finger.write(pad.canvas, CHARACTERS["张"][:1])
    assert k.session.seconds_left() > idle_s - 0.5
    finger.tap(pad.rewrite)
    timings: list[float] = []
    pad.recognised.connect(lambda _chars, ms: timings.append(ms))
    finger.write(pad.canvas, CHARACTERS["张"])
    assert len(timings) == len(CHARACTERS["张"])
    assert "张" in pad.shown_candidates()[:3]
    finger.tap(_candidate(pad, "张"))
    assert search.query.text() == "张"
    assert pad.canvas.strokes == [] and pad.shown_candidates() == []  # ready for the next character
    finger.tap_named("btn_search")
    qtbot.waitUntil(lambda: search.results.isVisible() and search.results.count() > 0, timeout=10000)
    hits = k.controller.view.search_hits
    assert hits and all("张*国" in h.masked_names for h in hits)
    # What was searched for stays in view: in its field and in the line above the results.
    assert search.query.isVisible() and search.query.text() == "张"
    assert "「张」" in search.summary.text() and search.summary.isVisible()
    assert "张建国" not in all_texts(search)

    # 3. One touch brings the pad back with the query kept; 重写 clears the ink, 退格 takes back a character.
    finger.tap_named("btn_show_keyboard")
    assert pad.isVisible() and search.query.text() == "张"
    finger.write(pad.canvas, CHARACTERS["王"])
    assert pad.shown_candidates()[0] == "王"
    finger.tap(pad.rewrite)
    assert pad.canvas.strokes == [] and pad.shown_candidates() == []
    for character in ("李", "秀"):
        finger.write(pad.canvas, CHARACTERS[character])
        finger.tap(_candidate(pad, character))
    assert search.query.text() == "张李秀"
    finger.tap(pad.backspace)
    finger.tap(pad.backspace)
    assert search.query.text() == "张"
    # A mouse (an assisted desk) writes as a finger does.
    f = pad.canvas.width() / SIZE
    for stroke in CHARACTERS["王"]:
        points = [QPoint(round(x * f), round(y * f)) for x, y in stroke]
        QTest.mousePress(pad.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for p in points[1:]:
            QTest.mouseMove(pad.canvas, p)
        QTest.mouseRelease(pad.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
    assert len(pad.canvas.strokes) == 4 and pad.shown_candidates()[0] == "王"
    finger.tap(pad.rewrite)

    # 4. The 123 switch: digit keys only, a year typed, searched, and kept in view.
    finger.tap(pad.backspace)
    finger.tap_named("input_digits")
    assert search.keyboard.isVisible() and not pad.isVisible()
    assert search.switches["digits"].text() == "✔ 123" and search.switches["handwriting"].text() == "手写"
    assert search.prompt() == "search"
    keys = {b.text() for b in search.keyboard.findChildren(QPushButton) if b.isVisible()}
    assert {t for t in keys if t.isdigit()} == set("1234567890")
    assert not any(t.isascii() and t.isalpha() for t in keys), keys
    qtbot.waitUntil(lambda: k.session.seconds_left() < idle_s - 1.0, timeout=5000)
    for digit in "1983":
        finger.tap_named(f"key_{digit}")
    assert k.session.seconds_left() > idle_s - 0.5  # typing counts too
    assert search.query.text() == "1983"
    finger.tap_named("btn_search")
    qtbot.waitUntil(lambda: search.results.isVisible(), timeout=10000)
    assert search.query.text() == "1983" and "「1983」" in search.summary.text()


def test_keys_and_pad_grow_in_elder_mode(qtbot, kiosk_config, face_engine):
    k = _kiosk(qtbot, kiosk_config, face_engine)
    try:
        finger = Finger(qtbot, k.window)
        search, _ = _to_search(qtbot, k, finger)
        # Pinyin first in the normal look; the pad one touch away.
        assert search.input_name == "pinyin"

        def sizes():
            search.use_input("handwriting")
            qtbot.waitUntil(lambda: search.pad.canvas.isVisible())
            pad = (search.pad.canvas.width(), search.pad.rewrite.height(), search.pad.candidates[0].height())
            search.use_input("pinyin")
            qtbot.waitUntil(lambda: search.keyboard.isVisible())
            key = search.keyboard.findChild(QPushButton, "key_q")
            return pad + (key.width(), key.height(), search.switches["pinyin"].height())

        normal = sizes()
        k.appearance.set(elder=True)
        qtbot.waitUntil(lambda: search.pad.canvas.sizeHint().width() > normal[0])
        elder = sizes()
        assert all(e > n for e, n in zip(elder, normal)), (normal, elder)
        assert min(elder[1:]) >= 126  # every elder-mode target
        assert elder[0] >= 480  # room to write with a finger
        # Larger, and still within a 1080-line screen under the top bar, whichever input shows (the
        # step bar gives way when there is no room, as on any tall screen).
        for name in ("handwriting", "pinyin", "digits"):
            search.use_input(name)
            needed = search.minimumSizeHint().height() + k.window.top_bar.height()
            assert needed <= 1080, (name, needed)
    finally:
        k.shutdown()


def test_without_a_recogniser_the_pad_says_so_and_pinyin_is_first(qtbot, kiosk_config, face_engine, monkeypatch):
    def missing():
        raise HandwritingUnavailable("the handwriting model is not installed")

    monkeypatch.setattr("ui.screen_registry.open_recogniser", missing)
    k = _kiosk(qtbot, with_ui(kiosk_config, elder_mode=True), face_engine)
    try:
        finger = Finger(qtbot, k.window)
        search, _ = _to_search(qtbot, k, finger)
        assert search.input_name == "pinyin" and search.keyboard.isVisible()
        finger.tap_named("input_handwriting")
        notice = search.pad.notice
        assert notice.isVisible() and not search.pad.canvas.isVisible()
        assert "手写" in notice.text() and "拼音" in notice.text() and "HANDWRITING" not in notice.text()
        finger.tap_named("input_pinyin")
        for key in "wang":
            finger.tap_named(f"key_{key}")
        finger.tap_named("key_cand_0")
        assert search.query.text() == "王"
    finally:
        k.shutdown()
