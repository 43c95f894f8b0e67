"""Which frames the face check asks the engine to encode, with a scripted engine (no dlib): a blink that
is awaited is never missed behind a descriptor, and frames left unencoded for it do not break the match."""

from __future__ import annotations

import queue
import threading

import numpy as np

from hardware.camera.face_analysis import Analysis
from hardware.camera.face_check import FaceCheck
from hardware.registry import open_camera
from kiosk.identity.consent import FaceConsent
from kiosk.identity.liveness import Challenge
from kiosk.identity.quality import FaceMeasures, QualityLimits, judge
from tests.hardware.camera.conftest import demo_card_bytes
from tests.kiosk.identity.landmark_faces import face

CARD = np.zeros(128)
NEAR, FAR = CARD + 0.3 / np.sqrt(128), CARD + 0.8 / np.sqrt(128)  # distances 0.3 and 0.8
GOOD = judge(FaceMeasures(faces=1, face_px=200, brightness=120, sharpness=300), QualityLimits())


class ScriptedEngine:
    """Frame i gets the i-th eye opening and, when asked to encode, the i-th descriptor."""

    def __init__(self, eyes: list[float], descriptors: list[np.ndarray]):
        self.eyes, self.descriptors = eyes, descriptors
        self.calls: list[tuple[float, bool]] = []
        self.lock = threading.Lock()

    def encode_card(self, image) -> Analysis:
        return Analysis(GOOD, (0, 100, 100, 0), face(), CARD)

    def analyse_live(self, image, *, encode, on_landmarks=None) -> Analysis:
        with self.lock:
            i = min(len(self.calls), len(self.eyes) - 1)
            eye = self.eyes[i]
            self.calls.append((eye, encode))
        early = Analysis(GOOD, (0, 100, 100, 0), face(eye_open=eye))
        if not encode:
            return early
        if on_landmarks is not None:
            on_landmarks(early)
        return Analysis(GOOD, early.box, early.landmarks, self.descriptors[min(i, len(self.descriptors) - 1)])


def test_frames_are_not_encoded_while_a_blink_is_awaited_and_the_match_still_completes():
    # The baseline is learnt on frames 1-3, but frame 2 disagrees, so the identity is not yet decided when
    # the blink challenge appears; the blink comes on frames 4-6.
    eyes = [0.3, 0.3, 0.3, 0.08, 0.08, 0.3] + [0.3] * 20
    descriptors = [NEAR, FAR, NEAR, NEAR, NEAR, NEAR] + [NEAR] * 20
    engine = ScriptedEngine(eyes, descriptors)
    d = open_camera("sim://camera?fps=30&person=zhang_jianguo")
    events: queue.Queue = queue.Queue()
    check = FaceCheck(d.driver, engine)
    try:
        check.start(demo_card_bytes("zhang_jianguo"), events.put, consent=FaceConsent(True), challenge=Challenge.BLINK)
        while (ev := events.get(timeout=20)).kind not in ("verdict", "error"):
            pass
    finally:
        check.stop()
        d.driver.stop()
    assert ev.kind == "verdict" and ev.verdict.verified, ev
    flags = [encode for _, encode in engine.calls]
    assert flags[:3] == [True, True, True]
    assert flags[3:6] == [False, False, False]  # the blink's frames: landmarks only
    assert all(flags[6:])  # after the blink, encoding resumes until three frames agree
    assert ev.verdict.liveness["status"] == "passed"
