"""Which frames the face check compares with the card, with a scripted engine (no dlib): a blink that is
awaited is never missed behind a descriptor, a head turned as asked is not held against the resident, and
frames left out for either do not break the match."""

from __future__ import annotations

import queue
import threading

import numpy as np

from hardware.camera.face_analysis import Analysis
from hardware.registry import open_camera
from kiosk.identity.consent import FaceConsent
from kiosk.identity.face_check import FaceCheck
from kiosk.identity.liveness import Challenge, LivenessSettings
from kiosk.identity.quality import FaceMeasures, QualityLimits, judge
from tests.hardware.camera.conftest import demo_card_bytes
from tests.kiosk.identity.landmark_faces import face

CARD = np.zeros(128)
NEAR, FAR = CARD + 0.3 / np.sqrt(128), CARD + 0.8 / np.sqrt(128)  # distances 0.3 and 0.8
GOOD = judge(FaceMeasures(faces=1, face_px=200, brightness=120, sharpness=300), QualityLimits())


class ScriptedEngine:
    """Frame i gets the i-th landmarks and, when asked to encode, the i-th descriptor."""

    def __init__(self, faces: list[dict], descriptors: list[np.ndarray]):
        self.faces, self.descriptors = faces, descriptors
        self.calls: list[bool] = []
        #: ("early", i) when frame i's landmarks are handed over, ("done", i) when its call returns.
        self.log: list[tuple] = []
        self.lock = threading.Lock()

    def encode_card(self, image) -> Analysis:
        return Analysis(GOOD, (0, 100, 100, 0), face(), CARD)

    def analyse_live(self, image, *, encode, on_landmarks=None) -> Analysis:
        with self.lock:
            i = min(len(self.calls), len(self.faces) - 1)
            self.calls.append(encode)
        early = Analysis(GOOD, (0, 100, 100, 0), self.faces[i])
        if not encode:
            self.log.append(("done", i))
            return early
        if on_landmarks is not None:
            self.log.append(("early", i))
            on_landmarks(early)
        self.log.append(("done", i))
        return Analysis(GOOD, early.box, early.landmarks, self.descriptors[min(i, len(self.descriptors) - 1)])


def _attempt(engine: ScriptedEngine, challenge: Challenge):
    d = open_camera("sim://camera?fps=30&person=zhang_jianguo")
    events: queue.Queue = queue.Queue()
    check = FaceCheck(d.driver, engine)
    try:
        def handler(ev):
            if ev.kind == "challenge":
                engine.log.append(("challenge",))
            events.put(ev)

        check.start(demo_card_bytes("zhang_jianguo"), handler, consent=FaceConsent(True), challenge=challenge)
        while (ev := events.get(timeout=20)).kind not in ("verdict", "error"):
            pass
    finally:
        check.stop()
        d.driver.stop()
    return ev


def test_frames_are_not_encoded_while_a_blink_is_awaited_and_the_match_still_completes():
    # The baseline is learnt on frames 1-3, but frame 2 disagrees, so the identity is not yet decided when
    # the blink challenge appears; the blink comes on frames 4-6.
    faces = [face(eye_open=e) for e in (0.3, 0.3, 0.3, 0.08, 0.08, 0.3)] + [face()] * 20
    engine = ScriptedEngine(faces, [NEAR, FAR, NEAR, NEAR, NEAR, NEAR] + [NEAR] * 20)
    ev = _attempt(engine, Challenge.BLINK)
    assert ev.kind == "verdict" and ev.verdict.verified, ev
    assert engine.calls[:3] == [True, True, True]
    assert engine.calls[3:6] == [False, False, False]  # the blink's frames: landmarks only
    assert all(engine.calls[6:])  # after the blink, encoding resumes until three frames agree
    assert ev.verdict.liveness["status"] == "passed"


def test_a_head_turned_as_asked_is_not_compared_with_the_frontal_card():
    # Undecided at the challenge (frame 2 disagrees); the turn passes on frame 4 and the head stays turned
    # for five more frames, which measure far from the card (as real turned faces do) but are not compared.
    faces = [face()] * 3 + [face(turn=0.15)] * 6 + [face()] * 20
    descriptors = [NEAR, FAR, NEAR] + [FAR] * 6 + [NEAR] * 20
    engine = ScriptedEngine(faces, descriptors)
    ev = _attempt(engine, Challenge.TURN_LEFT)
    assert ev.kind == "verdict" and ev.verdict.verified and ev.verdict.reason == "verified", ev
    assert ev.verdict.distance < 0.5  # decided on frontal frames only
    assert engine.calls[3] is False  # the challenge's frame: landmarks only


