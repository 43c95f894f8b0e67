"""Opening the reader by path or URL: ``serial://...?baud=``, ``hwgrep://VID:PID`` (pyserial's own handler),
and typed errors for ports that are not there."""

from __future__ import annotations

import pytest
import serial.tools.list_ports

from hardware.idcard.errors import PortOpenError
from hardware.idcard.link import open_port, split_port
from hardware.idcard.reader import SerialCardReader
from hardware.idcard.simulator import CardSimulator
from tests.hardware.idcard.helpers import FAST, TODAY, demo_fixtures

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("port, baud, expected", [
    ("/dev/ttyUSB0", None, ("/dev/ttyUSB0", 115200)),
    ("/dev/pts/3", 57600, ("/dev/pts/3", 57600)),
    ("serial:///dev/ttyUSB0?baud=9600", None, ("/dev/ttyUSB0", 9600)),
    ("serial:///dev/ttyUSB0", None, ("/dev/ttyUSB0", 115200)),
    ("serial:///dev/ttyUSB0?baud=9600", 38400, ("/dev/ttyUSB0", 38400)),  # configured speed wins
    ("hwgrep://1a86:7523", None, ("hwgrep://1a86:7523", 115200)),
])
def test_ports_and_speeds(port, baud, expected):
    assert split_port(port, baud) == expected


def test_a_speed_that_is_no_number_is_a_typed_error():
    with pytest.raises(PortOpenError) as e:
        split_port("serial:///dev/ttyUSB0?baud=fast")
    assert e.value.code == "IDCARD_PORT_OPEN" and "baud" in str(e.value)


@pytest.mark.parametrize("port", ["/dev/nonexistent-idcard", "serial:///dev/nonexistent-idcard?baud=115200",
                                  "hwgrep://ffff:0000", "nosuchscheme://x"])
def test_ports_that_are_not_there_are_typed_errors_naming_the_port(port):
    with pytest.raises(PortOpenError) as e:
        open_port(port)
    assert e.value.code == "IDCARD_PORT_OPEN" and port in str(e.value)


def test_hwgrep_finds_the_reader_by_vid_pid_and_reads_through_it(monkeypatch):
    sim = CardSimulator(demo_fixtures("chen_zhiming"))
    sim.start()
    try:
        # A USB reader (CH340 bridge) as pyserial's port list shows it; the tty behind it is the simulator's.
        listed = [(sim.tty, "USB2.0-Serial", "USB VID:PID=1A86:7523 LOCATION=1-1")]
        monkeypatch.setattr(serial.tools.list_ports, "grep",
                            lambda regexp, include_links=False: [p for p in listed if regexp.lower() in p[2].lower()])
        reader = SerialCardReader("hwgrep://1a86:7523", settings=FAST, today=lambda: TODAY)
        assert reader.sam_status() == "ok"
        sim.place("chen_zhiming")
        card = reader.read_once(timeout_s=2)
        assert card is not None and card.card_type == "hk_mo_tw_permit" and card.pass_number == "H60012345"
    finally:
        sim.stop()
