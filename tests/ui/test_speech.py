"""Every screen the kiosk can show has a spoken prompt recorded in both languages, and playing it never
holds the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from ui.screens.base import Screen
from ui.speech.prompts import PROMPTS, prompt_text
from ui.speech.speaker import Speaker


def test_every_screen_in_the_window_has_a_prompt_recorded_in_both_languages(kiosk):
    stack = kiosk.window.stack
    screens = [stack.widget(i) for i in range(stack.count())]
    screens = [s for s in screens if isinstance(s, Screen)]
    assert len(screens) >= 18  # resident, staff and technician screens
    missing = []
    for screen in screens:
        key = screen.prompt()
        if key not in PROMPTS:
            missing.append(f"{screen.objectName()}: no prompt {key!r}")
            continue
        for language in ("zh_CN", "en"):
            if not prompt_text(key, language).strip() or not kiosk.speaker.recording(key, language).is_file():
                missing.append(f"{screen.objectName()}: {language} recording of {key!r}")
    assert not missing, missing


class _BlockingPlayer:
    """A sound card that takes as long as the test says: play() returns only when released."""

    backend = "test"

    def __init__(self):
        self.release = threading.Event()
        self.played: list[str] = []
        self.on_ui_thread: bool | None = None

    def play(self, wav: Path) -> None:
        self.on_ui_thread = threading.current_thread() is threading.main_thread()
        self.played.append(wav.name)
        self.release.wait(10)


def test_a_prompt_plays_off_the_ui_thread_and_the_ui_goes_on_while_it_plays(qtbot, kiosk):
    player = _BlockingPlayer()
    speaker = Speaker(kiosk.speaker.voice_dir, kiosk.worker, player)
    spoken = []
    speaker.spoken.connect(lambda key, text: spoken.append(key))
    speaker.say("attract")  # returns at once although the player blocks
    speaker.say("home")
    assert spoken == ["attract", "home"]
    qtbot.waitUntil(lambda: len(player.played) >= 1)
    assert player.on_ui_thread is False
    player.release.set()
    qtbot.waitUntil(lambda: sorted(player.played) == ["attract.wav", "home.wav"])
    speaker.set_muted(True)
    speaker.repeat()
    assert spoken == ["attract", "home"]  # muted: nothing more spoken
