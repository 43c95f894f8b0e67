"""The kiosk's face check: the real face engine (worker process) on the simulated camera, its events as the
FACE_CHECK screen receives them (queued to the UI thread through the FaceCheckBridge)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.identity.consent import FaceConsent
from tests.ui.helpers import identified
from ui.adapters.face import CameraFaceCheck
from ui.device_bridges import FaceCheckBridge

FACES = Path(__file__).resolve().parents[2] / "assets" / "demo" / "faces"
ZHANG_CARD = (FACES / "zhang_jianguo_card.png").read_bytes()


class Recorder:
    def __init__(self, bridge: FaceCheckBridge):
        self.events = []
        bridge.event.connect(self.events.append)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of(self, kind: str) -> list:
        return [e for e in self.events if e.kind == kind]


@pytest.fixture
def face_check(face_engine):
    check = CameraFaceCheck("sim://camera", lambda: FaceConsent(True), engine=face_engine)
    yield check
    check.close()


@pytest.fixture
def bridge(qtbot, face_check):
    bridge = FaceCheckBridge(face_check)
    yield bridge
    bridge.stop()


def test_card_holder_matches_and_another_person_does_not(qtbot, face_check, bridge):
    seen = Recorder(bridge)
    bridge.start(ZHANG_CARD)
    qtbot.waitUntil(lambda: bool(seen.of("verdict")), timeout=20000)
    verdict = seen.of("verdict")[0]
    assert verdict.matched is True, verdict.detail
    assert verdict.detail.startswith("verified")
    assert seen.of("challenge")[0].detail in ("blink", "turn_left", "turn_right")
    width, height, rgb = seen.of("frame")[0].frame
    assert (width, height) == (640, 480) and len(rgb) == width * height * 3
    bridge.stop()

    seen.events.clear()
    face_check.simulator.next_match = False
    bridge.start(ZHANG_CARD)
    qtbot.waitUntil(lambda: bool(seen.of("verdict")), timeout=20000)
    assert seen.of("verdict")[0].matched is False
    assert "no_match" in seen.of("verdict")[0].detail
    assert face_check.simulator.started == 2


def test_camera_lost_is_reported_and_the_camera_comes_back(qtbot, face_check, bridge):
    seen = Recorder(bridge)
    face_check.simulator.lose_camera(True)
    bridge.start(ZHANG_CARD)
    qtbot.waitUntil(lambda: bool(seen.of("camera_lost")), timeout=20000)
    assert seen.of("camera_lost")[0].detail == "CAMERA_LOST"
    assert not seen.of("frame")
    bridge.stop()

    seen.events.clear()
    face_check.simulator.lose_camera(False)
    bridge.start(ZHANG_CARD)
    qtbot.waitUntil(lambda: bool(seen.of("verdict")), timeout=20000)
    assert seen.of("verdict")[0].matched is True
    assert not seen.of("camera_lost")


def test_without_consent_no_frame_is_taken(qtbot, face_engine):
    check = CameraFaceCheck("sim://camera", lambda: FaceConsent(False), engine=face_engine)
    bridge = FaceCheckBridge(check)
    seen = Recorder(bridge)
    try:
        bridge.start(ZHANG_CARD)
        qtbot.waitUntil(lambda: bool(seen.events), timeout=5000)
        assert seen.kinds() == ["camera_lost"] and seen.events[0].detail == "FACE_CONSENT_REQUIRED"
        assert not check._check.camera.running
    finally:
        bridge.stop()
        check.close()


def test_hold_keeps_the_resident_from_the_challenge_until_released(qtbot, face_check, bridge):
    seen = Recorder(bridge)
    face_check.simulator.hold.set()
    bridge.start(ZHANG_CARD)
    qtbot.waitUntil(lambda: bool(seen.of("challenge")), timeout=20000)
    asked_at = len(seen.of("frame"))
    # Ten more frames (two thirds of a second at 15 fps) with the challenge shown and not performed.
    qtbot.waitUntil(lambda: len(seen.of("frame")) >= asked_at + 10, timeout=10000)
    assert not seen.of("verdict")
    face_check.simulator.hold.clear()
    qtbot.waitUntil(lambda: bool(seen.of("verdict")), timeout=20000)
    assert seen.of("verdict")[0].matched is True


def test_a_card_without_photo_leads_to_staff_not_to_a_dead_end(qtbot, face_check, bridge):
    seen = Recorder(bridge)
    bridge.start(None)
    qtbot.waitUntil(lambda: bool(seen.events), timeout=5000)
    assert seen.kinds() == ["camera_lost"] and seen.events[0].detail == "FACE_CARD_PHOTO"


def test_a_camera_url_that_cannot_be_opened_is_a_typed_fault(qtbot, face_engine):
    check = CameraFaceCheck("v4l://not-a-number", lambda: FaceConsent(True), engine=face_engine)
    bridge = FaceCheckBridge(check)
    seen = Recorder(bridge)
    try:
        bridge.start(ZHANG_CARD)
        qtbot.waitUntil(lambda: bool(seen.events), timeout=5000)
        assert seen.kinds() == ["camera_lost"] and seen.events[0].detail == "CONFIG_INVALID"
        assert check.simulator is None
    finally:
        bridge.stop()
        check.close()


def test_an_attempt_stopped_while_its_camera_opens_never_begins(qtbot, face_engine):
    check = CameraFaceCheck("sim://camera", lambda: FaceConsent(True), engine=face_engine)
    bridge = FaceCheckBridge(check)
    seen = Recorder(bridge)
    try:
        bridge.start(ZHANG_CARD)  # the camera is not open yet: it opens on a thread of its own
        bridge.stop()
        bridge.start(ZHANG_CARD)
        qtbot.waitUntil(lambda: bool(seen.of("verdict")), timeout=20000)
        assert check.simulator.started == 1 and len(seen.of("verdict")) == 1
    finally:
        bridge.stop()
        check.close()


def test_a_face_check_in_the_kiosk_leaves_no_picture_on_disk(qtbot, kiosk):
    identified(qtbot, kiosk)
    assert kiosk.session.verified_by == "face"
    assert kiosk.services.simulators["face"].started == 1
    signatures = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\xff\xd8\xff\xdb", b"JFIF")
    files = [p for p in kiosk.config.resolve(kiosk.config.data.dir).rglob("*") if p.is_file()]
    assert files  # the audit log, the cache, the logs: the search below looked somewhere
    for path in files:
        data = path.read_bytes()
        assert not [s for s in signatures if s in data], f"a picture in {path.name}"


def test_a_photo_held_up_matches_the_card_but_fails_the_liveness_challenge(qtbot, face_check, bridge):
    seen = Recorder(bridge)
    face_check.simulator.hold_up_photo(True)
    bridge.start(ZHANG_CARD)
    qtbot.waitUntil(lambda: bool(seen.of("verdict")), timeout=30000)
    verdict = seen.of("verdict")[0]
    assert verdict.matched is False and "liveness_failed" in verdict.detail
    assert seen.of("challenge")  # it was asked, and the photo could not do it
