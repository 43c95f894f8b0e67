"""Framing, commands, replies and status words of the SAM protocol (pure codec)."""

from __future__ import annotations

import pytest

from hardware.idcard.errors import FrameChecksumError, FrameContentError, FrameLengthError, SamStatusError
from hardware.idcard.protocol import (PREAMBLE, CardBlocks, Command, FrameDecoder, Reply, decode_reply,
                                      encode_command, encode_read_data, encode_reply, format_sam_id, split_read_data,
                                      status_error)

# The frames as the protocol description lists them.
DOCUMENTED = {
    Command.RESET_SAM: "AA AA AA 96 69 00 03 10 FF EC",
    Command.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    Command.SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
    Command.FIND_CARD: "AA AA AA 96 69 00 03 20 01 22",
    Command.SELECT_CARD: "AA AA AA 96 69 00 03 20 02 21",
    Command.READ_TEXT_PHOTO: "AA AA AA 96 69 00 03 30 01 32",
    Command.READ_NEW_ADDRESS: "AA AA AA 96 69 00 03 30 03 30",
    Command.READ_WITH_FINGERPRINT: "AA AA AA 96 69 00 03 30 10 23",
}


@pytest.mark.parametrize("command", list(DOCUMENTED))
def test_commands_are_the_documented_bytes(command):
    assert encode_command(command) == bytes.fromhex(DOCUMENTED[command])


def test_status_ok_reply_is_the_documented_bytes():
    assert encode_reply(0x90) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 90 94")
    assert decode_reply(bytes.fromhex("AA AA AA 96 69 00 04 00 00 90 94")) == Reply(0, 0, 0x90, b"")


