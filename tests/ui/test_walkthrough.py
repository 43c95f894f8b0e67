"""The walkthrough photographs every resident screen in every mode; each must meet the look's floors at
1920×1080. The measurement itself is shown to catch small text, small or overlapping targets and faint text."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from kiosk.config import load_config
from tests.conftest import write_config
from ui import theme
from ui.devtools.accessibility import measure
from ui.devtools.walkthrough import MODES



@pytest.fixture(scope="module")
def report(qapp, tmp_path_factory):
    """One walkthrough (no PNGs: the measurement grabs the window either way) shared by the tests here."""
    from ui.devtools.walkthrough import run_walkthrough

    folder = tmp_path_factory.mktemp("walkthrough")
    # The longest point name the kiosk ships with: the top bar must fit it in every look.
    cfg = write_config(folder / "kiosk.toml", point_name="西湖区文新街道社区档案便民服务点", kiosk_id="walk-01",
                       ui="speech = false")
    with pytest.MonkeyPatch.context() as mp:
        import os

        for k in list(os.environ):
            if k.startswith("KIOSK_"):
                mp.delenv(k)
        config = load_config(cfg)
        out = folder / "out"
        returned = run_walkthrough(config, out, save_png=False)
    written = json.loads((out / "accessibility.json").read_text(encoding="utf-8"))
    assert written["screens"] == returned["screens"]
    assert not list(out.rglob("*.png"))
    return written


def test_at_least_twelve_screens_each_in_every_mode(report):
    by_mode: dict[str, set[str]] = {}
    for e in report["screens"]:
        by_mode.setdefault(e["mode"], set()).add(e["screen"])
    assert set(by_mode) == set(MODES)
    assert {"normal", "elder", "high_contrast", "elder_high_contrast", "english"} <= set(MODES)
    screens = by_mode["normal"]
    assert len(screens) >= 12
    assert all(shown == screens for shown in by_mode.values()), "a mode skipped a screen"
    assert report["size"] == [1920, 1080]


def test_every_screen_meets_the_floors_at_1920x1080(report):
    failures = []
    for e in report["screens"]:
        text_floor = theme.MIN_ELDER_PX if MODES[e["mode"]]["elder"] else theme.MIN_BODY_PX
        where = f"{e['mode']}/{e['screen']}"
        if e["window_px"] != [1920, 1080]:
            failures.append(f"{where}: window {e['window_px']}")
        if e["min_text_px"] < text_floor:
            failures.append(f"{where}: text {e['min_text_px']} px ({e['worst'].get('text')})")
        if e["min_target_px"] < theme.MIN_TARGET_PX:
            failures.append(f"{where}: target {e['min_target_px']} px ({e['worst'].get('target')})")
        if e["min_contrast"] < theme.MIN_CONTRAST:
            failures.append(f"{where}: contrast {e['min_contrast']}:1 ({e['worst'].get('contrast')})")
        if e["clipped"]:
            failures.append(f"{where}: {e['clipped']}")
    assert not failures, "\n".join(failures)


def test_a_document_opens_readable_in_the_page_reader(report):
    """The page's own text, at the reader's opening zoom, is as large as the look's body text floor."""
    shown = [e for e in report["screens"] if e["page_text_px"] is not None]
    assert {e["mode"] for e in shown if e["screen"] == "record_view"} == set(MODES)
    assert {e["mode"] for e in shown if e["screen"] == "certify_read"} == set(MODES)
    for e in shown:
        floor = theme.MIN_ELDER_PX if MODES[e["mode"]]["elder"] else theme.MIN_BODY_PX
        assert e["page_text_px"] >= floor, f"{e['mode']}/{e['screen']}: page text {e['page_text_px']} px"


#: Screens that say the same thing, so may speak the same prompt: both faults here are the same kind of
#: screen only when their words are the same (they are not: a printer and a camera differ).
SAME_THING: list[set[str]] = [{"certify", "certify_read"}]  # the copy, and the same copy read large


def test_no_two_screens_speak_the_same_prompt_unless_they_say_the_same_thing(report):
    for mode in MODES:
        speakers: dict[str, set[str]] = {}
        for e in report["screens"]:
            if e["mode"] == mode:
                speakers.setdefault(e["spoken_prompt"], set()).add(e["screen"])
        shared = [screens for screens in speakers.values() if len(screens) > 1 and screens not in SAME_THING]
        assert not shared, f"{mode}: one prompt spoken on different screens: {shared}"


