"""The live face check on the simulated camera, with the real engine: verdicts, liveness, camera loss."""

from __future__ import annotations

import queue
import time

import numpy as np
import pytest

from hardware.registry import open_camera
from kiosk.identity.consent import ConsentRequired, FaceConsent
from kiosk.identity.face_check import FaceCheck, FaceCheckEvent
from kiosk.identity.liveness import Challenge, LivenessSettings
from kiosk.identity.policy import MatchPolicy
from tests.hardware.camera.conftest import demo_card_bytes

FAST_LIVENESS = LivenessSettings(timeout_s=1.2)
AGREED = FaceConsent(True)


def run(check: FaceCheck, sim, card: bytes, *, person: str | None, challenge: Challenge = Challenge.BLINK,
        cooperate: bool = True, on_event=None, timeout: float = 20.0) -> list[FaceCheckEvent]:
    """Start an attempt, step in front of the camera when it is ready, perform the challenge when asked
    (a cooperative resident), and collect events up to the verdict."""
    q: queue.Queue[FaceCheckEvent] = queue.Queue()
    check.start(card, q.put, consent=AGREED, challenge=challenge)
    events: list[FaceCheckEvent] = []
    deadline = time.monotonic() + timeout
    while True:
        ev = q.get(timeout=max(0.01, deadline - time.monotonic()))
        events.append(ev)
        if ev.kind == "started" and person:
            sim.show(person)
        if ev.kind == "challenge" and cooperate:
            sim.perform(ev.challenge.value)
        if on_event is not None and on_event(ev, events):
            return events
        if ev.kind in ("verdict", "error"):
            return events


@pytest.fixture
def camera():
    d = open_camera("sim://camera?fps=15")
    yield d
    d.driver.stop()


def kinds(events):
    return [e.kind for e in events if e.kind not in ("preview", "analysis", "progress", "quality")]


@pytest.mark.parametrize("challenge", list(Challenge))
def test_the_card_holder_who_performs_the_challenge_is_verified(engine, camera, challenge):
    check = FaceCheck(camera.driver, engine, liveness=FAST_LIVENESS)
    events = run(check, camera.simulator, demo_card_bytes("zhang_jianguo"), person="zhang_jianguo",
                 challenge=challenge)
    assert kinds(events) == ["started", "challenge", "match", "verdict"] or \
        kinds(events) == ["started", "match", "challenge", "verdict"]
    v = events[-1].verdict
    assert v.verified and v.reason == "verified" and v.distance < v.threshold
    assert v.liveness["challenge"] == challenge.value and v.liveness["status"] == "passed"
    previews = [e for e in events if e.kind == "preview"]
    assert previews and previews[-1].frame.shape == (480, 640, 3)
    landmarks = next(e.landmarks for e in events if e.kind == "analysis" and e.landmarks)
    assert len(landmarks["left_eye"]) == 6 and all(isinstance(x, float) for p in landmarks["chin"] for x in p)
    assert not camera.driver.running  # the attempt released the camera


def test_a_still_photo_of_the_card_holder_fails_liveness(engine):
    d = open_camera("sim://camera?act=photo")
    check = FaceCheck(d.driver, engine, liveness=FAST_LIVENESS)
    events = run(check, d.simulator, demo_card_bytes("li_na"), person="li_na")
    v = events[-1].verdict
    assert v.matched and not v.live and not v.verified and v.reason == "liveness_failed"


def test_someone_else_is_not_matched(engine, camera):
    check = FaceCheck(camera.driver, engine, liveness=FAST_LIVENESS)
    events = run(check, camera.simulator, demo_card_bytes("zhang_jianguo"), person="ouyang_xiuying")
    v = events[-1].verdict
    assert not v.matched and not v.verified and v.reason == "no_match" and v.distance >= v.threshold


def test_nobody_in_view_ends_in_a_timeout_with_the_reason(engine, camera):
    check = FaceCheck(camera.driver, engine, policy=MatchPolicy(attempt_timeout_s=1.0), liveness=FAST_LIVENESS)
    events = run(check, camera.simulator, demo_card_bytes("li_na"), person=None)
    v = events[-1].verdict
    assert v.reason == "timeout" and not v.verified and v.quality_reasons[0] == "FACE_NO_FACE"
    assert any(e.kind == "quality" and e.reason == "FACE_NO_FACE" for e in events)


def test_losing_the_camera_mid_check_is_reported_and_the_check_resumes(engine):
    d = open_camera("sim://camera?fps=15&reconnect_s=0.1")
    check = FaceCheck(d.driver, engine, liveness=LivenessSettings(timeout_s=3.0))

    def unplug_once(ev, events):
        if ev.kind == "analysis" and ev.box is not None and not any(e.kind == "camera_lost" for e in events):
            d.simulator.lose()
        if ev.kind == "camera_lost":
            d.simulator.restore()
        return False

    events = run(check, d.simulator, demo_card_bytes("zhang_jianguo"), person="zhang_jianguo",
                 on_event=unplug_once)
    ks = kinds(events)
    assert ks.index("camera_lost") < ks.index("camera_restored") < ks.index("verdict")
    lost = next(e for e in events if e.kind == "camera_lost")
    assert lost.error.code == "CAMERA_LOST"
    assert events[-1].verdict.verified


def test_stop_ends_the_attempt_without_a_verdict_and_releases_the_camera(engine, camera):
    check = FaceCheck(camera.driver, engine, liveness=FAST_LIVENESS)
    events = run(check, camera.simulator, demo_card_bytes("li_na"), person="li_na", cooperate=False,
                 on_event=lambda ev, _: ev.kind == "challenge")
    check.stop()
    assert not check.running and not camera.driver.running
    assert "verdict" not in kinds(events)
    assert check._latest is None  # no frame is kept after the attempt


def test_events_carry_no_face_descriptor(engine, camera):
    check = FaceCheck(camera.driver, engine, liveness=FAST_LIVENESS)
    events = run(check, camera.simulator, demo_card_bytes("zhang_jianguo"), person="zhang_jianguo")
    for ev in events:
        for name in ("box", "landmarks", "reason", "verdict"):
            value = getattr(ev, name)
            assert not isinstance(value, np.ndarray)
        if ev.verdict is not None:
            assert all(not isinstance(v, (np.ndarray, list)) or len(v) < 10 for v in vars(ev.verdict).values())
    check.forget()
    assert check._card_encoding is None


def test_without_consent_no_frame_is_taken(engine, camera):
    check = FaceCheck(camera.driver, engine, liveness=FAST_LIVENESS)
    seen: list[FaceCheckEvent] = []
    with pytest.raises(ConsentRequired) as e:
        check.start(demo_card_bytes("zhang_jianguo"), seen.append, consent=FaceConsent(False))
    assert e.value.code == "FACE_CONSENT_REQUIRED"
    assert not check.running and not camera.driver.running and seen == []
