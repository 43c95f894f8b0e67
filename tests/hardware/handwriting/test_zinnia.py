"""The zinnia adapter on real characters written stroke by stroke, and what a kiosk without zinnia gets."""

from __future__ import annotations

import pytest

from hardware.handwriting import HandwritingUnavailable, ZinniaRecogniser, open_recogniser
from hardware.handwriting.samples import CHARACTERS, SIZE


@pytest.fixture(scope="module")
def recogniser():
    r = open_recogniser()
    yield r
    r.close()


@pytest.mark.parametrize("character", sorted(CHARACTERS))
def test_a_written_character_is_among_the_first_candidates(recogniser, character):
    found = recogniser.classify(CHARACTERS[character], SIZE, SIZE, limit=10)
    assert len(found) == 10
    assert character in [c.character for c in found[:3]], [c.character for c in found]
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)  # best first


def test_the_same_strokes_on_a_larger_canvas_read_the_same(recogniser):
    """The canvas size is handed to zinnia, which scales to its own: the pad's size does not matter."""
    scaled = [[(x * 2.5, y * 2.5) for x, y in s] for s in CHARACTERS["王"]]
    assert recogniser.classify(scaled, SIZE * 5 // 2, SIZE * 5 // 2)[0].character == "王"


def test_strokes_in_the_wrong_places_are_not_read_as_the_character(recogniser):
    """Strokes drawn upside down are another shape: the adapter passes positions, not just a count."""
    flipped = [[(x, SIZE - y) for x, y in s] for s in CHARACTERS["秀"]]
    assert recogniser.classify(flipped, SIZE, SIZE)[0].character != "秀"


def test_nothing_drawn_gives_no_candidates(recogniser):
    assert recogniser.classify([], SIZE, SIZE) == []
    assert recogniser.classify([[]], SIZE, SIZE) == []


def test_a_missing_model_is_a_typed_error(tmp_path):
    with pytest.raises(HandwritingUnavailable) as e:
        open_recogniser(tmp_path / "absent.model")
    assert e.value.code == "HANDWRITING_UNAVAILABLE" and "model" in e.value.detail


def test_an_unreadable_model_is_a_typed_error(tmp_path):
    bad = tmp_path / "garbage.model"
    bad.write_bytes(b"not a zinnia model" * 10)
    with pytest.raises(HandwritingUnavailable) as e:
        open_recogniser(bad)
    assert e.value.code == "HANDWRITING_UNAVAILABLE" and e.value.detail["model"] == str(bad)


def test_a_missing_library_is_a_typed_error():
    with pytest.raises(HandwritingUnavailable) as e:
        ZinniaRecogniser(library_names=("libnot-zinnia.so.0",))
    assert e.value.code == "HANDWRITING_UNAVAILABLE"


def test_a_closed_recogniser_refuses_plainly():
    r = open_recogniser()
    r.close()
    with pytest.raises(HandwritingUnavailable):
        r.classify(CHARACTERS["王"], SIZE, SIZE)
