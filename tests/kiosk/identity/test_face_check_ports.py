"""The face check decides from what its two ports give it: any frame source and any face analyser that keep
the shape of kiosk.identity.face_ports, with no camera, OpenCV or dlib loaded."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field

import numpy as np
import pytest

from kiosk.errors import FaceQualityError
from kiosk.identity.consent import ConsentRequired, FaceConsent
from kiosk.identity.face_check import FaceCheck, FaceCheckEvent
from kiosk.identity.face_ports import FaceAnalyser, FrameSource
from kiosk.identity.liveness import Challenge, LivenessSettings
from kiosk.identity.quality import FaceMeasures, QualityLimits, QualityReport, judge
from tests.conftest import ROOT
from tests.kiosk.identity.landmark_faces import face

CARD = np.zeros(128)
GOOD = judge(FaceMeasures(faces=1, face_px=200, brightness=120, sharpness=300), QualityLimits())
#: Enough baseline frames that the match decides before any challenge is shown.
SLOW_BASELINE = LivenessSettings(baseline_frames=10)


@dataclass(frozen=True)
class Picture:
    image: np.ndarray
    t: float


@dataclass(frozen=True)
class Event:
    kind: str
    frame: Picture | None = None
    error: None = None


@dataclass
class Result:
    quality: QualityReport
    box: tuple[int, int, int, int] | None = (0, 100, 100, 0)
    landmarks: dict | None = field(default_factory=face)
    encoding: np.ndarray | None = None


class PushedFrames:
    """A frame source that delivers frames from its own thread, as a camera does, until stopped."""

    def __init__(self) -> None:
        self.lost = False
        self.listeners: list = []
        self.started = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def add_listener(self, listener) -> None:
        self.listeners.append(listener)

    def remove_listener(self, listener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    def start(self) -> None:
        self.started += 1
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        i = 0
        while not self._stop.wait(0.005):  # a fast camera's frame interval
            i += 1
            for listener in list(self.listeners):
                listener(Event("frame", Picture(np.zeros((4, 4, 3), np.uint8), float(i))))


class Analyser:
    """Every frame one good frontal face at ``distance`` from the card."""

    def __init__(self, distance: float, *, card_fails: bool = False):
        self.descriptor = CARD + distance / np.sqrt(128)
        self.card_fails = card_fails
        self.cards: list = []

    def encode_card(self, photo):
        self.cards.append(photo)
        if self.card_fails:
            raise FaceQualityError("no usable face on the card photo", code="FACE_CARD_PHOTO")
        return Result(GOOD, encoding=CARD)

    def analyse_live(self, frame_bgr, *, encode, on_landmarks=None):
        early = Result(GOOD)
        if on_landmarks is not None:
            on_landmarks(early)
        return Result(GOOD, encoding=self.descriptor if encode else None)


def attempt(check: FaceCheck, card=b"card photo") -> list[FaceCheckEvent]:
    q: queue.Queue[FaceCheckEvent] = queue.Queue()
    check.start(card, q.put, consent=FaceConsent(True), challenge=Challenge.BLINK)
    events = []
    while not events or events[-1].kind not in ("verdict", "error"):
        events.append(q.get(timeout=20))
    return events


def test_the_check_holds_the_parts_it_was_given():
    source: FrameSource = PushedFrames()  # the ports are structural: a type checker holds these to them
    analyser: FaceAnalyser = Analyser(0.8)
    check = FaceCheck(source, analyser)
    assert check.camera is source and check.engine is analyser and not check.running


def test_another_persons_face_ends_the_attempt_as_no_match_and_releases_the_frames():
    frames, analyser = PushedFrames(), Analyser(0.8)
    events = attempt(FaceCheck(frames, analyser, liveness=SLOW_BASELINE))
    v = events[-1].verdict
    assert events[-1].kind == "verdict" and v is not None
    assert not v.matched and not v.verified and v.reason == "no_match" and v.distance == pytest.approx(0.8)
    assert analyser.cards == [b"card photo"]  # encoded bytes go to the analyser as they came
    assert frames.started == 1 and not frames.running and frames.listeners == []


def test_the_card_holders_face_matches_and_waits_for_the_liveness_challenge():
    frames = PushedFrames()
    check = FaceCheck(frames, Analyser(0.3), liveness=SLOW_BASELINE)
    q: queue.Queue[FaceCheckEvent] = queue.Queue()
    check.start(b"card photo", q.put, consent=FaceConsent(True), challenge=Challenge.BLINK)
    while (ev := q.get(timeout=20)).kind != "match":
        assert ev.kind not in ("verdict", "error")
    assert ev.verdict is not None and ev.verdict.matched and not ev.verdict.live
    check.stop()
    assert not frames.running and frames.listeners == []


def test_a_card_photo_without_a_face_is_an_error_and_the_frames_are_never_started():
    frames = PushedFrames()
    events = attempt(FaceCheck(frames, Analyser(0.3, card_fails=True)))
    assert [e.kind for e in events] == ["error"] and events[0].error.code == "FACE_CARD_PHOTO"
    assert frames.started == 0


def test_without_consent_no_frame_source_is_touched():
    frames = PushedFrames()
    with pytest.raises(ConsentRequired):
        FaceCheck(frames, Analyser(0.3)).start(b"card photo", lambda ev: None, consent=FaceConsent(False))
    assert frames.started == 0 and frames.listeners == []


def test_importing_the_face_check_loads_no_device_or_face_engine_code():
    probe = ("import sys, kiosk.identity.face_check; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('hardware', 'cv2', 'dlib', 'ui')))")
    r = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
