"""Every simulator fault against every card type: the real driver on the pty recovers (or reports the
fault by its code) and then delivers exactly the card in the card file, for all four layouts."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from hardware.idcard.cards import photo_images
from hardware.idcard.photo import FixturePhotoDecoder
from hardware.idcard.reader import SerialCardReader
from hardware.idcard.sim_faults import FAULTS
from hardware.idcard.simulator import CardSimulator
from tests.hardware.idcard.helpers import FAST, TODAY, EventRecorder, demo_fixtures

pytestmark = pytest.mark.integration
# Unplugged mid-read: the reply that never comes must not time out before the plug is pulled
# (the pulled plug itself is noticed at once, whatever the margin).
PATIENT = replace(FAST, answer_margin_s=3.0)
CARD_OF_TYPE = {"resident": "zhang_jianguo", "hk_mo_tw_permit": "chen_zhiming",
                "foreign_pr_2017": "john_smith", "foreign_pr_2023": "maria_santos"}
FIXTURES = demo_fixtures(*CARD_OF_TYPE.values())


@pytest.fixture
def rig(request):
    settings = PATIENT if request.node.callspec.params.get("fault") == "unplug" else FAST
    sim = CardSimulator(FIXTURES)
    sim.start()
    reader = SerialCardReader(sim.port, settings=settings, photo_decoder=FixturePhotoDecoder(photo_images(FIXTURES)),
                              today=lambda: TODAY)
    events = EventRecorder()
    reader.start(events)
    yield sim, events
    reader.stop()
    sim.stop()


def place_and_read(sim, events, name):
    sim.place(name)
    events.wait_for("placed")
    return events.next()


def lift_mid_read(sim, events, name):
    sim.inject_fault("lift_mid_read", on="read")
    ev = place_and_read(sim, events, name)
    assert ev.kind == "lifted" and ev.error.code == "IDCARD_LIFTED_MID_READ"
    return place_and_read(sim, events, name)  # laid down again, it reads


def noise(sim, events, name):
    sim.inject_fault("noise", times=None)  # before every reply: find, select and read
    ev = place_and_read(sim, events, name)
    assert sim.faults.happened["noise"] >= 3 and sim.commands_seen.count("read") == 1
    return ev


def fragments(sim, events, name):
    sim.inject_fault("fragments", times=None)
    ev = place_and_read(sim, events, name)
    assert sim.faults.happened["fragments"] >= 3 and sim.commands_seen.count("read") == 1
    return ev


def bad_checksum(sim, events, name):
    sim.inject_fault("bad_checksum", times=2, on="read")  # within the two retries
    ev = place_and_read(sim, events, name)
    assert sim.commands_seen.count("read") == 3
    return ev


def no_answer(sim, events, name):
    sim.inject_fault("no_answer", times=1, on="read")
    ev = place_and_read(sim, events, name)
    assert sim.commands_seen.count("read") == 2
    return ev


def sam_unauthorised(sim, events, name):
    sim.inject_fault("sam_unauthorised", times=None)
    assert events.wait_for("lost").error.code == "IDCARD_SAM_UNAUTHORISED"
    sim.place(name)
    assert events.none_within(0.2)  # nothing is read while the SAM refuses
    assert "read" not in sim.commands_seen
    sim.clear_faults()
    events.wait_for("restored")
    events.wait_for("placed")
    return events.next()


def unplug(sim, events, name):
    # Unplugged while the driver waits for the read reply: the read is lost with the reader.
    sim.inject_fault("no_answer", times=None, on="read")
    sim.place(name)
    events.wait_for("placed")
    sim.unplug()
    lifted = events.next()
    assert lifted.kind == "lifted" and lifted.error.code == "IDCARD_READER_LOST"
    assert events.next().kind == "lost" and not os.path.exists(sim.port)
    sim.clear_faults()
    sim.replug()
    events.wait_for("restored")
    return place_and_read(sim, events, name)


SCENARIOS = {f.__name__: f for f in (lift_mid_read, noise, fragments, bad_checksum, no_answer, sam_unauthorised,
                                     unplug)}


def test_every_simulator_fault_has_a_scenario():
    assert set(SCENARIOS) == set(FAULTS)


@pytest.mark.parametrize("fault", SCENARIOS)
@pytest.mark.parametrize("card_type", CARD_OF_TYPE)
def test_fault_then_the_card_exactly_as_issued(rig, card_type, fault):
    sim, events = rig
    name = CARD_OF_TYPE[card_type]
    ev = SCENARIOS[fault](sim, events, name)
    assert ev.kind == "read", ev
    expected = FIXTURES[name]
    assert ev.card.card_type == card_type
    assert ev.card.to_dict(reveal=True) == {**expected.card.to_dict(reveal=True),
                                            "photo_wlt_sha256": ev.card.photo_wlt_sha256}
    assert ev.photo_raw == expected.wlt
