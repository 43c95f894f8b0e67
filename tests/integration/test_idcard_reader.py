"""The real pyserial driver against the pty simulator: every card type and every fault."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest

from hardware.idcard.cards import photo_images
from hardware.idcard.photo import FixturePhotoDecoder
from hardware.idcard.reader import SerialCardReader
from hardware.idcard.simulator import CardSimulator
from tests.hardware.idcard.helpers import FAST, TODAY, EventRecorder, demo_fixtures

pytestmark = pytest.mark.integration


@pytest.fixture
def rig():
    fixtures = demo_fixtures()
    sim = CardSimulator(fixtures)
    sim.start()
    reader = SerialCardReader(sim.port, settings=FAST, photo_decoder=FixturePhotoDecoder(photo_images(fixtures)),
                              today=lambda: TODAY)
    events = EventRecorder()
    reader.start(events)
    yield sim, reader, events
    reader.stop()
    sim.stop()


def read(sim, events, name):
    sim.place(name)
    assert events.wait_for("placed").card is None
    return events.next()


def test_the_driver_opens_a_real_tty():
    sim = CardSimulator(demo_fixtures("zhang_jianguo"))
    try:
        sim.start()
        assert os.path.islink(sim.port) and os.readlink(sim.port) == sim.tty and sim.tty.startswith("/dev/pts/")
        fd = os.open(sim.port, os.O_RDWR | os.O_NOCTTY)
        try:
            assert os.isatty(fd)
        finally:
            os.close(fd)
        reader = SerialCardReader(sim.port, settings=FAST)
        assert reader.sam_status() == "ok"
        assert reader.sam_id() == "05.01-20096017-0000766117-0000001234"
        assert sim.commands_seen == ["status", "sam_id"]
    finally:
        sim.stop()


@pytest.mark.parametrize("name, card_type, shown", [
    ("ouyang_xiuying", "resident", "330106195203142627"),
    ("chen_zhiming", "hk_mo_tw_permit", "810000199003150015"),
    ("john_smith", "foreign_pr_2017", "USA330078032901"),
    ("maria_santos", "foreign_pr_2023", "931724198506120021"),
])
def test_every_card_type_reads(rig, name, card_type, shown):
    sim, _, events = rig
    ev = read(sim, events, name)
    assert ev.kind == "read" and ev.error is None
    assert ev.card.card_type == card_type and ev.card.id_number == shown
    assert len(ev.photo_raw) == 1024 and ev.card.photo_wlt_sha256 == hashlib.sha256(ev.photo_raw).hexdigest()
    assert sim.commands_seen[-4:] == ["find", "select", "read", "read_address"]


def test_read_card_equals_the_card_file(rig):
    sim, _, events = rig
    for name in ("zhang_jianguo", "maria_santos"):
        ev = read(sim, events, name)
        expected = demo_fixtures(name)[name].card
        assert ev.card.to_dict(reveal=True) == {**expected.to_dict(reveal=True),
                                                "photo_wlt_sha256": ev.card.photo_wlt_sha256}
        sim.lift()
        assert events.next().kind == "lifted"


def test_photo_is_decoded_by_the_fixture_decoder(rig):
    sim, _, events = rig
    ev = read(sim, events, "ouyang_xiuying")
    assert ev.photo_image == demo_fixtures("ouyang_xiuying")["ouyang_xiuying"].photo_path.read_bytes()
    ev = read(sim, events, "chen_zhiming")  # a card without a fixture image still reads
    assert ev.kind == "read" and ev.photo_image is None


def test_expired_card_is_reported_as_expired(rig):
    sim, _, events = rig
    ev = read(sim, events, "wang_fang_expired")
    assert ev.kind == "failed" and ev.error.code == "IDCARD_EXPIRED"
    assert ev.card is not None and ev.card.valid_to == "20200301"


def test_card_must_be_lifted_before_it_is_found_again(rig):
    sim, _, events = rig
    assert read(sim, events, "zhang_jianguo").kind == "read"
    assert events.none_within(0.3)  # polls go on: select keeps answering, no second read
    sim.lift()
    assert events.next().kind == "lifted"
    assert read(sim, events, "zhang_jianguo").kind == "read"


def test_lift_mid_read(rig):
    sim, _, events = rig
    sim.inject_fault("lift_mid_read", on="read")
    ev = read(sim, events, "zhang_jianguo")
    assert ev.kind == "lifted" and ev.error.code == "IDCARD_LIFTED_MID_READ"
    assert sim.card_on_reader is None


@pytest.mark.parametrize("fault", ["noise", "fragments"])
def test_noise_and_fragments_are_absorbed_without_a_retry(rig, fault):
    sim, _, events = rig
    sim.inject_fault(fault, times=3, on="read")
    sim.inject_fault(fault, times=None, on="find")
    ev = read(sim, events, "maria_santos")
    assert ev.kind == "read" and ev.card.english_name == "SANTOS RODRIGUEZ, MARIA ISABEL DE LA CRUZ"
    assert sim.faults.happened[fault] >= 2
    assert sim.commands_seen.count("read") == 1


def test_bad_checksum_is_retried(rig):
    sim, _, events = rig
    sim.inject_fault("bad_checksum", times=2, on="read")
    ev = read(sim, events, "john_smith")
    assert ev.kind == "read" and ev.card.card_type == "foreign_pr_2017"
    assert sim.commands_seen.count("read") == 3


def test_bad_checksum_beyond_the_retries_fails_the_read(rig):
    sim, _, events = rig
    sim.inject_fault("bad_checksum", times=3, on="read")
    ev = read(sim, events, "john_smith")
    assert ev.kind == "failed" and ev.error.code == "IDCARD_CHECKSUM"
    sim.lift()
    assert events.next().kind == "lifted"
    assert read(sim, events, "john_smith").kind == "read"


def test_no_answer_is_retried(rig):
    sim, _, events = rig
    sim.inject_fault("no_answer", times=1, on="read")
    ev = read(sim, events, "chen_zhiming")
    assert ev.kind == "read" and sim.commands_seen.count("read") == 2


def test_silent_reader_is_lost_then_restored(rig):
    sim, _, events = rig
    sim.inject_fault("no_answer", times=None)
    ev = events.wait_for("lost")
    assert ev.error.code == "IDCARD_TIMEOUT"
    sim.clear_faults()
    assert events.wait_for("restored").kind == "restored"
    assert read(sim, events, "zhang_jianguo").kind == "read"


def test_sam_not_authorised(rig):
    sim, reader, events = rig
    sim.inject_fault("sam_unauthorised", times=None)
    ev = events.wait_for("lost")
    assert ev.error.code == "IDCARD_SAM_UNAUTHORISED"
    sim.place("zhang_jianguo")
    assert events.none_within(0.3)  # no card is read while the SAM refuses
    sim.clear_faults()
    events.wait_for("restored")
    assert events.wait_for("placed") and events.next().kind == "read"


def test_unplugged_reader_is_lost_and_comes_back_under_its_name(rig):
    sim, _, events = rig
    sim.place("zhang_jianguo")
    events.wait_for("read")
    sim.unplug()
    lifted = events.next()
    assert lifted.kind == "lifted" and lifted.error.code in ("IDCARD_READER_LOST", "IDCARD_PORT_OPEN")
    assert events.next().kind == "lost"
    assert not os.path.exists(sim.port)
    assert events.none_within(0.3)  # reconnect attempts go on quietly
    sim.replug()
    events.wait_for("restored")
    assert sim.tty and os.readlink(sim.port) == sim.tty
    assert read(sim, events, "ouyang_xiuying").kind == "read"


def test_reader_missing_at_start_is_reported_lost():
    reader = SerialCardReader("/dev/nonexistent-idcard", settings=FAST)
    events = EventRecorder()
    reader.start(events)
    try:
        ev = events.next()
        assert ev.kind == "lost" and ev.error.code == "IDCARD_PORT_OPEN"
    finally:
        reader.stop()


def test_confirm_presence_reports_an_empty_reader(rig):
    sim, reader, events = rig
    assert events.none_within(0.2)
    reader.confirm_presence()
    assert events.next().kind == "lifted"


def test_stop_is_prompt_and_leaves_no_thread(rig):
    sim, reader, events = rig
    sim.inject_fault("no_answer", times=None)  # the reader is in the middle of retrying
    done = threading.Event()
    threading.Thread(target=lambda: (reader.stop(), done.set()), daemon=True).start()
    assert done.wait(3)
    assert not [t for t in threading.enumerate() if t.name == "idcard-reader"]


def test_stopping_mid_exchange_reports_no_lost_reader(rig):
    sim, reader, events = rig
    sim.inject_fault("no_answer", times=None)
    asked = len(sim.commands_seen)
    pause = threading.Event()
    while len(sim.commands_seen) <= asked:  # a command is out; its answer will not come
        pause.wait(0.005)
    reader.stop()  # the kiosk closing: the reader is not out of order
    assert events.none_within(0.05)
    assert "lost" not in [e.kind for e in events.seen]


def test_pacing_at_115200_baud_puts_the_wire_time_on_a_read():
    fixtures = demo_fixtures("zhang_jianguo")
    sim = CardSimulator(fixtures, pace_baud=115200)
    sim.start()
    reader = SerialCardReader(sim.port, settings=FAST)
    try:
        reader.read_once(timeout_s=0.1)  # opens the link; no card yet
        sim.place("zhang_jianguo")
        started = time.perf_counter()
        card = reader.read_once(timeout_s=2)
        elapsed = time.perf_counter() - started
    finally:
        sim.stop()
    assert card is not None and card.name == "张建国"
    assert elapsed >= 1295 * 10 / 115200  # the 1295-byte reply cannot come faster than the line


def test_read_once_reads_a_card_the_polling_already_found(rig):
    """A technician lays the card down, then touches "read a card": the polling has read it first, and the
    reader will not "find" it again until it is lifted — it is read where it lies, not waited for."""
    sim, reader, events = rig
    assert read(sim, events, "ouyang_xiuying").kind == "read"
    started = time.monotonic()
    card = reader.read_once(timeout_s=30)
    assert card is not None and card.id_number == demo_fixtures("ouyang_xiuying")["ouyang_xiuying"].card.id_number
    assert time.monotonic() - started < 15  # read at once, not after the 30 s wait ran out
    sim.lift()
    assert events.next().kind == "lifted"
    assert reader.read_once(timeout_s=0.3) is None  # lifted: nothing on the reader, the wait runs out
