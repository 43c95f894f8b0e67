"""Hypothesis against the codec: random, truncated and corrupted frames and text blocks give data or a
typed error, never another exception. 10,000 examples in all; ``kiosk bench fuzz-idcard`` runs more."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.commands.benches._idcard_fuzzing import (TODAY, byte_streams, cards, corrupted_blocks, exercise_block, exercise_stream,
                                  only_typed_errors, read_reply, text_block)
from hardware.idcard.protocol import FrameDecoder, Reply, split_read_data
from hardware.idcard.validation import decode_card

FAST = dict(deadline=None, database=None, derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=5000, **FAST)
@given(byte_streams(), st.integers(1, 64))
def test_any_byte_stream_gives_frames_or_typed_errors(data, chunk):
    only_typed_errors(lambda d: exercise_stream(d, chunk))(data)


@settings(max_examples=2500, **FAST)
@given(corrupted_blocks())
def test_any_text_block_gives_a_card_or_a_typed_error(block):
    only_typed_errors(exercise_block)(block)


@settings(max_examples=2000, **FAST)
@given(cards(), st.randoms(use_true_random=False), st.integers(1, 400))
def test_valid_cards_survive_the_wire_in_any_fragmentation(card, rng, chunk):
    photo = rng.randbytes(1024)
    frame = read_reply(card, photo)
    decoder = FrameDecoder()
    bodies = []
    for i in range(0, len(frame), chunk):
        decoder.feed(frame[i:i + chunk])
        bodies += decoder.bodies()
    assert len(bodies) == 1
    blocks = split_read_data(Reply.from_body(bodies[0]))
    assert blocks.photo == photo
    decoded = decode_card(blocks.text, today=TODAY)
    assert decoded == card


@settings(max_examples=500, **FAST)
@given(cards())
def test_text_block_round_trip(card):
    assert decode_card(text_block(card), today=TODAY) == card
