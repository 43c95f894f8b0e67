"""The visit's drawn guides: the step bar, the countdown ring, the spinner, the card going onto the reader
where this kiosk's reader is, the printer tray, and ratings in words with the visit's summary."""

from __future__ import annotations

import pydantic
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.config import UiConfig
from kiosk.paths import TRANSLATIONS
from kiosk.session_states import State
from ui import theme
from ui.appearance import Appearance
from ui.widgets.card_hint import PADS, CardOnReader
from ui.widgets.printer_tray import PrinterTray, copy_progress
from ui.widgets.rating import RatingChoices, visit_summary
from ui.widgets.step_bar import STEP_OF, StepBar
from ui.widgets.waiting import CountdownRing, Spinner

ACCENT = QColor(theme.NORMAL.primary)


def _host(qtbot, *widgets, size=(1200, 700)) -> QWidget:
    window = QWidget()
    window.setStyleSheet(theme.stylesheet(theme.NORMAL))
    layout = QVBoxLayout(window)
    for w in widgets:
        layout.addWidget(w)
    window.resize(*size)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _accent_pixels(image: QImage, x0: int, x1: int, y0: int = 0, y1: int | None = None) -> int:
    y1 = image.height() if y1 is None else y1
    near = 0
    for y in range(y0, y1, 3):
        for x in range(x0, x1, 3):
            c = QColor(image.pixel(x, y))
            if abs(c.red() - ACCENT.red()) + abs(c.green() - ACCENT.green()) + abs(c.blue() - ACCENT.blue()) < 30:
                near += 1
    return near


def test_the_step_bar_follows_the_visit_and_hides_outside_it(qtbot):
    bar = StepBar()
    _window = _host(qtbot, bar)
    bar.show_state(State.RECORD_VIEW)
    assert [label.property("step") for label in bar.labels] == ["done", "done", "current", "todo", "todo"]
    assert bar.labels[0].text().startswith("✓") and bar.labels[2].text().startswith("③")
    bar.show_state(State.CHECKOUT)
    assert bar.labels[4].property("step") == "current"
    bar.show_state(State.DIAGNOSTICS)
    assert not bar.isVisible()
    bar.show_state(State.ATTRACT)
    assert not bar.isVisible()
    resident_path = [State.READING_CARD, State.CONSENT, State.FACE_CHECK, State.HOME, State.RECORDS,
                     State.RECORD_VIEW, State.PRINT, State.CERTIFY, State.CHECKOUT]
    steps = [STEP_OF[s] for s in resident_path]
    assert steps == sorted(steps) and set(steps) == {0, 1, 2, 3, 4}


def test_the_current_step_wears_the_accent(qtbot):
    bar = StepBar()
    window = _host(qtbot, bar, size=(1600, 200))
    bar.show_state(State.PRINT)
    shot = bar.grab().toImage()
    current, other = bar.labels[3].geometry(), bar.labels[1].geometry()
    assert _accent_pixels(shot, current.left(), current.right(), current.top(), current.bottom()) > 50
    assert _accent_pixels(shot, other.left(), other.right(), other.top(), other.bottom()) == 0


def test_the_countdown_ring_empties_clockwise_from_the_top(qtbot):
    ring = CountdownRing(side=300)
    window = _host(qtbot, ring, size=(400, 400))
    ring.set_remaining(15, 30)
    shot = ring.grab().toImage()
    assert ring.accessibleName() == "15"
    right, left = _accent_pixels(shot, 150, 300), _accent_pixels(shot, 0, 150)
    assert right > 100 and left < right / 10  # half a ring: the right half
    ring.set_remaining(0, 30)
    assert _accent_pixels(ring.grab().toImage(), 0, 300) == 0
    assert window.isVisible()


def test_the_spinner_turns_only_while_shown(qtbot):
    spinner = Spinner()
    window = _host(qtbot, spinner, size=(300, 300))
    qtbot.waitUntil(lambda: spinner.angle > 20)
    spinner.hide()
    assert spinner.animation.state() == spinner.animation.State.Stopped
    assert window.isVisible()