def test_read_reply_has_the_documented_shape():
    text, photo = bytes(range(256)), bytes(i % 251 for i in range(1024))
    frame = encode_reply(0x90, encode_read_data(CardBlocks(text, photo)))
    assert len(frame) == 1295
    assert frame[:14] == bytes.fromhex("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    assert frame[14:270] == text and frame[270:1294] == photo
    blocks = split_read_data(decode_reply(frame))
    assert (blocks.text, blocks.photo, blocks.fingerprint) == (text, photo, b"")


def test_read_reply_with_fingerprint_carries_a_third_length():
    blocks = CardBlocks(bytes(256), bytes(1024), b"\x01" * 512)
    reply = decode_reply(encode_reply(0x90, encode_read_data(blocks, with_fingerprint=True)))
    assert reply.data[:6] == bytes.fromhex("0100 0400 0200")
    assert split_read_data(reply, with_fingerprint=True) == blocks


def test_decoder_skips_stray_bytes_and_joins_fragments():
    frame = encode_reply(0x9F, b"\x00\x00\x00\x00")
    stream = b"\x00\xffAA\xaa\xaa" + frame
    decoder = FrameDecoder()
    bodies = []
    for i in range(0, len(stream), 3):  # three bytes at a time, as a slow USB bridge delivers them
        decoder.feed(stream[i:i + 3])
        body = decoder.next_body()
        if body is not None:
            bodies.append(body)
    assert bodies == [b"\x00\x00\x9f\x00\x00\x00\x00"]
    assert decoder.skipped == 6 and decoder.pending() == 0


def test_a_read_reply_fed_byte_by_byte_comes_out_once_at_its_last_byte():
    read = encode_reply(0x90, encode_read_data(CardBlocks(bytes(range(256)), bytes(1024))))
    corrupt = bytearray(encode_reply(0x80))
    corrupt[5:7] = b"\xff\xff"  # a length beyond any frame
    stream = b"\x00" + PREAMBLE[:3] + b"\x13" + bytes(corrupt) + read + encode_reply(0x41)
    decoder = FrameDecoder()
    outcomes = []
    for i in range(len(stream)):
        decoder.feed(stream[i:i + 1])
        for body in decoder.bodies():
            outcomes.append((i, body))
    assert [type(b) for _, b in outcomes] == [FrameLengthError, bytes, bytes]
    (_, _), (at_read, read_body), (at_last, last_body) = outcomes
    assert at_read == len(stream) - len(encode_reply(0x41)) - 1 and len(read_body) == 3 + 4 + 1280
    assert split_read_data(Reply.from_body(read_body)).text == bytes(range(256))
    assert at_last == len(stream) - 1 and Reply.from_body(last_body).sw3 == 0x41
    assert decoder.pending() == 0


def test_feeding_after_clear_starts_afresh():
    decoder = FrameDecoder()
    decoder.feed(encode_reply(0x90, bytes(100))[:50])  # half a frame: the decoder waits for the rest
    assert decoder.next_body() is None
    decoder.clear()
    decoder.feed(encode_reply(0x9F))
    assert decoder.next_body() == b"\x00\x00\x9f"


def test_decoder_keeps_a_preamble_split_across_reads():
    decoder = FrameDecoder()
    decoder.feed(b"\x13\x37" + PREAMBLE[:4])
    assert decoder.next_body() is None
    decoder.feed(PREAMBLE[4:] + encode_reply(0x90)[5:])
    assert decoder.next_body() == b"\x00\x00\x90"


def test_several_frames_in_one_feed_come_out_in_order():
    decoder = FrameDecoder()
    decoder.feed(encode_reply(0x80) + b"junk" + encode_reply(0x90, b"\x01\x02") + encode_reply(0x41))
    assert [Reply.from_body(b).sw3 for b in decoder.bodies()] == [0x80, 0x90, 0x41]


def test_bad_checksum_is_reported_and_the_next_frame_still_decodes():
    bad = bytearray(encode_reply(0x90, b"hello"))
    bad[-1] ^= 0xFF
    decoder = FrameDecoder()
    decoder.feed(bytes(bad) + encode_reply(0x9F))
    out = decoder.bodies()
    assert isinstance(out[0], FrameChecksumError) and out[0].code == "IDCARD_CHECKSUM"
    assert out[1:] == [b"\x00\x00\x9f"]


def test_impossible_length_is_a_length_error():
    decoder = FrameDecoder()
    decoder.feed(PREAMBLE + b"\xff\xff" + bytes(10))
    with pytest.raises(FrameLengthError) as e:
        decoder.next_body()
    assert e.value.code == "IDCARD_FRAME_LENGTH"
    decoder.clear()
    decoder.feed(PREAMBLE + b"\x00\x00\x00")
    with pytest.raises(FrameLengthError):
        decoder.next_body()


def test_incomplete_frame_waits_for_more():
    frame = encode_reply(0x90, bytes(100))
    decoder = FrameDecoder()
    decoder.feed(frame[:-1])
    assert decoder.next_body() is None
    decoder.feed(frame[-1:])
    assert decoder.next_body() is not None


@pytest.mark.parametrize("sw3, code", [(0x66, "IDCARD_SAM_UNAUTHORISED"), (0x41, "IDCARD_READ_FAILED"),
                                       (0x80, "IDCARD_FIND_FAILED"), (0x81, "IDCARD_SELECT_FAILED"),
                                       (0x10, "IDCARD_SAM_CHECKSUM"), (0x33, "IDCARD_INFORMATION_CHECK"),
                                       (0x60, "IDCARD_SAM_SELF_TEST"), (0x07, "IDCARD_SAM_STATUS_UNKNOWN")])
def test_failure_statuses_become_typed_errors_with_stable_codes(sw3, code):
    with pytest.raises(SamStatusError) as e:
        Reply(0, 0, sw3, b"").raise_for_status()
    assert e.value.code == code and e.value.sw3 == sw3
    assert e.value.to_dict()["detail"]["sw3"] == f"{sw3:02X}"
    assert status_error(sw3).exit_code == 1


def test_accepted_statuses_pass():
    assert Reply(0, 0, 0x9F, b"x").raise_for_status(0x9F).data == b"x"


def test_read_reply_whose_lengths_do_not_add_up_is_malformed():
    data = encode_read_data(CardBlocks(bytes(256), bytes(1024)))
    with pytest.raises(FrameContentError):
        split_read_data(Reply(0, 0, 0x90, data[:-1]))
    with pytest.raises(FrameContentError):
        split_read_data(Reply(0, 0, 0x90, b"\x00\x10\x04\x00" + bytes(16 + 1024)))  # text of 16 bytes
    with pytest.raises(SamStatusError):
        split_read_data(Reply(0, 0, 0x41, b""))


def test_reply_without_status_word_is_malformed():
    with pytest.raises(FrameContentError):
        decode_reply(PREAMBLE + b"\x00\x02\x00\x02")


def test_sam_id_is_formatted_as_reader_sdks_print_it():
    data = (5).to_bytes(2, "little") + (1).to_bytes(2, "little") + (20101111).to_bytes(4, "little") + \
        (12345678).to_bytes(4, "little") + (987654321).to_bytes(4, "little")
    assert format_sam_id(data) == "05.01-20101111-0012345678-0987654321"
    with pytest.raises(FrameContentError):
        format_sam_id(b"\x00" * 15)