def test_the_challenge_is_asked_for_with_the_landmarks_not_after_the_descriptor():
    # The baseline is complete with frame 3's landmarks, while frame 3's descriptor is still being computed.
    for challenge, moved in ((Challenge.BLINK, face(eye_open=0.08)), (Challenge.TURN_LEFT, face(turn=0.15))):
        engine = ScriptedEngine([face()] * 3 + [moved] * 3 + [face()] * 20, [NEAR] * 30)
        assert _attempt(engine, challenge).verdict.verified
        asked = engine.log.index(("challenge",))
        assert engine.log[asked - 1] == ("early", 2)


class FrameAwareEngine:
    """Tells open from closed eyes by the simulated camera's own pictures; computing frame 3's descriptor
    takes as long as the camera needs for six more frames (a worker busy while the resident blinks)."""

    def __init__(self, sim, person: str, camera):
        self.poses = {k: v.astype(np.int16) for k, v in sim._load(person).items() if k in ("open", "closed")}
        self.calls = 0
        self.frames = 0
        self.more_frames = threading.Condition()
        camera.add_listener(self._count)

    def _count(self, ev) -> None:
        with self.more_frames:
            self.frames += 1
            self.more_frames.notify_all()

    def encode_card(self, image) -> Analysis:
        return Analysis(GOOD, (0, 100, 100, 0), face(), CARD)

    def analyse_live(self, image, *, encode, on_landmarks=None) -> Analysis:
        self.calls += 1
        pose = min(self.poses, key=lambda k: float(np.abs(image.astype(np.int16) - self.poses[k]).mean()))
        early = Analysis(GOOD, (0, 100, 100, 0), face(eye_open=0.3 if pose == "open" else 0.08))
        if not encode:
            return early
        if on_landmarks is not None:
            on_landmarks(early)
        if self.calls == 3:
            with self.more_frames:
                until = self.frames + 6
                assert self.more_frames.wait_for(lambda: self.frames >= until, timeout=10)
        return Analysis(GOOD, early.box, early.landmarks, NEAR)


def test_a_blink_made_while_the_engine_is_busy_is_still_seen():
    d = open_camera("sim://camera?fps=30&person=zhang_jianguo")
    engine = FrameAwareEngine(d.simulator, "zhang_jianguo", d.driver)
    check = FaceCheck(d.driver, engine, liveness=LivenessSettings(timeout_s=2.0))
    events: queue.Queue = queue.Queue()

    def handler(ev):
        if ev.kind == "challenge":
            d.simulator.perform("blink")  # at once: the blink is over before frame 3's descriptor is
        events.put(ev)

    try:
        check.start(demo_card_bytes("zhang_jianguo"), handler, consent=FaceConsent(True), challenge=Challenge.BLINK)
        while (ev := events.get(timeout=20)).kind not in ("verdict", "error"):
            pass
    finally:
        check.stop()
        d.driver.stop()
    assert ev.kind == "verdict" and ev.verdict.verified, ev.verdict
    assert ev.verdict.liveness["min_eye_share"] < 0.5


def test_stop_after_the_verdict_does_not_wait_for_the_attempts_thread():
    engine = ScriptedEngine([face()] * 3 + [face(turn=0.15)] * 5 + [face()] * 20, [NEAR] * 30)
    d = open_camera("sim://camera?fps=30&person=zhang_jianguo")
    check = FaceCheck(d.driver, engine)
    in_handler, release, left = threading.Event(), threading.Event(), threading.Event()

    def handler(ev):
        if ev.kind == "verdict":
            in_handler.set()
            release.wait(timeout=5)  # the attempt's thread is held inside its last event
            left.set()

    try:
        check.start(demo_card_bytes("zhang_jianguo"), handler, consent=FaceConsent(True), challenge=Challenge.TURN_LEFT)
        assert in_handler.wait(timeout=20)
        check.forget()  # the WIPE, from another thread, while the attempt's thread has not yet ended
        assert not left.is_set() and check._card_encoding is None and not d.driver.running
    finally:
        release.set()
        check.stop()
        d.driver.stop()
