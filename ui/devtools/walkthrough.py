"""`kiosk demo --walkthrough OUTDIR`: drive the resident flows on the simulators and photograph every screen.

For each mode (normal, elder, high_contrast, elder_high_contrast, english) the kiosk, at a fixed 1920×1080,
goes through a whole visit — and a second one that ends at the staff hand-off — saving
``OUTDIR/<mode>/<screen>.png`` and one entry per screen in ``OUTDIR/accessibility.json`` measured from the
live widget tree (``ui/devtools/accessibility.py``).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QListWidget, QWidget

from kiosk.config import KioskConfig
from kiosk.session_states import State
from ui import theme
from ui.devtools.accessibility import measure
from ui.app import Kiosk, build_kiosk
from ui.speech.prompts import prompt_text
from ui.widgets.page_reader import PageReader

MODES: dict[str, dict[str, Any]] = {
    "normal": {"language": "zh_CN", "elder": False, "high_contrast": False},
    "elder": {"language": "zh_CN", "elder": True, "high_contrast": False},
    "high_contrast": {"language": "zh_CN", "elder": False, "high_contrast": True},
    "elder_high_contrast": {"language": "zh_CN", "elder": True, "high_contrast": True},
    "english": {"language": "en", "elder": False, "high_contrast": False},
}


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    """Run the event loop until ``condition`` holds (the walkthrough's own, outside any test). The limit
    is generous: on a loaded two-core machine a face check or a signed copy takes seconds."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            code = getattr(condition, "__code__", None)
            where = f" (the wait at walkthrough.py line {code.co_firstlineno})" if code is not None else ""
            raise TimeoutError(f"the walkthrough waited too long for the kiosk{where}")
        QTimer.singleShot(10, loop.quit)
        loop.exec()


class Walkthrough:
    def __init__(self, kiosk: Kiosk, outdir: Path, *, save_png: bool = True):
        self.k = kiosk
        self.outdir = outdir
        self.save_png = save_png
        self.entries: list[dict[str, Any]] = []
        self.mode = "normal"
        #: What the resident typed on the search screen, as the screens echo it.
        self.typed = ""

    # --- one photograph ---------------------------------------------------------------------------
    def capture(self, screen: str) -> None:
        QCoreApplication.processEvents()
        window = self.k.window
        image = window.grab().toImage()
        if self.save_png:
            folder = self.outdir / self.mode
            folder.mkdir(parents=True, exist_ok=True)
            image.save(str(folder / f"{screen}.png"))
        m = measure(window, image)
        current = window.current_screen()
        key = current.prompt()
        recording = self.k.speaker.recording(key, self.k.appearance.language)
        self.entries.append({
            "screen": screen, "mode": self.mode, "theme": self.k.appearance.theme.name,
            "min_text_px": m.min_text_px, "min_target_px": m.min_target_px,
            "min_contrast": round(m.min_contrast, 2),
            "prompt_key": key,
            "spoken_prompt": prompt_text(key, self.k.appearance.language) if key else "",
            "prompt_recording": recording.name if recording.is_file() else "",
            "clipped": m.clipped,
            # The document's text height on screen in the page reader, as it opened (None: no page shown).
            "page_text_px": _page_text_px(window, current),
            "window_px": [window.width(), window.height()],
            "chinese_texts": _chinese_texts(window, self.typed) if self.k.appearance.language == "en" else [],
            "worst": m.worst(),
        })

    def act(self, action: str, payload: object = None) -> None:
        """Do what a touch on the current screen would do."""
        self.k.window.current_screen().action.emit(action, payload)
        QCoreApplication.processEvents()

    def attract_shown(self) -> bool:
        """The visit before has ended and its goodbye is gone: the attract screen is the one on show."""
        return self.k.session.state is State.ATTRACT and self.k.window.current_screen().prompt_key == "attract"

    def in_state(self, state: State) -> Callable[[], bool]:
        return lambda: self.k.session.state is state

    # --- the visits -------------------------------------------------------------------------------
    def run(self) -> list[dict[str, Any]]:
        for mode, settings in MODES.items():
            self.mode = mode
            self.k.appearance.defaults = (settings["language"], settings["elder"], settings["high_contrast"])
            self.k.appearance.reset()
            try:
                self.full_visit()
                self.assisted_visit()
            except TimeoutError as e:  # where it stopped: the look, and where the session was
                raise TimeoutError(f"{e}: {mode} look, the session at {self.k.session.state.name}") from None
        return self.entries

    def full_visit(self) -> None:
        k, s, sims = self.k, self.k.session, self.k.services.simulators
        v = k.controller.view
        wait_until(self.attract_shown)
        self.capture("attract")
        self.act("verify_certificate")
        wait_until(lambda: _has_picture(k.window.current_screen().findChild(QLabel, "preview")))
        self.capture("verify_certificate")
        check = k.window.current_screen()
        check.type_code.click()  # the code typed from the paper on the big keypad, four characters in
        for ch in "3WX5":
            check.keypad.keys[ch].click()
        self.capture("verify_code")
        check.type_code.click()
        self.act("back")
        self.act("show_card_hint")
        self.capture("place_card")
        s.card_presented()
        self.capture("reading_card")
        k.card_sim.place("ouyang_xiuying")
        wait_until(self.in_state(State.CONSENT))
        self.capture("consent")
        sims["face"].hold.set()
        self.act("agree")
        wait_until(lambda: _has_picture(k.window.current_screen().findChild(QLabel, "preview")))
        self.capture("face_check")
        sims["face"].hold.clear()
        wait_until(lambda: s.state is State.HOME and not v.records_loading)
        self.capture("home")
        self.act("open_type", "social_insurance")
        self.capture("records")
        self.act("open_record", s.data.records[0].record_id if s.data.records else "")
        wait_until(lambda: v.pages is not None)
        wait_until(lambda: bool(k.window.current_screen().findChild(PageReader).canvas.pages))
        self.capture("record_view")
        self.act("open_print")
        self.act("purpose", "pension")
        self.capture("print")
        self.act("preview_copy")
        wait_until(lambda: v.copy_preview is not None)
        certify = k.window.current_screen()
        wait_until(lambda: certify.reader.canvas.sharp_image() is not None)  # drawn from the PDF
        self.capture("certify")
        certify.reader.full_btn.click()  # the resident reads her copy full screen before printing it
        overlay = certify.reader._overlay
        wait_until(lambda: overlay is not None and overlay.canvas.sharp_image() is not None)
        self.capture("certify_read")
        certify.reader._close_overlay()
        sims["printer"].set_paper_out(True)
        self.act("print_copy")
        wait_until(lambda: s.fault is not None)
        self.capture("error_printer")
        sims["printer"].set_paper_out(False)
        sims["printer"].hold.set()
        self.act("fault_retry")
        wait_until(lambda: (v.print_job or {}).get("status") == "printing")
        self.capture("printing")
        sims["printer"].hold.clear()
        wait_until(lambda: (v.print_job or {}).get("status") == "done")
        self.capture("printed")
        self.act("home")
        self.act("open_search")
        self.capture("search")
        self.typed = "张"
        self.act("search", self.typed)
        wait_until(lambda: v.search_hits is not None)
        self.capture("search_results")
        hits = v.search_hits
        held_elsewhere = next((i for i, h in enumerate(hits) if not h.openable), None)
        if held_elsewhere is not None:
            self.act("open_hit", held_elsewhere)
        else:
            self.act("open_request")
            self.act("request_type", "marriage")
        self.capture("request")
        self.act("submit_request")
        wait_until(lambda: bool(s.data.requests))
        self.capture("request_sent")
        self.typed = ""
        self.act("home")
        self.act("open_guide")
        self.capture("guide")
        s.transition(State.TIMEOUT_WARNING, "walkthrough")
        self.capture("timeout_warning")
        self.act("more_time")
        self.act("checkout")
        wait_until(lambda: v.receipt_status == "done")
        self.act("rate", 5)
        self.capture("checkout")
        self.act("logout")
        self.capture("goodbye")
        s.finish_wipe()

    def assisted_visit(self) -> None:
        k, s, sims = self.k, self.k.session, self.k.services.simulators
        wait_until(self.attract_shown)
        k.card_sim.place("zhang_jianguo")
        wait_until(self.in_state(State.CONSENT))
        sims["face"].lose_camera(True)
        self.act("agree")
        wait_until(lambda: s.fault is not None)
        self.capture("error_camera")
        sims["face"].lose_camera(False)
        self.act("fault_assisted")
        self.capture("assisted_verify")
        self.act("logout")
        s.finish_wipe()


def _page_text_px(window: QWidget, screen: QWidget) -> float | None:
    """The page text's height in the reader on show: the screen's own, or one opened over the window."""
    full = [r for r in window.findChildren(PageReader, "page_reader_full") if r.isVisible()]
    readers = full or [r for r in screen.findChildren(PageReader) if r.isVisible()]
    readers = [r for r in readers if r.canvas.pages]
    return round(min(r.page_text_px for r in readers), 1) if readers else None


#: A masked name (张*国, 欧**英): a person's name stays as written in any language.
_MASKED_NAME = re.compile(r"[\u4e00-\u9fff]+\*+[\u4e00-\u9fff]*")
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _chinese_texts(window: QWidget, typed: str) -> list[str]:
    """Texts on show with Chinese in them, as "widget: text" (what an English screen must not hold), leaving
    out the switch back to Chinese, which is written in Chinese on purpose, masked names, and what the
    resident typed (a name searched for is the resident's own words)."""
    shown: list[tuple[str, str]] = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.objectName() == "bar_language":
            continue
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            shown.append((w.objectName(), w.text()))
        elif isinstance(w, QListWidget):
            shown += [(w.objectName(), w.item(i).text()) for i in range(w.count()) if not w.isRowHidden(i)]
    def left(text: str) -> str:
        text = _MASKED_NAME.sub("", text)
        return text.replace(typed, "") if typed else text

    return [f"{name}: {text}" for name, text in shown if _CHINESE.search(left(text))]


def _has_picture(label: QLabel | None) -> bool:
    return label is not None and label.pixmap() is not None and not label.pixmap().isNull()


def run_walkthrough(config: KioskConfig, outdir: Path, *, save_png: bool = True) -> dict[str, Any]:
    from kiosk.demo_setup import prepare_demo

    ui = config.ui.model_copy(update={"goodbye_s": 30.0, "fullscreen": False, "demo_panel": True,
                                      "width": 1920, "height": 1080})
    config = config.model_copy(update={"ui": ui})
    prepare_demo(config)
    kiosk = build_kiosk(config, demo=True)
    try:
        # The kiosk's screen does not grow: a screen whose content needs more room shows up as clipped.
        kiosk.window.setFixedSize(ui.width, ui.height)
        kiosk.window.show()
        entries = Walkthrough(kiosk, outdir, save_png=save_png).run()
    finally:
        kiosk.window.close()
        kiosk.shutdown()
    report = {"size": [ui.width, ui.height],
              "thresholds": {"body_px": theme.MIN_BODY_PX, "elder_px": theme.MIN_ELDER_PX,
                             "target_px": theme.MIN_TARGET_PX, "contrast": theme.MIN_CONTRAST},
              "screens": entries}
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "accessibility.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def walkthrough_app(config: KioskConfig, outdir: Path) -> dict[str, Any]:
    """The walkthrough as a command: makes the QApplication it needs."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        return run_walkthrough(config, outdir)
    finally:
        del app
