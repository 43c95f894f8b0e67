"""What the driver says about a card, in logs and in its events' text, is masked: no full ID number, no
full name, no photo bytes, whether the card reads, is refused or the reader fails mid-read."""

from __future__ import annotations

import logging

import pytest

from hardware.idcard.cards import load_fixtures, photo_images
from hardware.idcard.photo import FixturePhotoDecoder
from hardware.idcard.reader import SerialCardReader
from hardware.idcard.simulator import CardSimulator
from tests.hardware.idcard.helpers import DEMO_CARDS, FAST, TODAY, EventRecorder

pytestmark = pytest.mark.integration


@pytest.fixture
def cards(tmp_path):
    """Three demo cards, and one whose ID number's check character is wrong (a forged or misread card)."""
    forged = tmp_path / "cards" / "forged.toml"
    forged.parent.mkdir()
    text = (DEMO_CARDS / "ouyang_xiuying.toml").read_text(encoding="utf-8")
    assert "330106195203142627" in text
    forged.write_text(text.replace("330106195203142627", "330106195203142620")
                      .replace("../faces/", str(DEMO_CARDS.parent / "faces") + "/"), encoding="utf-8")
    return load_fixtures([DEMO_CARDS / "ouyang_xiuying.toml", DEMO_CARDS / "wang_fang_expired.toml",
                          DEMO_CARDS / "maria_santos.toml", forged])


def test_logs_and_event_texts_hold_no_full_identity(cards, caplog):
    caplog.set_level(logging.DEBUG)
    sim = CardSimulator(cards)
    sim.start()
    reader = SerialCardReader(sim.port, settings=FAST, photo_decoder=FixturePhotoDecoder(photo_images(cards)),
                              today=lambda: TODAY)
    events = EventRecorder()
    reader.start(events)
    outcomes = []
    try:
        for name in ("ouyang_xiuying", "wang_fang_expired", "forged", "maria_santos"):
            sim.place(name)
            events.wait_for("placed")
            outcomes.append(events.next())
            sim.lift()
            events.wait_for("lifted")
        sim.inject_fault("lift_mid_read", on="read")
        sim.place("ouyang_xiuying")
        events.wait_for("placed")
        outcomes.append(events.next())
    finally:
        reader.stop()
        sim.stop()

    assert [(e.kind, e.error and e.error.code) for e in outcomes] == [
        ("read", None), ("failed", "IDCARD_EXPIRED"), ("failed", "IDCARD_BAD_CHECK_CHARACTER"), ("read", None),
        ("lifted", "IDCARD_LIFTED_MID_READ")]
    assert any(r.name.startswith("hardware.idcard") for r in caplog.records)  # the refusals were logged
    said = "\n".join([caplog.text, *(repr(e) for e in outcomes), *(str(e.error) for e in outcomes if e.error)])
    for fixture in cards.values():
        card = fixture.card
        assert card.id_number not in said and card.name not in said
        if card.english_name:
            assert card.english_name not in said
        assert fixture.wlt.hex()[:32] not in said
    assert "3301**********2627" in said  # masked, it may be named
