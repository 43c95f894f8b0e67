from __future__ import annotations

import struct

from hardware.docprinter import ipp
from hardware.docprinter.reasons import printer_status
from kiosk.printing.status import PrinterCondition as C
from kiosk.printing.status import StaffAlert


def test_a_request_encodes_as_rfc_8010_says():
    req = ipp.IppRequest(ipp.GET_JOB_ATTRIBUTES, 7, [(ipp.CHARSET, "attributes-charset", "utf-8"),
                                                     (ipp.INTEGER, "job-id", 12),
                                                     (ipp.KEYWORD, "requested-attributes", ["job-state", "job-id"])])
    assert req.encode() == (
        b"\x01\x01\x00\x09\x00\x00\x00\x07\x01"
        b"\x47\x00\x12attributes-charset\x00\x05utf-8"
        b"\x21\x00\x06job-id\x00\x04\x00\x00\x00\x0c"
        b"\x44\x00\x14requested-attributes\x00\x09job-state"
        b"\x44\x00\x00\x00\x06job-id"
        b"\x03")


def _attr(tag: int, name: str, value: bytes) -> bytes:
    return struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(value)) + value


def test_a_response_decodes_into_groups_with_multi_values():
    data = (b"\x01\x01\x00\x00\x00\x00\x00\x07" + b"\x01" + _attr(ipp.CHARSET, "attributes-charset", b"utf-8")
            + b"\x04" + _attr(ipp.ENUM, "printer-state", b"\x00\x00\x00\x05")
            + _attr(ipp.KEYWORD, "printer-state-reasons", b"paused") + _attr(ipp.KEYWORD, "", b"media-low-warning")
            + _attr(ipp.BOOLEAN, "printer-is-accepting-jobs", b"\x01") + b"\x03")
    r = ipp.decode_response(data)
    assert r.ok and r.request_id == 7
    printer = r.group(ipp.PRINTER_GROUP)
    assert printer == {"printer-state": [5], "printer-state-reasons": ["paused", "media-low-warning"],
                       "printer-is-accepting-jobs": [True]}


def test_printer_state_reasons_become_conditions_and_alerts():
    s = printer_status("cups://Q", 5, ["paused", "media-low-warning"])
    assert s.conditions == (C.PAUSED,) and s.alerts == (StaffAlert.PAPER_NEAR_END,)
    assert printer_status("q", 3, ["media-empty-error"]).reason is C.MEDIA_EMPTY
    assert printer_status("q", 3, ["media-jam-error", "door-open-error"]).conditions == (C.JAMMED, C.DOOR_OPEN)
    assert printer_status("q", 3, ["offline-report"]).reason is C.OFFLINE
    assert printer_status("q", 5, []).reason is C.PAUSED  # stopped without saying why
    assert printer_status("q", 3, [], accepting=False).reason is C.NOT_ACCEPTING
    assert printer_status("q", 3, []).ready
