"""Plays a WAV file on the sound server or card, whichever this machine has, or stays silent.

PySide6-Essentials has no QtMultimedia, so playback goes through the C libraries every Debian desktop has
(libpulse-simple, else libasound) by ctypes. Which one is decided once, by looking for a running sound
server or a sound card; a kiosk without either keeps working and only loses its voice. ``play`` blocks
until the prompt has been played: callers run it off the UI thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import wave
from pathlib import Path
from typing import BinaryIO, Protocol

log = logging.getLogger("ui.speech")


class Player(Protocol):
    #: "pulse", "alsa" or "none"; shown by diagnostics and the bench.
    backend: str

    def play(self, wav: Path | BinaryIO) -> None: ...


class SilentPlayer:
    backend = "none"

    def play(self, wav: Path | BinaryIO) -> None:
        """No sound device: the prompt is also on screen as text, so nothing is lost but the voice."""


def _frames(wav: Path | BinaryIO) -> tuple[bytes, int, int]:
    """A recording on disk, or one made in memory (a page read aloud)."""
    with wave.open(str(wav) if isinstance(wav, Path) else wav, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError("only 16-bit prompts are supported")
        return w.readframes(w.getnframes()), w.getframerate(), w.getnchannels()


class _PaSampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class PulsePlayer:
    backend = "pulse"
    _S16LE = 3
    _PLAYBACK = 1

    def __init__(self, lib: ctypes.CDLL):
        self.lib = lib
        lib.pa_simple_new.restype = ctypes.c_void_p

    def play(self, wav: Path | BinaryIO) -> None:
        data, rate, channels = _frames(wav)
        spec = _PaSampleSpec(self._S16LE, rate, channels)
        err = ctypes.c_int(0)
        stream = self.lib.pa_simple_new(None, b"kiosk", self._PLAYBACK, None, b"prompt", ctypes.byref(spec),
                                        None, None, ctypes.byref(err))
        if not stream:
            raise OSError(f"sound server refused a stream (pulse error {err.value})")
        handle = ctypes.c_void_p(stream)
        try:
            self.lib.pa_simple_write(handle, data, ctypes.c_size_t(len(data)), ctypes.byref(err))
            self.lib.pa_simple_drain(handle, ctypes.byref(err))
        finally:
            self.lib.pa_simple_free(handle)


class AlsaPlayer:
    backend = "alsa"
    _PLAYBACK = 0
    _S16LE = 2
    _RW_INTERLEAVED = 3

    def __init__(self, lib: ctypes.CDLL):
        self.lib = lib

    def play(self, wav: Path | BinaryIO) -> None:
        data, rate, channels = _frames(wav)
        pcm = ctypes.c_void_p()
        if self.lib.snd_pcm_open(ctypes.byref(pcm), b"default", self._PLAYBACK, 0) < 0:
            raise OSError("no ALSA playback device")
        try:
            if self.lib.snd_pcm_set_params(pcm, self._S16LE, self._RW_INTERLEAVED, channels, rate, 1, 500000) < 0:
                raise OSError("ALSA refused the prompt's format")
            self.lib.snd_pcm_writei(pcm, data, ctypes.c_ulong(len(data) // (2 * channels)))
            self.lib.snd_pcm_drain(pcm)
        finally:
            self.lib.snd_pcm_close(pcm)


def _load(name: str) -> ctypes.CDLL | None:
    found = ctypes.util.find_library(name)
    try:
        return ctypes.CDLL(found) if found else None
    except OSError:
        return None


def _pulse_server_running() -> bool:
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    # Only an already running server: the client library would otherwise try to spawn one.
    return bool(runtime) and (Path(runtime) / "pulse" / "native").exists()


def open_player() -> Player:
    if _pulse_server_running() and (lib := _load("pulse-simple")) is not None:
        return PulsePlayer(lib)
    if Path("/dev/snd").is_dir() and (lib := _load("asound")) is not None:
        return AlsaPlayer(lib)
    log.info("no sound server or sound card: prompts are shown, not spoken")
    return SilentPlayer()
