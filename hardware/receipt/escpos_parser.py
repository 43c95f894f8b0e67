"""An incremental ESC/POS stream parser: bytes in (in any chunks), events out.

The receipt simulator feeds it what a driver sends, exactly as a printer receives it. It knows the
commands the kiosk and common drivers use; anything else becomes an :class:`Unknown` event and the
parser carries on, as a printer would. A command cut off at the end of a chunk waits for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Union

ESC, GS, FS, DLE, LF, CR = 0x1B, 0x1D, 0x1C, 0x10, 0x0A, 0x0D
#: Bigger raster images than this are refused (treated as garbage), so noise cannot make us wait for GBs.
MAX_RASTER_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Style:
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass(frozen=True)
class Text:
    text: str
    style: Style


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Raster:
    width_bytes: int
    height: int
    data: bytes
    align: str = "left"


@dataclass(frozen=True)
class QrCode:
    payload: str
    module_size: int
    align: str = "left"


@dataclass(frozen=True)
class Cut:
    partial: bool


@dataclass(frozen=True)
class StatusRequest:
    """DLE EOT n (real-time) or GS r n (in order): the printer must answer."""

    command: str  # "DLE EOT" | "GS r"
    n: int


@dataclass(frozen=True)
class Init:
    pass


@dataclass(frozen=True)
class Unknown:
    data: bytes


Event = Union[Text, Feed, Raster, QrCode, Cut, StatusRequest, Init, Unknown]

#: ESC x followed by this many parameter bytes; all ignored by the paper model except where handled.
_ESC_ARGS = {ord(c): n for c, n in {"@": 0, "a": 1, "E": 1, "G": 1, "!": 1, "d": 1, "J": 1, "M": 1, "t": 1,
                                      "-": 1, "2": 0, "3": 1, "R": 1, "{": 1, "V": 1, "i": 0, "m": 0, "e": 1,
                                      " ": 1, "U": 1, "r": 1}.items()}
_FS_ARGS = {ord(c): n for c, n in {"&": 0, ".": 0, "!": 1, "C": 1, "-": 1, "W": 1, "S": 2}.items()}
_GS_ARGS = {ord(c): n for c, n in {"!": 1, "B": 1, "b": 1, "r": 1, "a": 1, "H": 1, "h": 1, "w": 1, "f": 1,
                                     "I": 1, "L": 2, "W": 2, "P": 2, "$": 2}.items()}
_NEED_MORE = None


class EscposParser:
    def __init__(self) -> None:
        self._buf = bytearray()
        self._style = Style()
        self._chinese = False
        self._qr_data = b""
        self._qr_module = 3

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        events: list[Event] = []
        pos = 0
        buf = self._buf
        while pos < len(buf):
            step = self._one(buf, pos)
            if step is _NEED_MORE:
                break
            used, event = step
            pos += used
            if event is not None:
                events.append(event)
        del self._buf[:pos]
        return _merge_text(events)

    @property
    def pending(self) -> int:
        """Bytes held back because they end in the middle of a command or character."""
        return len(self._buf)

    # --- one command or text run at ``pos``: (bytes used, event or None), or _NEED_MORE -----------

    def _one(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        b = buf[pos]
        if b == LF:
            return 1, Feed(1)
        if b == CR:
            return 1, None
        if b == ESC:
            return self._esc(buf, pos)
        if b == GS:
            return self._gs(buf, pos)
        if b == FS:
            return self._fs(buf, pos)
        if b == DLE:
            if pos + 1 >= len(buf):
                return _NEED_MORE
            if buf[pos + 1] == 0x04:
                if pos + 2 >= len(buf):
                    return _NEED_MORE
                return 3, StatusRequest("DLE EOT", buf[pos + 2])
            return 1, Unknown(bytes(buf[pos:pos + 1]))
        if b < 0x20 or b == 0x7F:
            return 1, Unknown(bytes([b]))
        return self._text(buf, pos)

    def _text(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        end = pos
        n = len(buf)
        while end < n:
            b = buf[end]
            if b < 0x20 or b == 0x7F:
                break
            if self._chinese and 0x81 <= b <= 0xFE:
                size = _gb18030_length(buf, end)
                if size <= 0:
                    break
                end += size
            else:
                end += 1
        if end == pos:
            # Only a Chinese lead byte stops a run at its start: wait for the rest, or it is garbage.
            if _gb18030_length(buf, pos) == 0:
                return _NEED_MORE
            return 1, Text("\ufffd", self._style)
        raw = bytes(buf[pos:end])
        text = raw.decode("gb18030", errors="replace") if self._chinese else raw.decode("cp437")
        return end - pos, Text(text, self._style)

    def _esc(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        if pos + 1 >= len(buf):
            return _NEED_MORE
        c = buf[pos + 1]
        if c == ord("*"):  # column bit image: ESC * m nL nH d1..dk
            if pos + 5 > len(buf):
                return _NEED_MORE
            m, dots = buf[pos + 2], buf[pos + 3] + 256 * buf[pos + 4]
            total = 5 + dots * (3 if m in (32, 33) else 1)
            return (total, Unknown(b"ESC *")) if pos + total <= len(buf) else _NEED_MORE
        if c == ord("p"):  # cash drawer pulse: ESC p m t1 t2
            return (5, Unknown(b"ESC p")) if pos + 5 <= len(buf) else _NEED_MORE
        if c not in _ESC_ARGS:
            return 2, Unknown(bytes(buf[pos:pos + 2]))
        size = 2 + _ESC_ARGS[c]
        if pos + size > len(buf):
            return _NEED_MORE
        arg = buf[pos + 2] if size > 2 else 0
        ch = chr(c)
        if ch == "@":
            self._style, self._chinese, self._qr_data = Style(), False, b""
            return size, Init()
        if ch == "a":
            self._style = replace(self._style, align={0: "left", 1: "center", 2: "right", 48: "left", 49: "center",
                                                      50: "right"}.get(arg, "left"))
        elif ch == "E":
            self._style = replace(self._style, bold=bool(arg & 1))
        elif ch == "!":
            self._style = replace(self._style, bold=bool(arg & 0x08), height=2 if arg & 0x10 else 1,
                                  width=2 if arg & 0x20 else 1)
        elif ch == "d":
            return size, Feed(arg)
        elif ch in "im":
            return size, Cut(partial=ch == "m")
        return size, None

    def _fs(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        if pos + 1 >= len(buf):
            return _NEED_MORE
        c = buf[pos + 1]
        if c not in _FS_ARGS:
            return 2, Unknown(bytes(buf[pos:pos + 2]))
        size = 2 + _FS_ARGS[c]
        if pos + size > len(buf):
            return _NEED_MORE
        if c == ord("&"):
            self._chinese = True
        elif c == ord("."):
            self._chinese = False
        return size, None

    def _gs(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        if pos + 1 >= len(buf):
            return _NEED_MORE
        c = buf[pos + 1]
        if c == ord("V"):
            if pos + 2 >= len(buf):
                return _NEED_MORE
            m = buf[pos + 2]
            size = 4 if m in (65, 66, 97, 98, 103, 104) else 3
            if pos + size > len(buf):
                return _NEED_MORE
            return size, Cut(partial=m in (1, 49, 66, 98, 104))
        if c == ord("v"):
            return self._raster(buf, pos)
        if c == ord("("):
            return self._gs_paren(buf, pos)
        if c == ord("k"):
            return self._barcode(buf, pos)
        if c not in _GS_ARGS:
            return 2, Unknown(bytes(buf[pos:pos + 2]))
        size = 2 + _GS_ARGS[c]
        if pos + size > len(buf):
            return _NEED_MORE
        arg = buf[pos + 2]
        if c == ord("!"):
            self._style = replace(self._style, width=(arg >> 4 & 7) + 1, height=(arg & 7) + 1)
        elif c == ord("r"):
            return size, StatusRequest("GS r", arg)
        return size, None

    def _raster(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        if pos + 8 > len(buf):
            return _NEED_MORE
        if buf[pos + 2] != ord("0"):
            return 3, Unknown(bytes(buf[pos:pos + 3]))
        width_bytes = buf[pos + 4] + 256 * buf[pos + 5]
        height = buf[pos + 6] + 256 * buf[pos + 7]
        size = width_bytes * height
        if size > MAX_RASTER_BYTES:
            return 8, Unknown(bytes(buf[pos:pos + 8]))
        if pos + 8 + size > len(buf):
            return _NEED_MORE
        return 8 + size, Raster(width_bytes, height, bytes(buf[pos + 8:pos + 8 + size]), self._style.align)

    def _gs_paren(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        if pos + 5 > len(buf):
            return _NEED_MORE
        kind, length = buf[pos + 2], buf[pos + 3] + 256 * buf[pos + 4]
        if pos + 5 + length > len(buf):
            return _NEED_MORE
        body = bytes(buf[pos + 5:pos + 5 + length])
        used = 5 + length
        if kind != ord("k") or len(body) < 2 or body[0] != ord("1"):
            return used, Unknown(bytes(buf[pos:pos + 3]))
        fn = body[1]
        if fn == 67 and len(body) >= 3:  # module size
            self._qr_module = max(1, min(16, body[2]))
        elif fn == 80:  # store data (after the m byte)
            self._qr_data = body[3:]
        elif fn == 81:  # print the stored symbol
            payload = self._qr_data.decode("utf-8", errors="replace")
            return used, QrCode(payload, self._qr_module, self._style.align)
        return used, None

    def _barcode(self, buf: bytearray, pos: int) -> tuple[int, Event | None] | None:
        if pos + 3 > len(buf):
            return _NEED_MORE
        m = buf[pos + 2]
        if m <= 6:  # NUL-terminated data
            end = buf.find(0, pos + 3)
            return (end - pos + 1, Unknown(b"GS k")) if end >= 0 else _NEED_MORE
        if pos + 4 > len(buf):
            return _NEED_MORE
        size = 4 + buf[pos + 3]
        return (size, Unknown(b"GS k")) if pos + size <= len(buf) else _NEED_MORE


def _gb18030_length(buf: bytearray, pos: int) -> int:
    """Bytes in the GB18030 character whose lead byte is at ``pos``: 2 or 4; 0 if the buffer ends
    before it can tell; -1 if what follows cannot continue a GB18030 character."""
    n = len(buf)
    if pos + 1 >= n:
        return 0
    second = buf[pos + 1]
    if 0x40 <= second <= 0xFE and second != 0x7F:
        return 2
    if 0x30 <= second <= 0x39:
        if pos + 3 >= n:
            return 0
        if 0x81 <= buf[pos + 2] <= 0xFE and 0x30 <= buf[pos + 3] <= 0x39:
            return 4
    return -1


def _merge_text(events: list[Event]) -> list[Event]:
    merged: list[Event] = []
    for e in events:
        last = merged[-1] if merged else None
        if isinstance(e, Text) and isinstance(last, Text) and last.style == e.style:
            merged[-1] = Text(last.text + e.text, e.style)
        else:
            merged.append(e)
    return merged