@pytest.mark.parametrize("position", list(PADS))
def test_the_arrow_points_where_the_reader_is(qtbot, position):
    hint = CardOnReader(position)
    _window = _host(qtbot, hint, size=(1000, 700))
    tip, w, h = hint.arrow_tip(), hint.width(), hint.height()
    pad = hint.to_widget().mapRect(hint.pad())
    if position == "right":
        assert tip.x() > w * 0.6 and pad.left() > w * 0.7
    else:
        assert tip.y() > h * 0.6 and pad.top() > h * 0.6
        where = {"bottom_left": pad.center().x() < w * 0.4, "bottom_centre": abs(pad.center().x() - w / 2) < w * 0.1,
                 "bottom_right": pad.center().x() > w * 0.6}
        assert where[position]
    # The card comes from off the reader and ends lying on it.
    assert hint.card_rect(1.0).center() == hint.pad().center()
    assert not hint.pad().contains(hint.card_rect(0.0).center())
    # The arrow is painted in the accent around its tip.
    shot = hint.grab().toImage()
    x, y = int(tip.x()), int(tip.y())
    assert _accent_pixels(shot, max(0, x - 60), min(w, x + 60), max(0, y - 90), min(h, y + 10)) > 20


def test_the_reader_position_is_a_checked_setting():
    assert UiConfig().reader_position == "bottom_right"
    assert UiConfig(reader_position="right").reader_position == "right"
    with pytest.raises(pydantic.ValidationError):
        UiConfig(reader_position="under the desk")
    with pytest.raises(ValueError):
        CardOnReader("under the desk")


def test_the_tray_says_where_to_take_the_copy(qtbot):
    tray = PrinterTray()
    _window = _host(qtbot, tray, size=(500, 420))
    shot = tray.grab().toImage()
    # The arrow down to the tray is drawn in the accent on the right.
    assert _accent_pixels(shot, int(tray.width() * 0.8), tray.width()) > 20
    assert copy_progress(1, 2) == "Copy 1 of 2"


def test_ratings_are_words_and_the_chosen_one_is_ticked(qtbot):
    rating = RatingChoices()
    _window = _host(qtbot, rating, size=(1800, 200))
    assert [b.text() for b in rating.buttons.values()] == ["Very satisfied", "Satisfied", "Fairly satisfied",
                                                           "Dissatisfied", "Very dissatisfied"]
    with qtbot.waitSignal(rating.rated) as said:
        qtbot.mouseClick(rating.buttons[4], Qt.MouseButton.LeftButton)
    assert said.args == [4]
    assert rating.buttons[4].text() == "✓ Satisfied" and rating.buttons[4].isChecked()
    assert not rating.buttons[5].isChecked()


@pytest.fixture
def language(qapp, request):
    """Installs a shipped catalogue for the test (zh_CN, or en for its plural forms)."""
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / f"kiosk_{request.param}.qm"))
    QCoreApplication.installTranslator(translator)
    yield request.param
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_chinese_summary_step_names_and_copy_count(language):
    assert visit_summary(1, 1) == "本次打印 1 份，调档 1 件"
    assert visit_summary(0, 0) == "本次没有打印，也没有调档。"
    assert copy_progress(1, 2) == "第 1 份 / 共 2 份"
    bar = StepBar()
    assert bar.labels[0].text() == "① 放身份证"


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_plurals_come_from_qt(language):
    assert visit_summary(1, 0) == "This visit: 1 copy printed"
    assert visit_summary(2, 3) == "This visit: 2 copies printed, 3 records requested"


def test_the_english_look_loads_its_plural_catalogue(qapp):
    appearance = Appearance(qapp, TRANSLATIONS, language="en")
    try:
        appearance.apply()
        assert visit_summary(2, 0) == "This visit: 2 copies printed"
    finally:
        appearance.close()


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_reads_naturally(language):
    t = QCoreApplication.translate
    assert t("HomeScreen", "%n record(s) found.", "", 1) == "1 record found."
    assert t("HomeScreen", "%n record(s) found.", "", 5) == "5 records found."
    assert t("SearchScreen", "“%1”: %n result(s).", "", 2) == "“%1”: 2 results."
    assert t("TimeoutWarningScreen", "For your privacy this session ends in %n second(s).", "", 1).endswith(
        "in 1 second.")
    assert t("PrintOptionsScreen", "− One fewer") == "− One copy less"
    assert t("PrintOptionsScreen", "Court") == "A court case"
    assert t("TopBar", "Say again") == "Repeat"
