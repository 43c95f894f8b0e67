"""The newest-address reply (30 03): decoded from its 70-byte UCS-2 blocks, refused when garbled."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hardware.idcard.errors import FrameContentError, SamStatusError
from hardware.idcard.protocol import (Command, Reply, decode_newest_address, decode_reply, encode_address_block,
                                      encode_command, encode_reply)


def reply(data: bytes, sw3: int = 0x90) -> Reply:
    return decode_reply(encode_reply(sw3, data))


def test_the_command_frame_is_the_documented_one():
    assert encode_command(Command.READ_NEW_ADDRESS) == bytes.fromhex("AAAAAA96690003300330")


def test_one_address():
    assert decode_newest_address(reply(encode_address_block("上海市徐汇区漕溪北路1号"))) == "上海市徐汇区漕溪北路1号"


def test_the_last_of_several_addresses_is_the_newest_and_blank_slots_are_skipped():
    data = (encode_address_block("旧址一") + encode_address_block("新址二") + bytes(70))
    assert decode_newest_address(reply(data)) == "新址二"


def test_field_empty_and_an_empty_ok_reply_mean_no_address():
    assert decode_newest_address(reply(b"", 0x91)) == ""
    assert decode_newest_address(reply(b"")) == ""
    assert decode_newest_address(reply(encode_address_block(""))) == ""


@pytest.mark.parametrize("data", [b"\x00" * 69, b"\x00" * 140 + b"\x01", encode_address_block("甲") * 5])
def test_a_reply_that_is_not_whole_addresses_is_refused(data):
    with pytest.raises(FrameContentError):
        decode_newest_address(reply(data))


def test_control_characters_and_unpaired_surrogates_are_refused():
    with pytest.raises(FrameContentError):
        decode_newest_address(reply(encode_address_block("a\x07b")))
    with pytest.raises(FrameContentError):
        decode_newest_address(reply(b"\x00\xd8" + encode_address_block("")[2:]))


def test_a_failure_status_is_a_typed_error():
    with pytest.raises(SamStatusError) as e:
        decode_newest_address(reply(b"", 0x41))
    assert e.value.code == "IDCARD_READ_FAILED"


def test_an_address_too_long_for_the_block_is_not_encoded():
    with pytest.raises(FrameContentError):
        encode_address_block("长" * 36)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0xFFFF, exclude_categories=("Cs",)),
               min_size=1, max_size=35).filter(lambda t: t == t.strip(" \x00")))
def test_any_address_that_fits_round_trips(address):
    assert decode_newest_address(reply(encode_address_block(address))) == address


@given(st.binary(max_size=300))
def test_any_bytes_decode_to_text_or_a_typed_error(data):
    try:
        out = decode_newest_address(reply(data))
    except FrameContentError:
        return
    assert isinstance(out, str) and len(out) <= 35