def test_every_english_screen_reads_english(report):
    """The point's name, record titles, guides, faults: no Chinese on any screen shown in English (but the
    switch back to 中文, and masked names, which stay as written)."""
    english = [e for e in report["screens"] if MODES[e["mode"]]["language"] == "en"]
    assert len(english) >= 12
    left = {e["screen"]: e["chinese_texts"] for e in english if e["chinese_texts"]}
    assert not left, left
    assert all(e["chinese_texts"] == [] for e in report["screens"])  # only English screens are looked at


def test_the_themes_are_the_ones_asked_for(report):
    themes = {(e["mode"], e["theme"]) for e in report["screens"]}
    assert themes == {("normal", "normal"), ("elder", "elder"), ("high_contrast", "high_contrast"),
                      ("elder_high_contrast", "high_contrast_elder"), ("english", "normal")}


def test_every_screen_has_a_spoken_prompt_in_its_language_with_a_recording(report):
    for e in report["screens"]:
        where = f"{e['mode']}/{e['screen']}"
        assert e["spoken_prompt"].strip(), where
        assert e["prompt_recording"].endswith(".wav"), where
        has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in e["spoken_prompt"])
        assert has_chinese == (MODES[e["mode"]]["language"] == "zh_CN"), where


def test_the_measurement_catches_small_text_small_and_overlapping_targets_and_faint_text(qtbot):
    window = QWidget()
    # The kiosk's app-wide stylesheet (left by an earlier test) would grow the small button to 112 px.
    window.setStyleSheet("QWidget { background: #FFFFFF; } QPushButton { min-height: 0; min-width: 0; padding: 0; }")
    window.resize(800, 400)
    qtbot.addWidget(window)
    faint = QLabel("淡淡的字 faint", window)
    faint.setObjectName("faint")
    faint.setStyleSheet("color: #BBBBBB; font-size: 20px;")
    faint.setGeometry(10, 10, 500, 80)
    small = QPushButton("小", window)
    small.setObjectName("small")
    small.setGeometry(10, 200, 60, 60)
    over = QPushButton("叠", window)
    over.setObjectName("over")
    over.setGeometry(40, 220, 120, 120)
    window.show()
    qtbot.waitExposed(window)
    m = measure(window)
    assert m.min_text_px == 20
    assert m.min_target_px == 60 and m.worst()["target"].endswith("/small")
    assert m.min_contrast < 2.0 and m.worst()["contrast"].endswith("/faint")
    assert any("overlaps" in c for c in m.clipped)
    squeezed = QLabel("一行\n两行\n三行", window)
    squeezed.setObjectName("squeezed")
    squeezed.setGeometry(600, 10, 180, 30)
    squeezed.show()
    assert "/squeezed (text cut)" in measure(window).clipped


def test_the_measurement_catches_a_row_cut_by_its_list(qtbot):
    """The guide's "办理时间" row was half shown at the bottom of its list in elder mode, and passed."""
    window = QWidget()
    window.setStyleSheet("QWidget { background: #FFFFFF; font-size: 40px; }")
    window.resize(800, 800)
    qtbot.addWidget(window)
    lst = QListWidget(window)
    lst.setObjectName("guide_text")
    lst.setGeometry(10, 10, 600, 760)
    for text in ("证明：婚姻关系", "还需携带：身份证", "办理时间：工作日 9:00—17:00"):
        lst.addItem(QListWidgetItem(text))
    window.show()
    qtbot.waitExposed(window)
    last = lst.visualItemRect(lst.item(2))
    lst.setGeometry(10, 10, 600, last.top() + last.height() // 2 + 2 * lst.frameWidth())
    cut = [c for c in measure(window).clipped if "cut by its list" in c]
    assert cut == ["/guide_text row 3 (cut by its list)"]
    lst.setGeometry(10, 10, 600, 760)  # room for every row: nothing is cut once the list has laid out
    qtbot.waitUntil(lambda: not [c for c in measure(window).clipped if "cut by its list" in c])
