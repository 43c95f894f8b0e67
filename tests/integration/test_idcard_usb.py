"""The real driver and USB bulk transport against the card simulator's frames through a bulk pipe;
against a real reader (0400:C35A) only where one is plugged in."""

from __future__ import annotations

import errno

import pytest
import usb.core

from hardware.idcard.cards import photo_images
from hardware.idcard.errors import PortOpenError
from hardware.idcard.link import open_port
from hardware.idcard.photo import FixturePhotoDecoder
from hardware.idcard.reader import SerialCardReader
from hardware.idcard.sim_usb import EP_IN, EP_OUT, SimulatedBulkPipe, open_simulated_usb
from hardware.idcard.simulator import CardSimulator
from hardware.idcard.usb_port import UsbBulkPort, parse_usb_ids
from hardware.registry import open_idcard
from tests.hardware.idcard.helpers import DEMO_CARDS, FAST, TODAY, EventRecorder, demo_fixtures

pytestmark = pytest.mark.integration
NEWEST = "北京市海淀区中关村南大街5号2号楼301"


@pytest.fixture
def rig():
    fixtures = demo_fixtures()
    sim = CardSimulator(fixtures)
    sim.start()
    reader = SerialCardReader("usb://sim", settings=FAST, photo_decoder=FixturePhotoDecoder(photo_images(fixtures)),
                              today=lambda: TODAY, opener=lambda: open_simulated_usb(sim))
    events = EventRecorder()
    reader.start(events)
    yield sim, reader, events
    reader.stop()
    sim.stop()


def read(sim, events, name):
    sim.place(name)
    events.wait_for("placed")
    return events.next()


def test_a_card_reads_over_bulk_transfers_with_its_newest_address(rig):
    sim, _, events = rig
    ev = read(sim, events, "zhang_jianguo")
    assert ev.kind == "read" and ev.card.id_number == "110105196507081234"
    assert ev.card.newest_address == NEWEST
    assert ev.photo_image == demo_fixtures("zhang_jianguo")["zhang_jianguo"].photo_path.read_bytes()
    assert sim.commands_seen[-4:] == ["find", "select", "read", "read_address"]
    # The card's record shows it, masked like the address unless revealed.
    assert ev.card.to_dict(reveal=True)["newest_address"] == NEWEST
    assert ev.card.to_dict()["newest_address"] == NEWEST[:6] + "…"


def test_a_card_without_an_endorsement_has_no_newest_address(rig):
    sim, _, events = rig
    ev = read(sim, events, "ouyang_xiuying")
    assert ev.kind == "read" and ev.card.newest_address == ""
    assert "newest_address" not in ev.card.to_dict(reveal=True)


def test_a_sam_that_refuses_the_address_command_still_gives_the_card(rig):
    sim, _, events = rig
    sim.inject_fault("sam_unauthorised", times=1, on="read_address")
    ev = read(sim, events, "zhang_jianguo")
    assert ev.kind == "read" and ev.card.name == "张建国" and ev.card.newest_address == ""


@pytest.mark.parametrize("fault", ["noise", "fragments"])
def test_noise_and_fragments_in_bulk_transfers_are_absorbed(rig, fault):
    sim, _, events = rig
    sim.inject_fault(fault, times=None, on="read")
    ev = read(sim, events, "maria_santos")
    assert ev.kind == "read" and ev.card.card_type == "foreign_pr_2023"
    assert sim.faults.happened[fault] >= 1 and sim.commands_seen.count("read") == 1


def test_a_bad_checksum_is_retried_over_usb(rig):
    sim, _, events = rig
    sim.inject_fault("bad_checksum", times=2, on="read")
    ev = read(sim, events, "john_smith")
    assert ev.kind == "read" and sim.commands_seen.count("read") == 3


def test_unplugged_and_plugged_back(rig):
    sim, _, events = rig
    sim.unplug()
    lost = events.wait_for("lost")
    assert lost.error.code == "IDCARD_READER_LOST" and "No such device" in lost.error.message
    sim.replug()
    events.wait_for("restored")
    assert read(sim, events, "zhang_jianguo").kind == "read"


def test_stale_reply_bytes_are_drained_before_the_next_command():
    sim = CardSimulator(demo_fixtures("zhang_jianguo"))
    sim.start()
    try:
        pipe = SimulatedBulkPipe(sim)
        port = UsbBulkPort(pipe, ep_out=EP_OUT, ep_in=EP_IN)
        from hardware.idcard.link import SamLink

        link = SamLink(port, retries=0, answer_margin_s=0.5)
        port.write(bytes.fromhex("AAAAAA9669000312FFEE"))  # a SAM-id request whose reply nobody read
        link.status()  # would decode the SAM id reply as its own if it were not drained
        assert sim.commands_seen == ["sam_id", "status"]
        assert link.sam_id() == "05.01-20096017-0000766117-0000001234"
    finally:
        sim.stop()


def test_the_simulated_pipe_fails_like_libusb_when_unplugged():
    sim = CardSimulator(demo_fixtures("zhang_jianguo"))
    sim.start()
    try:
        pipe = SimulatedBulkPipe(sim)
        with pytest.raises(usb.core.USBTimeoutError):
            pipe.read(EP_IN, 64, timeout=5)
        sim.unplug()
        with pytest.raises(usb.core.USBError) as e:
            pipe.write(EP_OUT, b"\xaa")
        assert e.value.errno == errno.ENODEV and isinstance(e.value, OSError)
        with pytest.raises(PortOpenError):
            open_simulated_usb(sim)
    finally:
        sim.stop()


def test_sim_url_with_the_usb_transport_reads_through_the_registry():
    device = open_idcard(f"sim://idcard?cards={DEMO_CARDS}&transport=usb&poll_ms=50", cards_dir=DEMO_CARDS,
                         today=lambda: TODAY)
    try:
        assert device.driver.sam_status() == "ok"
        device.simulator.place("zhang_jianguo")
        card = device.driver.read_once(timeout_s=5)
        assert card is not None and card.newest_address == NEWEST
    finally:
        device.driver.stop()


@pytest.mark.parametrize("url", ["usb://", "usb://0400", "usb://0400:C35A:1", "usb://xyz:C35A", "usb://10000:1"])
def test_malformed_usb_urls_are_typed_errors(url):
    with pytest.raises(PortOpenError):
        parse_usb_ids(url)


def test_usb_ids_are_hexadecimal():
    assert parse_usb_ids("usb://0400:C35A") == (0x0400, 0xC35A)


def _present(vid: int, pid: int) -> bool:
    try:
        return usb.core.find(idVendor=vid, idProduct=pid) is not None
    except usb.core.NoBackendError:
        return False


@pytest.mark.skipif(_present(0x0400, 0xC35A), reason="a real reader is plugged in")
def test_a_reader_that_is_not_plugged_in_is_a_typed_error():
    with pytest.raises(PortOpenError) as e:
        open_port("usb://0400:C35A")
    assert "usb://0400:C35A" in e.value.message


@pytest.mark.skipif(not _present(0x0400, 0xC35A), reason="no USB ID-card reader 0400:C35A is plugged in")
def test_a_real_usb_reader_answers_its_sam_status():
    reader = SerialCardReader("usb://0400:C35A", settings=FAST)
    assert reader.sam_status() == "ok"
    assert reader.sam_id().count("-") == 3
