"""The kiosk's voice: speaks the current screen's prompt, can be muted, and repeats on request."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.errors import DeviceError, KioskError
from ui.speech.player import Player, SilentPlayer
from ui.speech.prompts import PROMPTS, prompt_text
from ui.speech.read_aloud import synthesise
from ui.workers import Worker

log = logging.getLogger("ui.speech")


class Speaker(QObject):
    #: (prompt key, text) each time a prompt is spoken (or would be, when muted: nothing is emitted then).
    spoken = Signal(str, str)
    mutedChanged = Signal(bool)

    def __init__(self, voice_dir: Path, worker: Worker, player: Player | None = None, *, enabled: bool = True,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.voice_dir = voice_dir
        self.worker = worker
        self.player = player or SilentPlayer()
        self.language = "zh_CN"
        self.muted = not enabled
        self.last_key: str | None = None
        self._failed_once = False

    def recording(self, key: str, language: str | None = None) -> Path:
        return self.voice_dir / (language or self.language) / f"{key}.wav"

    def say(self, key: str) -> None:
        if key not in PROMPTS:
            log.warning("no prompt %s", key)
            return
        self.last_key = key
        if self.muted:
            return
        self._play(key)

    def repeat(self) -> None:
        if self.last_key is not None and not self.muted:
            self._play(self.last_key)

    def read_aloud(self, text: str) -> None:
        """Speaks a text no recording holds (a page the resident asked to hear), even when the prompts are
        muted: the resident asked for it by name."""
        language = self.language
        self.spoken.emit("read_aloud", text)
        self.worker.run(lambda: _play(self.player, synthesise(text, language)), lambda _: None, self._failed)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self.mutedChanged.emit(muted)

    def _play(self, key: str) -> None:
        path = self.recording(key)
        self.spoken.emit(key, prompt_text(key, self.language))
        if not path.is_file():
            log.warning("prompt recording missing: %s", path.name)
            return
        # Playback blocks for seconds: always on the worker pool, never the UI thread.
        self.worker.run(lambda: _play(self.player, path), lambda _: None, self._failed)

    def _failed(self, err: KioskError) -> None:
        if not self._failed_once:
            log.warning("cannot play prompts: %s", err)
            self._failed_once = True


def _play(player: Player, path: Path) -> None:
    try:
        player.play(path)
    except (OSError, ValueError, EOFError) as e:
        raise DeviceError(f"audio: {e}", code="AUDIO_UNAVAILABLE") from None
