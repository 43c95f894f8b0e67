"""Reads a text aloud that no recording holds (a record's page), with the kiosk's own speech engine.

The prompts are recorded ahead (``ui.speech.record``); a page's words are known only during a visit, so
espeak-ng, the engine the prompts are recorded with, speaks them then. The text goes in on standard input
and the sound comes back on standard output: a resident's record is never written to disk, nor shown in a
process list.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

from kiosk.errors import DeviceError
from ui.speech.prompts import VOICES


def synthesise(text: str, language: str, *, words_per_minute: int = 140) -> io.BytesIO:
    """The text as a 16-bit WAV in memory."""
    engine = shutil.which("espeak-ng")
    if engine is None:
        raise DeviceError("espeak-ng is not installed", code="AUDIO_UNAVAILABLE")
    try:
        done = subprocess.run([engine, "-v", VOICES.get(language, "cmn"), "-s", str(words_per_minute), "--stdin",
                               "--stdout"], input=text.encode("utf-8"), capture_output=True, timeout=60,
                              check=True)
    except (OSError, subprocess.SubprocessError) as e:
        raise DeviceError(f"speech engine: {type(e).__name__}", code="AUDIO_UNAVAILABLE") from None
    return _with_length(done.stdout)


def _with_length(raw: bytes) -> io.BytesIO:
    """espeak-ng streams its WAV with an unknown (maximal) length in the header; this one says its length."""
    at = raw.find(b"data", 12)
    if not raw.startswith(b"RIFF") or at < 0:
        raise DeviceError("speech engine: not a WAV stream", code="AUDIO_UNAVAILABLE")
    with wave.open(io.BytesIO(raw), "rb") as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(raw[at + 8:])
    out.seek(0)
    return out
