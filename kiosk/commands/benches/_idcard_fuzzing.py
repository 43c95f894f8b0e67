"""Fuzzing the codec: hypothesis strategies for frames and text blocks, and the property they must keep.

The property: whatever bytes arrive, the codec answers with data or with a typed :class:`KioskError`,
never with another exception. Used by the test suite and by ``kiosk bench fuzz-idcard`` (hypothesis is a
test dependency: this module is imported only by those two, never by a driver or the running kiosk).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from hardware.idcard.errors import FrameError
from hardware.idcard.protocol import (PREAMBLE, CardBlocks, FrameDecoder, Reply, encode_read_data, encode_reply,
                                      split_read_data)
from hardware.idcard.textblock import FLAGS, encode_fields
from hardware.idcard.validation import decode_card
from kiosk.errors import KioskError
from kiosk.identity.card import IdCard
from kiosk.identity.idnumber import complete

TODAY = dt.date(2026, 1, 1)
_HANZI = "".join(chr(c) for c in range(0x4E00, 0x9FA6, 37))
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ ,-"


def _words(rng: random.Random, alphabet: str, low: int, high: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high))).strip()


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, (high - low).days))


def card_from_seed(seed: int, today: dt.date = TODAY) -> IdCard:
    """A valid card (valid at ``today``) of any type, the same one for the same seed.

    Cards come from a seed rather than from many separate draws: generating them costs hypothesis
    far more than running the codec, and the codec's robustness is what is being tested.
    """
    rng = random.Random(seed)
    card_type = rng.choice(sorted(FLAGS))
    birth = _day(rng, dt.date(1900, 1, 1), dt.date(2020, 12, 31))
    valid_from = _day(rng, birth, today)
    long_term = card_type == "resident" and rng.random() < 0.3
    valid_to = "长期" if long_term else _day(rng, today, dt.date(2060, 12, 31)).strftime("%Y%m%d")
    ymd = birth.strftime("%Y%m%d")
    seq = f"{rng.randint(0, 999):03d}"
    fields: dict[str, Any] = {"card_type": card_type, "sex": rng.choice("0129"), "birth": ymd,
                              "valid_from": valid_from.strftime("%Y%m%d"), "valid_to": valid_to,
                              "name": _words(rng, _HANZI, 1, 15)}
    if card_type in ("resident", "hk_mo_tw_permit"):
        region = rng.choice(["330106", "110105", "440304"] if card_type == "resident" else
                            ["810000", "820000", "830000"])
        fields.update(id_number=complete(region + ymd + seq), address=_words(rng, _HANZI, 0, 35),
                      authority=_words(rng, _HANZI, 1, 15))
        if card_type == "resident":
            fields["nation"] = f"{rng.randint(1, 56):02d}"
        else:
            fields["pass_number"] = f"H{rng.randint(0, 99999999):08d}"
            fields["extra"] = {"issue_count": f"{rng.randint(0, 99):02d}"}
    elif card_type == "foreign_pr_2017":
        fields.update(english_name=_words(rng, _LATIN, 1, 60) or "X", id_number=f"USA{rng.randint(0, 10**12 - 1):012d}",
                      country="USA", authority="1500", extra={"version": "01"})
    else:
        fields.update(english_name=_words(rng, _LATIN, 1, 46) or "X", id_number=complete("931724" + ymd + seq),
                      country="ESP", extra={"renewal_count": "00"})
    return IdCard(**fields)


def cards() -> st.SearchStrategy[IdCard]:
    return st.integers(0, 2 ** 64 - 1).map(card_from_seed)


def text_block(card: IdCard) -> bytes:
    fields = {k: getattr(card, k) for k in ("name", "sex", "nation", "birth", "address", "id_number", "authority",
                                            "valid_from", "valid_to", "english_name", "country", "pass_number")}
    return encode_fields(card.card_type, {**fields, **card.extra})


def read_reply(card: IdCard, photo: bytes = bytes(1024)) -> bytes:
    return encode_reply(0x90, encode_read_data(CardBlocks(text_block(card), photo)))


def mutate(frame: bytes, seed: int) -> bytes:
    """A frame as a bad line delivers it: truncated, bits flipped, bytes lost or added, noise around it."""
    rng = random.Random(seed)
    data = bytearray(frame)
    for _ in range(rng.randint(0, 4)):
        if not data:
            break
        kind = rng.choice(["flip", "truncate", "delete", "insert", "length"])
        at = rng.randrange(len(data))
        if kind == "flip":
            data[at] ^= 1 << rng.randrange(8)
        elif kind == "truncate":
            del data[at:]
        elif kind == "delete":
            del data[at:at + rng.randint(1, 16)]
        elif kind == "insert":
            data[at:at] = rng.randbytes(rng.randint(1, 16))
        elif len(data) >= 7:
            data[5:7] = rng.randrange(0x10000).to_bytes(2, "big")
    noise = PREAMBLE[:3] if rng.random() < 0.2 else rng.randbytes(rng.randint(0, 24))
    return bytes(noise + data + rng.randbytes(rng.randint(0, 8)))


def byte_streams() -> st.SearchStrategy[bytes]:
    """Random bytes, random bytes behind a preamble, and mutated read replies of valid cards."""
    return st.one_of(
        st.binary(max_size=64),
        st.builds(lambda tail: PREAMBLE + tail, st.binary(max_size=64)),
        st.builds(lambda c, seed: mutate(read_reply(c), seed), cards(), st.integers(0, 2 ** 64 - 1)),
    )


def corrupt_block(block: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    if rng.random() < 0.1:
        return rng.randbytes(rng.choice([0, 1, 255, 256, 257, 512]))
    out = bytearray(block)
    for _ in range(rng.randint(1, 6)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def corrupted_blocks() -> st.SearchStrategy[bytes]:
    """Text blocks of valid cards with some bytes overwritten, and blocks of the wrong length."""
    return st.builds(lambda card, seed: corrupt_block(text_block(card), seed), cards(), st.integers(0, 2 ** 64 - 1))


def exercise_stream(data: bytes, chunk: int = 7) -> int:
    """Feed ``data`` in pieces; decode every frame to the end. Returns the frames seen. Typed errors only."""
    decoder = FrameDecoder()
    frames = 0
    for i in range(0, max(len(data), 1), chunk):
        decoder.feed(data[i:i + chunk])
        for body in decoder.bodies():
            if isinstance(body, FrameError):
                continue
            frames += 1
            _decode_reply(body)
    return frames


def _decode_reply(body: bytes) -> None:
    """Decode a frame as a read reply, with and without a fingerprint block. A typed error (frame, status
    or refused card data) is the right answer to a broken reply; anything else escapes."""
    try:
        reply = Reply.from_body(body)
    except FrameError:
        return
    for with_fingerprint in (False, True):
        try:
            blocks = split_read_data(reply, with_fingerprint=with_fingerprint)
            decode_card(blocks.text, today=TODAY)
        except KioskError:
            pass


def exercise_block(block: bytes) -> None:
    try:
        decode_card(block, today=TODAY)
    except KioskError:
        pass


def only_typed_errors(fn: Callable[[bytes], Any]) -> Callable[[bytes], None]:
    """``fn`` wrapped so that a typed error passes and any other exception fails with a clear message."""
    def checked(data: bytes) -> None:
        try:
            fn(data)
        except KioskError:
            pass
        except Exception as e:
            raise AssertionError(f"codec raised {type(e).__name__}: {e} on {data[:64].hex()}...") from e

    return checked


def check_stream(data: bytes, chunk: int) -> None:
    only_typed_errors(lambda d: exercise_stream(d, chunk))(data)


def check_block(block: bytes) -> None:
    only_typed_errors(exercise_block)(block)


def check_wire_round_trip(card: IdCard, photo_seed: int, chunk: int) -> None:
    """A valid card's read reply, cut into ``chunk``-byte pieces, decodes to the same card and photo."""
    photo = random.Random(photo_seed).randbytes(1024)
    frame = read_reply(card, photo)
    decoder = FrameDecoder()
    bodies: list[bytes | FrameError] = []
    for i in range(0, len(frame), chunk):
        decoder.feed(frame[i:i + chunk])
        bodies += decoder.bodies()
    if len(bodies) != 1 or isinstance(bodies[0], FrameError):
        raise AssertionError(f"one frame expected, got {bodies!r}")
    blocks = split_read_data(Reply.from_body(bodies[0]))
    if blocks.photo != photo or decode_card(blocks.text, today=TODAY) != card:
        raise AssertionError(f"round trip changed the card {card!r}")


#: name → (strategies for the arguments, the check, share of the examples)
PROPERTIES: dict[str, tuple[tuple[st.SearchStrategy[Any], ...], Callable[..., None], float]] = {
    "byte_streams": ((byte_streams(), st.integers(1, 64)), check_stream, 0.5),
    "text_blocks": ((corrupted_blocks(),), check_block, 0.3),
    "wire_round_trip": ((cards(), st.integers(0, 2 ** 64 - 1), st.integers(1, 400)), check_wire_round_trip, 0.2),
}
