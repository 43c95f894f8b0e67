"""A simulated reader: a peer on a pseudo-terminal speaking the SAM protocol byte for byte.

The real driver opens the pty's tty with pyserial, exactly as it opens ``/dev/ttyUSB0``. The tty is
reached through a stable symlink (:attr:`CardSimulator.port`), like a udev ``/dev/serial/by-id`` name,
so a reader "unplugged" and plugged back in comes back under the same name with a new pty behind it.

Card behaviour modelled: a card placed on the reader is found once; after that, find fails until the
card is lifted and placed again, while select keeps answering as long as the card stays in the field.
"""

from __future__ import annotations

import os
import queue
import select
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

from hardware.idcard.cards import CardFixture
from hardware.idcard.errors import FrameChecksumError, FrameError
from hardware.idcard.protocol import (SW3_FIELD_EMPTY, SW3_FOUND, SW3_OK, CardBlocks, Command, FrameDecoder,
                                      RequestFrame, encode_address_block, encode_read_data, encode_reply)
from hardware.idcard.sim_faults import FaultBook
from hardware.idcard.textblock import encode_fields

DEFAULT_SAM_ID = bytes.fromhex("0500010011a43201a5b00b00d2040000")


class CardSimulator:
    """Control methods may be called from any thread; the pty belongs to the simulator's own thread."""

    def __init__(self, fixtures: dict[str, CardFixture], *, pace_baud: int | None = None,
                 sam_id: bytes = DEFAULT_SAM_ID):
        self._fixtures = dict(fixtures)
        self._blocks = {name: CardBlocks(encode_fields(f.card.card_type, _text_fields(f)), f.wlt)
                        for name, f in self._fixtures.items()}
        self.pace_baud = pace_baud
        self._sam_id = sam_id
        self._lock = threading.Lock()
        self._card: str | None = None
        self._found = False
        self.faults = FaultBook()
        self.commands_seen: list[str] = []
        self._dir = Path(tempfile.mkdtemp(prefix="idcard-sim-"))
        self.port = str(self._dir / "ttyIDCARD")
        self.tty = ""
        self._master = -1
        self._slave = -1
        self._wake_r, self._wake_w = os.pipe()
        self._requests: queue.Queue[tuple[Callable[[], None], threading.Event]] = queue.Queue()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # --- life cycle ---------------------------------------------------------------------------------
    def start(self) -> str:
        self._plug()
        self._thread = threading.Thread(target=self._serve, name="idcard-simulator", daemon=True)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._stopping.set()
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._unplug()
        for fd in (self._wake_r, self._wake_w):
            _close(fd)
        self._wake_r = self._wake_w = -1
        shutil.rmtree(self._dir, ignore_errors=True)

    def unplug(self) -> None:
        """The reader is pulled out: the pty closes and its name disappears."""
        self._in_thread(self._unplug)

    def replug(self) -> None:
        """The reader is plugged back in: a new pty under the same name."""
        self._in_thread(self._plug)

    @property
    def plugged(self) -> bool:
        return self._master >= 0

    # --- the card on the reader ---------------------------------------------------------------------
    def available_cards(self) -> list[str]:
        return list(self._fixtures)

    def place(self, card_name: str) -> None:
        if card_name not in self._fixtures:
            raise KeyError(f"no simulated card {card_name!r}")
        with self._lock:
            self._card, self._found = card_name, False

    def lift(self) -> bool:
        """Takes the card away; True if there was one."""
        with self._lock:
            had = self._card is not None
            self._card, self._found = None, False
        return had

    @property
    def card_on_reader(self) -> str | None:
        return self._card

    def inject_fault(self, name: str, times: int | None = 1, *, on: str | None = None) -> None:
        """Arm a fault (see :data:`hardware.idcard.sim_faults.FAULTS`) for the next ``times`` replies
        (None: until cleared), optionally only for replies to one command (``find``, ``select``, ``read``)."""
        if name == "unplug":
            self.unplug()
            return
        self.faults.arm(name, times, on=on)

    def clear_faults(self) -> None:
        self.faults.clear()

    # --- the simulator's thread ---------------------------------------------------------------------
    def _serve(self) -> None:
        decoder = FrameDecoder()
        while not self._stopping.is_set():
            fds = [self._wake_r] + ([self._master] if self._master >= 0 else [])
            readable, _, _ = select.select(fds, [], [])
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
                self._run_requests()
                decoder.clear()
                continue
            try:
                data = os.read(self._master, 4096)
            except OSError:
                continue  # no data after all (EAGAIN) or the pty is going away; the loop re-checks
            decoder.feed(data)
            for body in decoder.bodies():
                reply, command = self.answer(body)
                if reply is not None:
                    self._send(reply, command)

    def answer(self, body: bytes | FrameError) -> tuple[bytes | None, str]:
        """The reply frame to one command frame's body (None: the reader stays silent), and the command's
        name. Shared by the pty line and the simulated USB bulk pipe."""
        if isinstance(body, FrameError):
            sw3 = 0x10 if isinstance(body, FrameChecksumError) else 0x11
            return encode_reply(sw3), "bad_frame"
        try:
            req = RequestFrame.from_body(body)
        except FrameError:
            return encode_reply(0x11), "bad_frame"
        command = _command_name(req)
        self.commands_seen.append(command)
        if self.faults.take("no_answer", command):
            return None, command
        if self.faults.take("sam_unauthorised", command):
            return encode_reply(0x66), command
        with self._lock:
            return self._reply_to(req, command), command

    def _reply_to(self, req: RequestFrame, command: str) -> bytes:
        present = self._card is not None
        if command in ("status", "reset"):
            return encode_reply(SW3_OK)
        if command == "sam_id":
            return encode_reply(SW3_OK, self._sam_id)
        if command == "set_baud":
            return encode_reply(SW3_OK)
        if command == "find":
            if present and not self._found:
                self._found = True
                return encode_reply(SW3_FOUND, b"\x00\x00\x00\x00")
            return encode_reply(0x80)
        if not (present and self._found):
            return encode_reply({"select": 0x81}.get(command, 0x41))
        if command == "select":
            return encode_reply(SW3_OK, bytes(8))
        if command in ("read", "read_fingerprint"):
            if self.faults.take("lift_mid_read", command):
                self._card, self._found = None, False
                return encode_reply(0x41)
            blocks = self._blocks[self._card]  # type: ignore[index]
            return encode_reply(SW3_OK, encode_read_data(blocks, with_fingerprint=command == "read_fingerprint"))
        if command == "read_address":
            newest = self._fixtures[self._card].card.newest_address  # type: ignore[index]
            return encode_reply(SW3_OK, encode_address_block(newest)) if newest else encode_reply(SW3_FIELD_EMPTY)
        return encode_reply(0x21)

    def wire_pieces(self, reply: bytes, command: str) -> list[bytes]:
        """The reply as the host receives it, with the armed line faults applied: one piece, or several
        when it arrives fragmented."""
        faults = self.faults
        if faults.take("bad_checksum", command):
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        if faults.take("noise", command):
            reply = b"\x00\xff\x13\xaa\xaa\x96\x69\x00" + reply
        return faults.fragments(reply) if faults.take("fragments", command) else [reply]

    def _send(self, reply: bytes, command: str) -> None:
        pieces = self.wire_pieces(reply, command)
        for piece in pieces:
            self._write_paced(piece)
            if len(pieces) > 1:
                time.sleep(0.001)  # a gap the host sees as separate reads, like a USB-serial bridge

    def _write_paced(self, data: bytes) -> None:
        # At 10 bits a byte, 115200 baud carries a 1295-byte read reply in ~112 ms. Each piece is handed
        # over when its last byte would have crossed the line, never earlier.
        chunk = 64 if self.pace_baud else len(data)
        start = time.perf_counter()
        for i in range(0, len(data), chunk):
            piece = data[i:i + chunk]
            if self.pace_baud:
                delay = start + (i + len(piece)) * 10 / self.pace_baud - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            self._write_all(piece)

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view and self._master >= 0 and not self._stopping.is_set():
            try:
                n = os.write(self._master, view)
            except BlockingIOError:
                # Nobody is reading the tty: wait a little for room, then give the reply up.
                if not select.select([], [self._master], [], 0.5)[1]:
                    return
                continue
            except OSError:
                return
            view = view[n:]

    # --- the pty ------------------------------------------------------------------------------------
    def _plug(self) -> None:
        if self._master >= 0:
            return
        master, slave = os.openpty()
        # Raw from the start: no echo of what the simulator writes, no newline translation.
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self.tty = os.ttyname(slave)
        tmp = self._dir / "ttyIDCARD.new"
        tmp.unlink(missing_ok=True)
        os.symlink(self.tty, tmp)
        os.replace(tmp, self.port)

    def _unplug(self) -> None:
        Path(self.port).unlink(missing_ok=True)
        _close(self._master)
        _close(self._slave)
        self._master = self._slave = -1
        self.tty = ""

    def _in_thread(self, action: Callable[[], None]) -> None:
        if self._thread is None or not self._thread.is_alive():
            action()
            return
        done = threading.Event()
        self._requests.put((action, done))
        self._wake()
        done.wait(timeout=5)

    def _run_requests(self) -> None:
        while True:
            try:
                action, done = self._requests.get_nowait()
            except queue.Empty:
                return
            try:
                action()
            finally:
                done.set()

    def _wake(self) -> None:
        if self._wake_w >= 0:
            os.write(self._wake_w, b"!")


_COMMAND_NAMES = {Command.SAM_STATUS: "status", Command.RESET_SAM: "reset", Command.SAM_ID: "sam_id",
                  Command.FIND_CARD: "find", Command.SELECT_CARD: "select", Command.READ_TEXT_PHOTO: "read",
                  Command.READ_WITH_FINGERPRINT: "read_fingerprint", Command.READ_NEW_ADDRESS: "read_address",
                  Command.SET_BAUD: "set_baud"}


def _command_name(req: RequestFrame) -> str:
    for command, name in _COMMAND_NAMES.items():
        if req.is_(command):
            return name
    return f"unknown_{req.cmd:02x}{req.para:02x}"


def _text_fields(fixture: CardFixture) -> dict[str, str]:
    card = fixture.card
    fields = {k: getattr(card, k) for k in ("name", "sex", "nation", "birth", "address", "id_number", "authority",
                                            "valid_from", "valid_to", "english_name", "country", "pass_number")}
    return {**fields, **card.extra}


def _close(fd: int) -> None:
    if fd >= 0:
        try:
            os.close(fd)
        except OSError:
            pass
