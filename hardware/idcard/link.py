"""One command, one reply, over a pyserial port: retries on a corrupt reply or silence; typed errors only.

:func:`open_port` opens the reader by path or URL (``/dev/ttyUSB0``, ``/dev/pts/3``,
``serial:///dev/ttyUSB0?baud=115200``, ``hwgrep://VID:PID`` and pyserial's other URLs), or a reader on
raw USB bulk transfers (``usb://0400:C35A``, :mod:`hardware.idcard.usb_port`).
"""

from __future__ import annotations

import termios
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import serial

from hardware.idcard.errors import FrameError, PortOpenError, ReaderTimeout, ReaderUnavailable
from hardware.idcard.protocol import (SW3_FOUND, SW3_OK, CardBlocks, Command, FrameDecoder, Reply,
                                      decode_newest_address, encode_command, format_sam_id, split_read_data)
from hardware.idcard.usb_port import open_usb_port

DEFAULT_BAUD = 115200
#: Reply sizes, for the time a reply takes on the line at a given speed.
_READ_REPLY_BYTES = 1295
_SMALL_REPLY_BYTES = 32
_ADDRESS_REPLY_BYTES = 11 + 4 * 70
#: How long the reader's own processing may take before its reply starts (the SAM talks to the card).
_ANSWER_MARGIN_S = 0.3
#: Longest single blocking read: bounds how long a stop request waits.
_READ_SLICE_S = 0.02


def split_port(port: str, baud: int | None = None) -> tuple[str, int]:
    """(what pyserial opens, line speed) for a path or URL."""
    speed = baud or DEFAULT_BAUD
    if port.startswith("serial://"):
        parts = urlsplit(port)
        query = parse_qs(parts.query)
        if "baud" in query and baud is None:
            try:
                speed = int(query["baud"][-1])
            except ValueError:
                raise PortOpenError(f"port {port!r}: baud must be a whole number") from None
        return parts.path, speed
    return port, speed


def open_port(port: str, baud: int | None = None) -> serial.SerialBase:
    if port.startswith("usb://"):
        return open_usb_port(port)  # type: ignore[return-value]  # the part of a port the link uses
    target, speed = split_port(port, baud)
    try:
        if "://" in target:
            return serial.serial_for_url(target, baudrate=speed, timeout=_READ_SLICE_S, write_timeout=1.0)
        return serial.Serial(target, baudrate=speed, timeout=_READ_SLICE_S, write_timeout=1.0)
    except (serial.SerialException, OSError, ValueError, termios.error) as e:
        raise PortOpenError(f"cannot open the ID-card reader at {port}: {e}", detail={"port": port}) from None


class SamLink:
    """Talks to the reader's SAM. Not thread-safe: one owner (the reader thread or a CLI command)."""

    def __init__(self, port: serial.SerialBase, *, baud: int = DEFAULT_BAUD, retries: int = 2,
                 answer_margin_s: float = _ANSWER_MARGIN_S, should_stop: Callable[[], bool] = lambda: False):
        self.port = port
        self.baud = baud
        self.retries = retries
        self.answer_margin_s = answer_margin_s
        self.should_stop = should_stop
        self.attempts = 0  # commands sent, retries included (diagnostics, tests)
        self._decoder = FrameDecoder()

    def close(self) -> None:
        try:
            self.port.close()
        except (serial.SerialException, OSError, termios.error):
            pass  # a port that is already gone is closed enough

    def transact(self, command: Command, para: int | None = None, *, reply_bytes: int = _SMALL_REPLY_BYTES) -> Reply:
        """Send and wait for the reply. Corrupt replies and silence are retried ``retries`` times."""
        frame = encode_command(command, para)
        wire_s = reply_bytes * 10 / self.baud
        last: FrameError | ReaderTimeout | None = None
        for _ in range(self.retries + 1):
            if self.should_stop():
                break
            try:
                return self._once(frame, deadline=time.monotonic() + self.answer_margin_s + 2 * wire_s)
            except (FrameError, ReaderTimeout) as e:
                last = e
        raise last or ReaderTimeout(f"no reply to {command.name}: stopping")

    def _once(self, frame: bytes, *, deadline: float) -> Reply:
        self.attempts += 1
        self._decoder.clear()
        try:
            self.port.reset_input_buffer()  # bytes left from an earlier, abandoned reply are not this reply
            self.port.write(frame)
            while True:
                body = self._decoder.next_body()
                if body is not None:
                    return Reply.from_body(body)
                if time.monotonic() >= deadline:
                    raise ReaderTimeout("the reader did not answer in time",
                                        detail={"received": self._decoder.pending()})
                chunk = self.port.read(self.port.in_waiting or 1)
                if chunk:
                    self._decoder.feed(chunk)
        except (serial.SerialException, OSError, termios.error) as e:
            raise ReaderUnavailable(f"the ID-card reader went away: {e}") from None

    # --- the SAM's commands -------------------------------------------------------------------------
    def status(self) -> None:
        self.transact(Command.SAM_STATUS).raise_for_status()

    def reset(self) -> None:
        self.transact(Command.RESET_SAM).raise_for_status()

    def sam_id(self) -> str:
        return format_sam_id(self.transact(Command.SAM_ID).raise_for_status().data)

    def find(self) -> bool:
        """True when a card newly in the field was found; False when none (SW3 80)."""
        return self._yes_no(Command.FIND_CARD, SW3_FOUND, 0x80)

    def select(self) -> bool:
        """True while the found card is still in the field; False when it is not (SW3 81)."""
        return self._yes_no(Command.SELECT_CARD, SW3_OK, 0x81)

    def read(self) -> CardBlocks:
        reply = self.transact(Command.READ_TEXT_PHOTO, reply_bytes=_READ_REPLY_BYTES)
        return split_read_data(reply)

    def newest_address(self) -> str:
        """The card's newest endorsed address (30 03), "" when it holds none."""
        return decode_newest_address(self.transact(Command.READ_NEW_ADDRESS, reply_bytes=_ADDRESS_REPLY_BYTES))

    def _yes_no(self, command: Command, yes: int, no: int) -> bool:
        reply = self.transact(command)
        if reply.sw3 == no:
            return False
        reply.raise_for_status(yes)
        return True

