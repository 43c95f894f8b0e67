"""What a card reader tells its owner. Delivered on the reader's own thread: the owner re-posts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from kiosk.errors import KioskError
from kiosk.identity.card import IdCard

EventKind = Literal["placed", "read", "lifted", "failed", "lost", "restored"]


@dataclass(frozen=True)
class ReaderEvent:
    kind: EventKind
    card: IdCard | None = None
    #: Raw photo bytes as read (WLT) — memory only, never logged.
    photo_raw: bytes | None = None
    #: Decoded photo as encoded image bytes (e.g. BMP/PNG) when a decoder is configured — memory only.
    photo_image: bytes | None = None
    error: KioskError | None = None

    def __repr__(self) -> str:
        return f"ReaderEvent({self.kind}, card={self.card!r}, error={self.error})"


EventHandler = Callable[[ReaderEvent], None]


class CardReader(Protocol):
    """A reader that polls for cards on its own thread and reports :class:`ReaderEvent` s."""

    def start(self, on_event: EventHandler) -> None: ...

    def stop(self) -> None: ...


class CardSimulatorControl(Protocol):
    """The demo panel's and the tests' handle on a simulated reader."""

    def available_cards(self) -> list[str]: ...

    def place(self, card_name: str) -> None: ...

    def lift(self) -> None: ...
