"""The identity bench's Qt side: card read and face check inside a running Qt event loop.

``kiosk bench identity`` (:mod:`ui.commands.bench_identity`) opens the simulated devices and calls
:func:`run_identity_rounds`. The rounds run the way the kiosk runs them: reader and face-check events
arrive as queued signals on the UI thread, every camera frame is drawn on the real FACE_CHECK screen, and
the simulated resident performs the challenge once the screen has shown it. A precise timer ticking every
few milliseconds measures the longest time the loop was kept from running (its largest gap), which is
what a resident feels as a frozen screen.

One round: the card is put on the reader at a random moment of its polling cycle → the card is read →
the face check starts (the card photo's template is made) → the camera turns on with nobody in front of it
→ the resident steps into view at a random moment → liveness challenge performed → verdict. The verdict
time runs from stepping into view to the verdict's arrival on the UI thread. At the end of a round the
card is lifted and the check forgets the template (the session's WIPE), so every round starts cold.
"""

from __future__ import annotations

import functools
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from hardware.camera.sim_camera import SimulatedCameraSource
from hardware.idcard.events import ReaderEvent
from hardware.idcard.sim_reader import SimulatedCardReader
from kiosk.errors import KioskError
from kiosk.identity.consent import FaceConsent
from kiosk.identity.face_check import FaceCheck, FaceCheckEvent
from kiosk.identity.liveness import Challenge
from ui.screens.face import FaceCheckScreen

PROBE_INTERVAL_MS = 2


class IdentityBenchFailed(KioskError):
    code = "BENCH_FAILED"
    message_key = "error.bench"


@dataclass(frozen=True)
class BenchDevices:
    reader: SimulatedCardReader
    card: str
    camera: SimulatedCameraSource
    #: Who the card belongs to, as the simulated camera knows them.
    person: str
    check: FaceCheck


@dataclass(frozen=True)
class BenchPlan:
    rounds: int
    poll_ms: int
    fps: float
    #: The simulated resident's reaction time to the challenge on screen.
    reaction_ms: int = 0
    seed: int = 1
    round_timeout_s: float = 30.0


@dataclass
class RoundResult:
    challenge: str
    card_read_ms: float = 0.0
    template_ms: float = 0.0
    match_ms: float | None = None
    verdict_ms: float = 0.0
    verified: bool = False
    reason: str = ""
    max_gap_ms: float = 0.0
    #: The longest the bench's own slots (drawing a frame, starting the check ...) held the UI thread.
    max_ui_work_ms: float = 0.0
    max_ui_work_slot: str = ""


