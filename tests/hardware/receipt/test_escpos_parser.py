"""The simulator's ESC/POS parser: what it understands, and fuzzing for what it must survive."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.receipt.encoder import encode_receipt
from hardware.receipt.escpos_parser import (Cut, EscposParser, Feed, Init, QrCode, Raster, StatusRequest, Style,
                                            Text, Unknown)
from hardware.receipt.paper import Paper
from hardware.receipt.profiles import PROFILES
from kiosk.printing.receipt_content import compose_receipt, demo_summary
from kiosk.printing.receipt_layout import ReceiptLayout, TextLine


def test_commands_become_events():
    data = (b"\x1b@\x1c&\x1ba\x01\x1bE\x01" + "档案".encode("gb18030") + b"\n\x10\x04\x04\x1dr\x01"
            b"\x1dv0\x00\x01\x00\x02\x00\xff\x00\x1dV\x01")
    assert EscposParser().feed(data) == [
        Init(), Text("档案", Style(align="center", bold=True)), Feed(1), StatusRequest("DLE EOT", 4),
        StatusRequest("GS r", 1), Raster(1, 2, b"\xff\x00", "center"), Cut(partial=True)]


def test_outside_chinese_mode_high_bytes_are_a_single_byte_code_page():
    (text,) = EscposParser().feed("档".encode("gb18030"))
    assert text.text != "档"  # what a printer not told FS & would print: two code-page symbols


def test_a_command_split_across_chunks_waits_for_its_rest():
    parser = EscposParser()
    data = b"\x1c&" + "证明".encode("gb18030") + b"\n\x1d(k\x04\x001P0A\x1d(k\x03\x001Q0"
    events = [e for b in data for e in parser.feed(bytes([b]))]
    assert "".join(e.text for e in events if isinstance(e, Text)) == "证明"
    assert [e for e in events if isinstance(e, QrCode)] == [QrCode("A", 3)]
    assert parser.pending == 0


def test_unknown_commands_are_skipped_not_fatal():
    events = EscposParser().feed(b"\x1bZ\x1c&" + "好".encode("gb18030") + b"\n")
    assert isinstance(events[0], Unknown) and Text("好", Style()) in events


def _paper_text(events: list) -> list[str]:
    paper = Paper()
    for e in events:
        paper.apply(e)
    return [r.text for r in paper.receipts]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_parse_without_error(data):
    events = EscposParser().feed(data)
    paper = Paper()
    for e in events:
        paper.apply(e)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.lists(st.integers(min_value=1, max_value=64), max_size=20))
def test_chunking_does_not_change_what_is_printed(data, cuts):
    whole = EscposParser()
    all_at_once = whole.feed(data)
    parser, events, pos = EscposParser(), [], 0
    for size in cuts:
        events += parser.feed(data[pos:pos + size])
        pos += size
    events += parser.feed(data[pos:])
    assert _paper_text(events) == _paper_text(all_at_once)
    assert [e for e in events if not isinstance(e, Text)] == [e for e in all_at_once if not isinstance(e, Text)]
    assert parser.pending == whole.pending


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="gbk", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                        min_size=1, max_size=30), min_size=1, max_size=8),
       st.binary(max_size=40))
def test_what_the_encoder_writes_the_parser_reads_back_even_after_noise(lines, noise):
    layout = ReceiptLayout(tuple(TextLine(t) for t in lines))
    parser = EscposParser()
    parser.feed(noise + b"\x1b@")  # garbage first, then an init resets the printer
    events = parser.feed(encode_receipt(layout, PROFILES["cn80"]))
    printed = [line for line in _paper_text(events)[0].split("\n")]
    assert printed[:len(lines)] == lines or printed[1:len(lines) + 1] == lines


def test_the_demo_receipt_reads_back_line_by_line():
    layout = compose_receipt(demo_summary())
    paper = Paper()
    for e in EscposParser().feed(encode_receipt(layout, PROFILES["cn80"])):
        paper.apply(e)
    (receipt,) = paper.finished_receipts()
    # The printer feeds a blank line after each QR code; the layout does not count it as a line.
    assert [x for x in receipt.text.split("\n") if x] == [x for x in layout.plain_text().split("\n") if x]
