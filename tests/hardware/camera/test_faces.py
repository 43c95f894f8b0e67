"""The face engine on the shared public-domain photos: matching card-size crops, refusing bad images."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.camera.faces import FaceEngineError, decode_image
from hardware.camera.image_tools import CARD_SIZE, blurred, card_crop, darkened
from kiosk.errors import FaceQualityError
from kiosk.identity.policy import DEFAULT_THRESHOLD, face_distance
from kiosk.identity.quality import BLURRED, MULTIPLE, NOT_FRONTAL, PARTIAL, TOO_BRIGHT, TOO_DARK, TOO_SMALL
from tests.hardware.camera.conftest import DEMO_FACES, demo_card_bytes, photo, small


@pytest.fixture(scope="module")
def cards(engine):
    """Card-size (102x126) crops of one photo per person, encoded as the card reader's photo would be."""
    out = {}
    for person, name in (("obama", "obama_1.jpg"), ("biden", "biden_1.jpg"), ("collins", "collins_1.jpg")):
        image = small(photo(name), 900)
        a = engine.analyse_still(image, encode=False)
        crop = card_crop(image, a.box)
        assert crop.shape[1::-1] == CARD_SIZE
        out[person] = engine.encode_card(crop).encoding
    return out


@pytest.fixture(scope="module")
def lives(engine):
    return {name: engine.analyse_still(small(photo(name))) for name in ("obama_2.jpg", "obama_4.jpg", "biden_2.jpg")}


def test_the_engine_runs_in_another_process(engine):
    assert engine.running and engine._process.pid != os.getpid()


def test_the_worker_holds_dlib_but_not_opencv_or_qt(engine):
    # Its memory is the kiosk's: only what the analysis needs is loaded there.
    engine.analyse_still(small(photo("obama_480p.jpg")), encode=True)
    mapped = Path(f"/proc/{engine._process.pid}/maps").read_text()
    assert "_dlib_pybind11" in mapped
    assert "cv2" not in mapped and "PySide6" not in mapped and "libQt" not in mapped


@pytest.mark.parametrize("card, live", [("obama", "obama_2.jpg"), ("obama", "obama_4.jpg"), ("biden", "biden_2.jpg")])
def test_the_same_person_matches_their_card_photo(cards, lives, card, live):
    a = lives[live]
    assert a.quality.ok, a.quality.reasons
    assert face_distance(cards[card], a.encoding) < DEFAULT_THRESHOLD


@pytest.mark.parametrize("card, live", [("obama", "biden_2.jpg"), ("biden", "obama_2.jpg"), ("collins", "obama_4.jpg"),
                                        ("collins", "biden_2.jpg")])
def test_different_persons_do_not_match(cards, lives, card, live):
    assert face_distance(cards[card], lives[live].encoding) >= DEFAULT_THRESHOLD


def test_two_faces_are_refused(engine):
    a = engine.analyse_still(small(photo("two_people_biden_obama.jpg")))
    assert a.quality.reasons == (MULTIPLE,) and a.quality.measures.faces == 2
    assert a.encoding is None  # nothing is encoded from a frame that is refused for a second face


def test_a_partial_face_is_refused(engine):
    a = engine.analyse_still(small(photo("obama_partial_face.jpg")))
    assert a.quality.first_reason == PARTIAL


def test_a_tiny_face_is_refused_as_too_small(engine):
    image = small(photo("obama_small.jpg"), 180)
    canvas = np.full((300, 400, 3), 128, np.uint8)
    canvas[100:100 + image.shape[0], 150:150 + image.shape[1]] = image
    a = engine.analyse_still(canvas)
    assert a.quality.first_reason == TOO_SMALL
    assert a.quality.as_error().exit_code == 3


def test_dark_and_blurred_faces_are_refused(engine):
    image = small(photo("obama_480p.jpg"))
    assert TOO_DARK in engine.analyse_still(darkened(image, 0.3)).quality.reasons
    face_px = engine.analyse_still(image, encode=False).quality.measures.face_px
    assert BLURRED in engine.analyse_still(blurred(image, face_px, sigma_at_160=3.0)).quality.reasons


def test_too_bright_and_tilted_faces_are_refused(engine):
    image = small(photo("obama_480p.jpg"))
    bright = np.clip(image.astype(np.float32) * 1.6 + 40, 0, 255).astype(np.uint8)
    assert engine.analyse_still(bright).quality.reasons == (TOO_BRIGHT,)
    h, w = image.shape[:2]
    tilted = cv2.warpAffine(image, cv2.getRotationMatrix2D((w / 2, h / 2), 28, 1.0), (w, h),
                            borderMode=cv2.BORDER_REPLICATE)
    a = engine.analyse_still(tilted)
    assert a.quality.reasons == (NOT_FRONTAL,) and abs(a.quality.measures.roll_deg) > 20


def test_the_demo_card_photos_are_card_size_and_encode(engine):
    for stem in ("ouyang_xiuying", "zhang_jianguo", "li_na"):
        data = demo_card_bytes(stem)
        assert decode_image(data).shape[1::-1] == CARD_SIZE
        assert engine.encode_card(data).encoding.shape == (128,)


def test_an_undecodable_card_photo_is_a_typed_error(engine):
    with pytest.raises(FaceQualityError) as e:
        engine.encode_card(b"not an image")
    assert e.value.code == "FACE_CARD_PHOTO"


def test_a_dead_worker_is_replaced_on_the_next_request(engine):
    engine._process.kill()
    engine._process.wait(timeout=10)
    a = engine.analyse_still(small(photo("obama_480p.jpg")), encode=False)
    assert a.quality.ok and engine.running


def test_a_request_to_a_stopped_engine_that_cannot_start_is_typed(monkeypatch):
    from hardware.camera import faces

    broken = faces.FaceEngine(start_timeout_s=0.01)
    monkeypatch.setattr(faces.FaceEngine, "running", property(lambda self: False))
    with pytest.raises(FaceEngineError):
        broken.analyse_still(np.zeros((10, 10, 3), np.uint8))
    broken.close()


def test_the_landmarks_come_before_the_descriptor_of_a_usable_face(engine):
    frame = cv2.imread(str(DEMO_FACES / "zhang_jianguo_open.jpg"))
    early = []
    a = engine.analyse_live(frame, encode=True, on_landmarks=early.append)
    assert len(early) == 1 and early[0].encoding is None and a.encoding.shape == (128,)
    assert early[0].box == a.box and early[0].landmarks == a.landmarks


def test_an_unusable_face_is_not_encoded(engine):
    image = small(photo("obama_480p.jpg"))
    early = []
    a = engine.analyse_live(darkened(image, 0.3), encode=True, on_landmarks=early.append)
    assert a.quality.reasons and a.box is not None
    assert a.encoding is None and early == []  # no descriptor is computed, so nothing comes early either


def test_a_failing_landmarks_listener_does_not_disturb_the_next_call(engine):
    frame = cv2.imread(str(DEMO_FACES / "zhang_jianguo_open.jpg"))

    def broken(_):
        raise RuntimeError("listener bug")

    a = engine.analyse_live(frame, encode=True, on_landmarks=broken)
    b = engine.analyse_live(frame, encode=False)
    assert a.encoding is not None and b.encoding is None and b.box == a.box


def test_the_same_card_photo_gives_the_same_descriptor_every_time(engine):
    card = card_crop(photo("obama_480p.jpg"), engine.analyse_still(photo("obama_480p.jpg"), encode=False).box)
    first, *others = (engine.encode_card(card) for _ in range(4))
    assert all(np.array_equal(first.encoding, a.encoding) and a.box == first.box for a in others)
