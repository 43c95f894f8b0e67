"""A page read aloud: synthesised in memory by the kiosk's speech engine and played off the UI thread."""

from __future__ import annotations

import shutil
import threading
import wave

import pytest

from ui.speech.read_aloud import synthesise
from ui.speech.speaker import Speaker
from ui.workers import Worker

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


class _Recorder:
    backend = "test"

    def __init__(self):
        self.seconds: list[float] = []
        self.threads: list[bool] = []

    def play(self, wav) -> None:
        with wave.open(wav, "rb") as w:
            self.seconds.append(w.getnframes() / w.getframerate())
        self.threads.append(threading.current_thread() is threading.main_thread())


def test_a_longer_text_makes_longer_speech():
    short = wave.open(synthesise("结婚登记证明。", "zh_CN"), "rb")
    long = wave.open(synthesise("结婚登记证明。男方姓名，王德明。女方姓名，欧阳秀英。登记日期，1975年6月1日。", "zh_CN"), "rb")
    assert short.getsampwidth() == 2
    assert long.getnframes() > 2 * short.getnframes()


def test_the_speaker_reads_a_page_off_the_ui_thread_even_when_prompts_are_muted(qtbot, tmp_path):
    player = _Recorder()
    worker = Worker()
    speaker = Speaker(tmp_path, worker, player, enabled=False)
    with qtbot.waitSignal(speaker.spoken) as said:
        speaker.read_aloud("档号，330106-J001-1975-HY-0003。")
    assert said.args[0] == "read_aloud"
    try:
        qtbot.waitUntil(lambda: bool(player.seconds), timeout=20000)
        qtbot.waitUntil(lambda: not worker._live)  # the answer delivered before the worker goes
    finally:
        worker.close()
        worker.deleteLater()
    assert player.seconds[0] > 1.0 and player.threads == [False]
    assert not list(tmp_path.iterdir())  # nothing written to disk
