"""Records every prompt of :mod:`ui.speech.prompts` to WAV with espeak-ng (run when a prompt changes).

    .venv/bin/python -m ui.speech.record [assets/voice]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk import paths
from ui.speech.prompts import PROMPTS, VOICES, prompt_text


def record_all(out_dir: Path) -> list[Path]:
    engine = shutil.which("espeak-ng")
    if engine is None:
        raise SystemExit("espeak-ng is not installed (scripts/setup installs it)")
    written = []
    for language, voice in VOICES.items():
        folder = out_dir / language
        folder.mkdir(parents=True, exist_ok=True)
        for key in PROMPTS:
            target = folder / f"{key}.wav"
            # -s 140: slower than the default 175 words a minute; many listeners are elderly.
            subprocess.run([engine, "-v", voice, "-s", "140", "-w", str(target), prompt_text(key, language)],
                           check=True, capture_output=True)
            written.append(target)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.VOICE
    print(f"{len(record_all(out))} prompts written to {out}")
