"""What `kiosk bench ui` asks a freshly started demo kiosk: when the attract screen was first painted, and
how much memory the kiosk holds once the face engine is loaded.

`kiosk demo --probe startup|memory` runs the ordinary start-up (:func:`ui.app.run_app`) and hands the
kiosk to :func:`attach`. The probe answers with JSON lines on stdout and ends the application:

- ``{"event": "attract_painted", "since_start_ms": ...}`` once the attract screen has been painted;
- with ``memory``: the face engine (a worker process) is started off the UI thread after the window shows,
  one card photo is encoded so that its models are really in memory, then
  ``{"event": "memory", "kiosk_rss_mb", "children_rss_mb", "rss_mb", "pss_mb", "processes"}``.

The bench measures the start-up time itself, from spawning the process to reading the first line.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk import paths
from ui.first_paint import FirstPaint

if TYPE_CHECKING:
    from ui.app import Kiosk

PROBES = ("startup", "memory")
DEMO_FACE = paths.DEMO_FACES / "zhang_jianguo_open.jpg"


def _say(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def _status_kb(pid: int, key: str, file: str = "status") -> int:
    """A ``key:  N kB`` line of /proc/PID/status (or smaps_rollup); 0 when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/{file}").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def process_age_ms() -> float:
    """Time since this process was started (exec included), from the kernel's own start time."""
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, counted after the name
    uptime_s = float(Path("/proc/uptime").read_text().split()[0])
    return (uptime_s - started_s) * 1000


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def memory_report() -> dict[str, Any]:
    """RSS of this process and of every process it started (the face worker, any other helper process).
    The sum counts shared libraries once per process: PSS, which shares them out, is given alongside."""
    me = os.getpid()
    kids = _descendants(me)
    kiosk_kb = _status_kb(me, "VmRSS")
    kids_kb = sum(_status_kb(k, "VmRSS") for k in kids)
    pss_kb = sum(_status_kb(p, "Pss", "smaps_rollup") for p in [me, *kids])
    mb = 1024.0
    return {"kiosk_rss_mb": round(kiosk_kb / mb, 1), "children_rss_mb": round(kids_kb / mb, 1),
            "rss_mb": round((kiosk_kb + kids_kb) / mb, 1), "pss_mb": round(pss_kb / mb, 1),
            "processes": [{"process": _process_name(p), "rss_mb": round(_status_kb(p, "VmRSS") / mb, 1)}
                          for p in [me, *kids]]}


def _process_name(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return str(pid)
    # Child processes are told apart by their arguments (the face engine runs as a module).
    text = b" ".join(words).decode(errors="replace")
    if "hardware.camera.face_worker" in text:
        return "face worker"
    return "resource_tracker" if "resource_tracker" in text else "spawned worker" if "spawn_main" in text else "kiosk"


class _EngineLoaded(QObject):
    done = Signal(object)


def attach(kiosk: Kiosk, probe: str) -> None:
    """Called by run_app right after the window is shown."""
    if probe not in PROBES:
        raise ValueError(f"unknown probe {probe!r}")
    attract = kiosk.window.current_screen()
    watcher = FirstPaint(attract)
    loaded = _EngineLoaded(kiosk.window)
    engines: list[Any] = []

    def on_painted() -> None:
        _say("attract_painted", screen=attract.objectName(),
             since_start_ms=round(process_age_ms(), 1), kiosk_rss_at_attract_mb=memory_report()["kiosk_rss_mb"])
        if probe == "startup":
            QApplication.exit(0)
            return
        threading.Thread(target=load_engine, name="probe-face-engine", daemon=True).start()

    def load_engine() -> None:  # off the UI thread: the engine's start blocks for a second or two
        try:
            engine = _kiosk_engine(kiosk)
            if engine is None:  # a kiosk without its own face check: the engine it would run
                from hardware.camera.faces import FaceEngine

                engine = FaceEngine()
                engines.append(engine)
            engine.start()  # waits for the kiosk's own start-up of it, if that is under way
            engine.encode_card(DEMO_FACE.read_bytes())
            loaded.done.emit(None)
        except Exception as e:  # noqa: BLE001 - the bench reports what stopped the engine
            loaded.done.emit(f"{type(e).__name__}: {e}")

    def on_loaded(error: str | None) -> None:
        report = memory_report()
        if error:
            report["error"] = error
        _say("memory", **report)
        for engine in engines:
            engine.close()
        QApplication.exit(0 if error is None else 1)

    watcher.painted.connect(on_painted)
    loaded.done.connect(on_loaded)
    if not attract.isVisible():
        print("probe: the attract screen is not showing", file=sys.stderr)
        QApplication.exit(1)


def _kiosk_engine(kiosk: Kiosk, timeout_s: float = 60.0) -> Any:
    """The face engine the kiosk warms up after its first paint (None if it has no face check)."""
    face = kiosk.parts.face_check
    if face is None or not hasattr(face, "engine"):
        return None
    face.warm_up()
    deadline = time.monotonic() + timeout_s
    while face.engine is None and time.monotonic() < deadline:
        time.sleep(0.05)  # a probe thread, not a test: the camera and engine objects appear shortly
    return face.engine


def empty_window() -> int:
    """The baseline: a bare Python + Qt process painting an empty window (``kiosk demo --probe empty-window``)."""
    from PySide6.QtWidgets import QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    watcher = FirstPaint(window)

    def painted() -> None:
        _say("empty_window_painted", since_start_ms=round(process_age_ms(), 1))
        app.exit(0)

    watcher.painted.connect(painted)
    window.resize(1920, 1080)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(empty_window())
