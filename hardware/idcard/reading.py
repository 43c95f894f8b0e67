"""Reading one card over a :class:`SamLink`: select → read → decode → photo. Shared by the polling
driver and the one-shot readers (``kiosk idcard read``, diagnostics)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from hardware.idcard.errors import (CardLifted, CardNotFound, CardValidationError, FrameError, PhotoDecoderError,
                                    ReaderTimeout, SamStatusError)
from hardware.idcard.link import SamLink
from hardware.idcard.photo import PhotoDecoder
from hardware.idcard.validation import decode_card
from kiosk.identity.card import IdCard

log = logging.getLogger("hardware.idcard.reading")


@dataclass(frozen=True)
class CardReading:
    card: IdCard
    #: WLT bytes as read and the decoded image: memory only, never logged or written.
    photo_raw: bytes
    photo_image: bytes | None

    def __repr__(self) -> str:
        return f"CardReading({self.card!r}, photo={'decoded' if self.photo_image else 'not decoded'})"


def read_found_card(link: SamLink, *, decoder: PhotoDecoder, today: dt.date) -> CardReading:
    """The card that ``find`` just found. Typed errors; a refused card's error carries the card."""
    if not link.select():
        raise CardLifted("the card left the reader before it could be read")
    blocks = link.read()
    sha = hashlib.sha256(blocks.photo).hexdigest()
    try:
        card = decode_card(blocks.text, today=today)
    except CardValidationError as e:
        if e.card is not None:
            e.card = replace(e.card, photo_wlt_sha256=sha)
        raise
    card = replace(card, photo_wlt_sha256=sha, newest_address=read_newest_address(link))
    return CardReading(card, blocks.photo, decode_photo(decoder, blocks.photo))


def read_newest_address(link: SamLink) -> str:
    """The card's newest endorsed address, "" when it has none or the reader cannot tell.

    The card was read whole already: a SAM that does not know 30 03, a card lifted just now or a garbled
    reply costs the resident only the endorsement, never the read (it is logged for the technician).
    """
    try:
        return link.newest_address()
    except (SamStatusError, FrameError, ReaderTimeout) as e:
        log.warning("newest address not read: %s", e.code)
        return ""


def decode_photo(decoder: PhotoDecoder, wlt: bytes) -> bytes | None:
    try:
        return decoder.decode(wlt)
    except PhotoDecoderError as e:
        # No photo is not a failed read: the face check then goes the agent's way.
        log.warning("card photo not decoded: %s", e)
        return None


def wait_for_card(link: SamLink, *, timeout_s: float, poll_s: float = 0.3,
                  clock: Callable[[], float] = time.monotonic, pause: Callable[[float], bool] | None = None) -> None:
    """Poll ``find`` until a card is found; :class:`CardNotFound` when ``timeout_s`` passes first.

    ``pause(seconds)`` waits between polls and returns True to give up early (e.g. ``Event.wait``).
    """
    deadline = clock() + timeout_s
    while not link.find():
        left = deadline - clock()
        if not left > 0:  # also ends a wait whose timeout is not a number (NaN)
            raise CardNotFound(f"no card on the reader within {timeout_s:g} s", detail={"timeout_s": timeout_s})
        if pause is not None:
            if pause(min(poll_s, left)):
                raise CardNotFound("stopped while waiting for a card")
        else:
            time.sleep(min(poll_s, left))
