"""Exact bytes of receipts, GB18030 round trips, and full-width punctuation that never becomes '?'."""

from __future__ import annotations

import re
from dataclasses import replace

from hardware.receipt.encoder import encode_receipt
from hardware.receipt.escpos_lib import Dummy
from hardware.receipt.escpos_parser import EscposParser, QrCode, Raster, Text
from hardware.receipt.profiles import PROFILES, profile_from_url
from hardware.urls import parse_device_url
from kiosk.printing.receipt_layout import Feed, QrBlock, ReceiptLayout, Rule, TextLine

from .conftest import make_printer

CN80 = PROFILES["cn80"]


def test_a_small_receipt_is_exactly_these_bytes():
    layout = ReceiptLayout((TextLine("凭条", align="center", bold=True, big=True), TextLine("No.1：（好）"),
                            Rule(), Feed(2)), columns=8)
    assert encode_receipt(layout, CN80) == (
        b"\x1b@"                      # ESC @ initialise
        b"\x1c&"                      # FS & Chinese mode, for every line
        b"\x1ba\x01\x1bE\x01\x1d!\x11" + "凭条".encode("gb18030") + b"\n"
        b"\x1ba\x00\x1bE\x00\x1d!\x00" + b"No.1" + b"\xa3\xba\xa3\xa8\xba\xc3\xa3\xa9" + b"\n"
        b"\x1ba\x00\x1bE\x00\x1d!\x00" + b"--------" + b"\n"
        b"\x1bd\x02"                  # ESC d 2: feed
        b"\x1bd\x05\x1dV\x01"         # feed past the blade, partial cut
    )


def test_gb18030_text_decodes_back_to_the_same_chinese():
    lines = ["文新街道社区档案便民服务点", "办理人：张*英", "独生子女证明（1993），由临安区档案馆办理", "䶮 𠀀 ·×“”"]
    data = encode_receipt(ReceiptLayout(tuple(TextLine(t) for t in lines)), replace(CN80, font_charset="gb18030"))
    body = data.split(b"\x1c&", 1)[1]
    texts = [m.decode("gb18030") for m in re.findall(rb"\x1d!\x00(.*?)\n", body, re.S)]
    assert texts == lines


def test_full_width_punctuation_alone_never_becomes_a_question_mark():
    punctuation = "，：（）。；！？、“”《》"
    data = encode_receipt(ReceiptLayout((TextLine(punctuation),)), CN80)
    assert punctuation.encode("gb18030") in data
    assert b"?" not in data
    events = EscposParser().feed(data)
    assert "".join(e.text for e in events if isinstance(e, Text)) == punctuation


def test_python_escpos_alone_would_have_printed_question_marks():
    # The trap this encoder exists for: python-escpos 3.1 picks a single-byte code page for a line
    # without an ideograph, and full-width punctuation has no place in any of them.
    dummy = Dummy()
    dummy.text("（）：，\n")
    assert b"?" in dummy.output


def test_a_character_outside_the_printer_font_is_printed_as_an_image_not_lost():
    data = encode_receipt(ReceiptLayout((TextLine("王䶮"), TextLine("张三"))), CN80)  # 䶮 is not in GBK
    events = EscposParser().feed(data)
    assert [type(e).__name__ for e in events if isinstance(e, (Text, Raster))] == ["Raster", "Text"]
    assert "张三".encode("gb18030") in data


def test_raster_mode_sends_each_line_as_a_gs_v_0_image_of_the_paper_width():
    layout = ReceiptLayout((TextLine("档案（证明）"), TextLine("大字", big=True)), columns=48)
    data = encode_receipt(layout, PROFILES["raster80"])
    assert b"\x1c&" not in data and "档案".encode("gb18030") not in data
    rasters = [e for e in EscposParser().feed(data) if isinstance(e, Raster)]
    assert [(r.width_bytes, r.height) for r in rasters] == [(72, 24), (72, 48)]  # 576 dots = 72 bytes
    assert data.startswith(b"\x1b@\x1ba\x00\x1dv0\x00\x48\x00\x18\x00")
    assert all(any(r.data) for r in rasters)  # something black was drawn


def test_native_qr_uses_gs_paren_k_and_image_qr_is_a_raster():
    layout = ReceiptLayout((QrBlock("KC1.cert-0001"),))
    native = encode_receipt(layout, CN80)
    assert b"\x1d(k\x10\x001P0KC1.cert-0001" in native and b"\x1d(k\x03\x001Q0" in native
    (qr,) = [e for e in EscposParser().feed(native) if isinstance(e, QrCode)]
    assert qr.payload == "KC1.cert-0001" and qr.align == "center"
    image = encode_receipt(layout, replace(CN80, qr="image"))
    assert b"\x1d(k" not in image
    assert any(isinstance(e, Raster) for e in EscposParser().feed(image))


def test_the_driver_asks_status_before_and_confirms_after(scripted):
    printer = make_printer(scripted)
    layout = ReceiptLayout((TextLine("好"),), columns=8)
    printer.print_layout(layout)
    sent = bytes(scripted.written)
    job = encode_receipt(layout, CN80)
    assert sent == b"\x10\x04\x01\x10\x04\x04" + job + b"\x1dr\x01"


def test_profiles_come_from_the_url():
    p = profile_from_url(parse_device_url("escpos+tcp://10.0.0.5:9100?profile=cn58&text=raster&qr=image"))
    assert (p.columns, p.dots, p.text, p.qr) == (32, 384, "raster", "image")