class LoopProbe(QObject):
    """A precise timer on the UI thread; the longest interval between its ticks is the loop's worst gap."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.max_gap_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self._last = None
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset_max(self) -> float:
        """The largest gap since the last reset (a round's window runs from the end of the one before, so
        the WIPE between rounds is measured too)."""
        worst, self.max_gap_ms = self.max_gap_ms, 0.0
        return worst

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.max_gap_ms = max(self.max_gap_ms, (now - self._last) * 1000)
        self._last = now
        self.ticks += 1


def _timed(slot: Callable[..., None]) -> Callable[..., None]:
    """Records the longest time one of the bench's own slots held the UI thread: a loop gap much longer
    than that was the process waiting for a core or the GIL, not work done on the UI thread."""

    @functools.wraps(slot)
    def run(self: _Rounds, *args: Any) -> None:
        start = time.perf_counter()
        try:
            slot(self, *args)
        finally:
            took = (time.perf_counter() - start) * 1000
            if took > self.slot_max_ms:
                self.slot_max_ms, self.slot_max_name = took, slot.__name__

    return run


class _Bridge(QObject):
    """Device-thread callbacks re-posted to the UI thread, as ``ui.device_bridges`` does for the kiosk."""

    card = Signal(object)
    face = Signal(object)
    frame = Signal(int, int, bytes)


class _Rounds(QObject):
    """The rounds as a small state machine driven entirely by UI-thread slots and timers."""

    def __init__(self, devices: BenchDevices, plan: BenchPlan, app: QApplication):
        super().__init__()
        self.d, self.plan, self.app = devices, plan, app
        self.rng = random.Random(plan.seed)
        challenges = list(Challenge)
        self.challenges = [challenges[i % len(challenges)] for i in range(plan.rounds + 1)]
        self.rng.shuffle(self.challenges)
        self.results: list[RoundResult] = []
        self.failure: KioskError | None = None
        self.bridge = _Bridge()
        self.bridge.card.connect(self._on_card)
        self.bridge.face.connect(self._on_face)
        self.bridge.frame.connect(self._on_frame)
        self.screen = FaceCheckScreen()
        self.screen.show()
        self.probe = LoopProbe(self)
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.timeout.connect(lambda: self._fail("the round did not end in time"))
        self.current: RoundResult | None = None
        self._t: dict[str, float] = {}
        self._waiting_lift = False
        self.slot_max_ms, self.slot_max_name = 0.0, ""

    # --- the run ------------------------------------------------------------------------------------
    def begin(self) -> None:
        self.d.reader.start(self.bridge.card.emit)
        self.probe.start()
        self._next_round()

    def _next_round(self) -> None:
        if len(self.results) >= self.plan.rounds + 1:  # one warm-up round, then the measured ones
            self.watchdog.stop()
            self.app.quit()
            return
        self.current = RoundResult(self.challenges[len(self.results)].value)
        self.watchdog.start(int(self.plan.round_timeout_s * 1000))
        # The resident puts the card down at any moment of the reader's polling cycle.
        QTimer.singleShot(round(self.rng.uniform(0, self.plan.poll_ms)), self._place_card)

    @_timed
    def _place_card(self) -> None:
        self._t = {"placed": time.perf_counter()}
        self.d.reader.place(self.d.card)

    # --- the reader ---------------------------------------------------------------------------------
    @_timed
    def _on_card(self, ev: ReaderEvent) -> None:
        if ev.kind == "lifted" and self._waiting_lift:
            self._waiting_lift = False
            self._next_round()
        elif ev.kind in ("failed", "lost"):
            self._fail(f"the card reader reported '{ev.kind}': {ev.error}")
        elif ev.kind == "read" and self.current is not None and "placed" in self._t and "read" not in self._t:
            self._t["read"] = time.perf_counter()
            self.current.card_read_ms = (self._t["read"] - self._t["placed"]) * 1000
            if not ev.photo_image:
                self._fail("the card was read without its photo")
                return
            self.d.camera.show(None)
            self._t["start"] = time.perf_counter()
            # The bench stands for a resident who said yes on the consent screen.
            self.d.check.start(ev.photo_image, self._from_check, consent=FaceConsent(True),
                               challenge=Challenge(self.current.challenge))

    # --- the face check -----------------------------------------------------------------------------
    def _from_check(self, ev: FaceCheckEvent) -> None:
        """On the face check's threads: frames become RGB bytes here, as the kiosk's adapter would."""
        if ev.kind == "preview":
            if ev.frame is not None:
                h, w = ev.frame.shape[:2]
                self.bridge.frame.emit(w, h, ev.frame[:, :, ::-1].tobytes())
            return
        self.bridge.face.emit(ev)

    @_timed
    def _on_frame(self, width: int, height: int, rgb: bytes) -> None:
        self.screen.show_frame(width, height, rgb)

    @_timed
    def _on_face(self, ev: FaceCheckEvent) -> None:
        r = self.current
        if r is None:
            return
        now = time.perf_counter()
        if ev.kind == "started":
            r.template_ms = (now - self._t["start"]) * 1000
            # The camera is on with nobody in view; the resident steps in within about a second.
            QTimer.singleShot(round(self.rng.uniform(100, 900)), self._step_in)
        elif ev.kind == "challenge" and ev.challenge is not None:
            self.screen.show_challenge(ev.challenge.value)
            move = ev.challenge.value
            QTimer.singleShot(self.plan.reaction_ms, lambda: self.d.camera.perform(move))
        elif ev.kind == "quality" and ev.reason:
            self.screen.show_quality(ev.reason)
        elif ev.kind == "match" and "in_view" in self._t:
            r.match_ms = (now - self._t["in_view"]) * 1000
        elif ev.kind == "verdict" and ev.verdict is not None:
            if "in_view" not in self._t:
                self._fail("a verdict came before the resident stepped into view")
                return
            r.verdict_ms = (now - self._t["in_view"]) * 1000
            r.verified, r.reason = ev.verdict.verified, ev.verdict.reason
            self._end_round()
        elif ev.kind == "error":
            self._fail(f"the face check failed: {ev.error}")
        elif ev.kind == "camera_lost":
            self._fail("the simulated camera was lost")

    @_timed
    def _step_in(self) -> None:
        self._t["in_view"] = time.perf_counter()
        self.d.camera.show(self.d.person)

    def _end_round(self) -> None:
        r = self.current
        assert r is not None
        r.max_gap_ms = self.probe.reset_max()
        r.max_ui_work_ms, r.max_ui_work_slot = self.slot_max_ms, self.slot_max_name
        self.slot_max_ms, self.slot_max_name = 0.0, ""
        self.results.append(r)
        self.current = None
        self.screen.forget()
        self.d.check.forget()
        self.d.camera.show(None)
        self._waiting_lift = True
        self.watchdog.start(int(self.plan.round_timeout_s * 1000))  # the lift, too, must be seen
        self.d.reader.lift()

    def _fail(self, why: str) -> None:
        if self.failure is None:
            self.failure = IdentityBenchFailed(why)
        self.app.quit()


def idle_gap_ms(app: QApplication, seconds: float = 1.0) -> float:
    """The loop's worst gap with nothing to do: the floor the check's figure is read against."""
    probe = LoopProbe()
    probe.start()
    QTimer.singleShot(round(seconds * 1000), app.quit)
    app.exec()
    probe.stop()
    return probe.max_gap_ms


def run_identity_rounds(devices: BenchDevices, plan: BenchPlan) -> dict[str, Any]:
    """Run the rounds in a Qt event loop; returns the warm-up round and the measured ones."""
    app = QApplication.instance() or QApplication(["kiosk-bench"])
    assert isinstance(app, QApplication)
    idle = idle_gap_ms(app)
    rounds = _Rounds(devices, plan, app)
    QTimer.singleShot(0, rounds.begin)
    try:
        app.exec()
    finally:
        rounds.probe.stop()
        rounds.watchdog.stop()
        devices.check.stop()
        rounds.screen.close()
        rounds.screen.deleteLater()
    if rounds.failure is not None:
        raise rounds.failure
    warm_up, measured = rounds.results[0], rounds.results[1:]
    return {"idle_event_loop_gap_ms": round(idle, 1), "warm_up": warm_up, "rounds": measured,
            "probe_ticks": rounds.probe.ticks}


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median": round(statistics.median(ordered), 1), "p95": round(p95, 1),
            "min": round(ordered[0], 1), "max": round(ordered[-1], 1)}
