"""How long the UI thread is kept from its event loop during a whole resident visit (`kiosk bench ui`).

A timer asks to run every 2 ms; the longest wait between two of its runs is the longest the screen would
have been frozen. The visit is the walkthrough's (card → consent → face → records → page → print options
→ certified copy with paper out and retry → search → request → guide → timeout warning → checkout →
rating → goodbye) on the simulators, without its photographs (they are the walkthrough's own work, not the
kiosk's). The same probe with the kiosk idle gives the floor of this machine in the same run.

    python -m ui.devtools.loop_probe --config config/demo.toml   # prints one JSON line
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

PROBE_INTERVAL_MS = 2


class LoopGapProbe(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.gaps_ms: list[float] = []
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.gaps_ms.clear()
        self._last = None
        self._timer.start()

    def stop(self) -> dict[str, float]:
        self._timer.stop()
        gaps = sorted(self.gaps_ms) or [0.0]
        return {"max_gap_ms": round(gaps[-1], 1), "p99_gap_ms": round(gaps[int(0.99 * (len(gaps) - 1))], 1),
                "median_gap_ms": round(statistics.median(gaps), 1), "beats": len(self.gaps_ms)}

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps_ms.append((now - self._last) * 1000)
        self._last = now


def _idle(probe: LoopGapProbe, seconds: float) -> dict[str, float]:
    from ui.devtools.walkthrough import wait_until

    probe.start()
    until = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() >= until, timeout_s=seconds + 5)
    return probe.stop()


def _warm_up(kiosk: Any) -> None:
    """As run_app does after the first paint: the print fonts read, the camera opened and the face
    engine's worker started in the background, so that the visit meets the kiosk as a resident would, a
    while after start-up."""
    from ui.devtools.walkthrough import wait_until

    from reportlab.pdfbase import pdfmetrics

    from kiosk.printing.fonts import CJK_FONT_NAME
    from ui.app import preload_printing

    preload_printing(kiosk)
    wait_until(lambda: CJK_FONT_NAME in pdfmetrics.getRegisteredFontNames(), timeout_s=60)
    face = kiosk.parts.face_check
    if face is None or not hasattr(face, "warm_up"):
        return
    face.warm_up()
    wait_until(lambda: face.engine is not None and face.engine.running, timeout_s=120)


def measure_visit(config_path: str) -> dict[str, Any]:
    from kiosk.config import load_config
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk
    from ui.devtools.walkthrough import Walkthrough

    class Unphotographed(Walkthrough):
        def capture(self, screen: str) -> None:
            self.entries.append({"screen": screen})

    config = load_config(config_path)
    ui = config.ui.model_copy(update={"goodbye_s": 0.0, "fullscreen": False, "speech": False})
    config = config.model_copy(update={"ui": ui})
    prepare_demo(config)
    kiosk = build_kiosk(config, demo=True)
    probe = LoopGapProbe()
    try:
        kiosk.window.setFixedSize(1920, 1080)
        kiosk.window.show()
        _warm_up(kiosk)
        idle = _idle(probe, 2.0)
        with tempfile.TemporaryDirectory() as tmp:
            visit = Unphotographed(kiosk, Path(tmp), save_png=False)
            probe.start()
            started = time.perf_counter()
            visit.full_visit()
            elapsed = time.perf_counter() - started
            busy = probe.stop()
    finally:
        kiosk.window.close()
        kiosk.shutdown()
    return {"visit": {**busy, "screens": len(visit.entries), "seconds": round(elapsed, 2)}, "idle": idle}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.devtools.loop_probe")
    p.add_argument("--config", required=True)
    args = p.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(json.dumps(measure_visit(args.config)), flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
