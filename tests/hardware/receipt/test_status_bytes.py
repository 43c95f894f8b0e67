"""Every DLE EOT answer, and silence, read into conditions and staff alerts."""

from __future__ import annotations

import pytest

from hardware.receipt.status_bytes import RealtimeStatus, gs_r_paper, interpret, is_gs_r_answer, is_realtime_answer
from kiosk.printing.status import PrinterCondition as C
from kiosk.printing.status import StaffAlert

from .conftest import ScriptedTransport, make_printer


@pytest.mark.parametrize("printer, offline_cause, error_cause, paper, conditions, alerts", [
    (0x12, None, None, 0x12, (), ()),                                     # online, paper adequate
    (0x12, None, None, 0x1E, (), (StaffAlert.PAPER_NEAR_END,)),           # near end: prints, staff alert
    (0x1A, 0x16, None, 0x12, (C.COVER_OPEN,), ()),                        # offline because the cover is open
    (0x1A, 0x32, None, 0x72, (C.PAPER_OUT,), ()),                         # offline, stopped at paper end
    (0x12, None, None, 0x72, (C.PAPER_OUT,), ()),                         # paper end seen by the roll sensor
    (0x1A, 0x12, None, 0x12, (C.OFFLINE,), ()),                           # offline, no cause given
    (0x1A, 0x52, 0x32, 0x12, (C.ERROR,), ()),                             # unrecoverable error
    (0x1A, 0x36, None, 0x7E, (C.COVER_OPEN, C.PAPER_OUT), ()),            # both at once, both named
])
def test_each_answer(printer, offline_cause, error_cause, paper, conditions, alerts):
    status = interpret("p", RealtimeStatus(printer, offline_cause, error_cause, paper))
    assert status.conditions == conditions and status.alerts == alerts
    assert status.ready is (conditions == ())


def test_silence_is_unknown_never_fine():
    status = interpret("p", RealtimeStatus())
    assert not status.ready and status.reason is C.STATUS_UNKNOWN


def test_a_silent_paper_sensor_is_not_a_promise_of_paper():
    # python-escpos's paper_status() says 2 ("adequate") when nothing answers.
    status = interpret("p", RealtimeStatus(printer=0x12, paper=None))
    assert status.reason is C.STATUS_UNKNOWN


@pytest.mark.parametrize("garbage", [0x00, 0xFF, 0x80, 0x13])
def test_a_byte_that_is_no_status_answer_is_unknown(garbage):
    assert interpret("p", RealtimeStatus(printer=garbage, paper=0x12)).reason is C.STATUS_UNKNOWN


def test_gs_r_and_dle_eot_answers_are_told_apart():
    assert is_realtime_answer(0x12) and not is_gs_r_answer(0x12)
    assert is_gs_r_answer(0x00) and is_gs_r_answer(0x0C) and not is_realtime_answer(0x0C)
    assert gs_r_paper(0x0C) == (True, False) and gs_r_paper(0x03) == (False, True)


def test_the_driver_reports_silence_as_unknown_and_sends_no_job():
    transport = ScriptedTransport(realtime={})
    printer = make_printer(transport)
    assert printer.status().reason is C.STATUS_UNKNOWN
    assert bytes(transport.written) == b"\x10\x04\x01"


def test_the_driver_asks_for_the_offline_cause_only_when_offline():
    transport = ScriptedTransport(realtime={1: 0x1A, 2: 0x16, 4: 0x12})
    assert make_printer(transport).status().reason is C.COVER_OPEN
    assert bytes(transport.written) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
