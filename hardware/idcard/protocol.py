"""The SAM serial protocol (GA 467): frames, commands, replies and status words. Pure: no I/O, no clock.

Both directions share one framing: ``AA AA AA 96 69 | LenHi LenLo | body | CHK`` where Len counts every
byte after the length, CHK included, and CHK is the XOR of the length bytes and the body. The driver
decodes replies with it; the simulator decodes commands and encodes replies with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from hardware.idcard.errors import (FrameChecksumError, FrameContentError, FrameError, FrameLengthError,
                                    SamStatusError)

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
#: Bytes that can end a preamble cut short by a read (AA, AA AA, AA AA AA, AA AA AA 96).
_PREAMBLE_HEADS = frozenset(PREAMBLE[:-1])
#: The largest frame either side sends: text + photo + 1024 fingerprint bytes, with room to spare.
MAX_LENGTH = 4096
TEXT_LENGTH = 256
PHOTO_LENGTH = 1024
#: One address in a newest-address reply (30 03): 35 UCS-2 characters, space padded, like the text
#: block's address field. A card may carry several endorsed addresses; the reply lists them oldest first.
ADDRESS_LENGTH = 70
MAX_ADDRESSES = 4


class Command(Enum):
    """(CMD, PARA) of every command the driver sends."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_NEW_ADDRESS = (0x30, 0x03)
    READ_WITH_FINGERPRINT = (0x30, 0x10)
    SET_BAUD = (0x60, 0x00)  # PARA is the speed index; see BAUD_INDEX


BAUD_INDEX = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}

SW3_OK = 0x90
SW3_FOUND = 0x9F
SW3_FIELD_EMPTY = 0x91

#: SW3 failure statuses → (stable code, words for logs and technicians).
SW3_FAILURES: dict[int, tuple[str, str]] = {
    0x10: ("IDCARD_SAM_CHECKSUM", "the reader received a command with a bad checksum"),
    0x11: ("IDCARD_SAM_LENGTH", "the reader received a command with a bad length"),
    0x21: ("IDCARD_SAM_COMMAND", "the reader does not know the command"),
    0x23: ("IDCARD_SAM_UNAUTHORISED_OPERATION", "the operation is not authorised"),
    0x24: ("IDCARD_SAM_UNKNOWN_ERROR", "the reader reports an unknown error"),
    0x31: ("IDCARD_CARD_AUTHENTICATION", "card and SAM failed to authenticate each other"),
    0x32: ("IDCARD_CARD_AUTHENTICATION", "card and SAM failed to authenticate each other"),
    0x33: ("IDCARD_INFORMATION_CHECK", "the card's information failed the SAM's check"),
    0x40: ("IDCARD_CARD_TYPE", "the card type is not recognised"),
    0x41: ("IDCARD_READ_FAILED", "reading the card failed"),
    0x47: ("IDCARD_RANDOM_NUMBER", "the card failed to produce a random number"),
    0x60: ("IDCARD_SAM_SELF_TEST", "the SAM failed its self-test"),
    0x66: ("IDCARD_SAM_UNAUTHORISED", "the SAM is not authorised"),
    0x80: ("IDCARD_FIND_FAILED", "no card found"),
    0x81: ("IDCARD_SELECT_FAILED", "selecting the card failed"),
}


def xor(data: bytes) -> int:
    """XOR of every byte. The bytes are folded as one integer, halving it each step: about ten times
    faster than a loop over a 1295-byte read reply, which every read and every fuzzed frame checks."""
    folded, width = int.from_bytes(data, "little"), len(data)
    while width > 1:
        half = (width + 1) // 2
        folded = (folded & ((1 << (8 * half)) - 1)) ^ (folded >> (8 * half))
        width = half
    return folded


def encode_frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > MAX_LENGTH:
        raise FrameLengthError(f"frame body of {len(body)} bytes is longer than the protocol allows")
    head = length.to_bytes(2, "big") + body
    return PREAMBLE + head + bytes([xor(head)])


def encode_command(command: Command, para: int | None = None, data: bytes = b"") -> bytes:
    cmd, default_para = command.value
    return encode_frame(bytes([cmd, default_para if para is None else para]) + data)


def encode_reply(sw3: int, data: bytes = b"", sw1: int = 0x00, sw2: int = 0x00) -> bytes:
    return encode_frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> Reply:
        if len(body) < 3:
            raise FrameContentError(f"reply of {len(body)} bytes has no status word",
                                    detail={"length": len(body)})
        return cls(body[0], body[1], body[2], bytes(body[3:]))

    def raise_for_status(self, *accepted: int) -> Reply:
        """The reply itself when its SW3 is one of ``accepted`` (default: OK); else a typed error."""
        if self.sw3 in (accepted or (SW3_OK,)):
            return self
        raise status_error(self.sw3)


def status_error(sw3: int) -> SamStatusError:
    code, words = SW3_FAILURES.get(sw3, ("IDCARD_SAM_STATUS_UNKNOWN", "the reader answered an unknown status"))
    return SamStatusError(f"{words} (SW3 {sw3:02X})", sw3=sw3, code=code)


@dataclass(frozen=True)
class RequestFrame:
    cmd: int
    para: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> RequestFrame:
        if len(body) < 2:
            raise FrameContentError(f"command of {len(body)} bytes has no CMD/PARA", detail={"length": len(body)})
        return cls(body[0], body[1], bytes(body[2:]))

    def is_(self, command: Command) -> bool:
        return self.cmd == command.value[0] and (command is Command.SET_BAUD or self.para == command.value[1])


class FrameDecoder:
    """Splits a byte stream into frame bodies, the way a serial line delivers them.

    Stray bytes before a preamble are skipped; a frame may arrive in any number of pieces, and one
    ``feed`` may hold several frames. A frame with a bad length or checksum is dropped and reported
    as a typed error; decoding then resumes with the bytes after its preamble, so one corrupt frame
    never hides the next good one.
    """

    def __init__(self, max_length: int = MAX_LENGTH):
        self._buf = bytearray()
        self._max = max_length
        # Nothing can come out before the buffer holds this many bytes: a line that delivers a read
        # reply byte by byte then costs one comparison per byte instead of a rescan.
        self._need = 0
        self.skipped = 0  # stray bytes dropped so far (diagnostics)

    def feed(self, data: bytes) -> None:
        self._buf += data

    def pending(self) -> int:
        return len(self._buf)

    def clear(self) -> None:
        self._buf.clear()
        self._need = 0

    def next_body(self) -> bytes | None:
        """The next complete frame's body, None if more bytes are needed; FrameError for a corrupt frame."""
        if len(self._buf) < self._need:
            return None
        self._need = 0
        start = self._buf.find(PREAMBLE)
        if start < 0:
            # Keep a tail that may be the beginning of a preamble split across reads.
            keep = _partial_preamble_tail(self._buf)
            self.skipped += len(self._buf) - keep
            del self._buf[:len(self._buf) - keep]
            self._need = keep + 1
            return None
        if start:
            self.skipped += start
            del self._buf[:start]
        if len(self._buf) < len(PREAMBLE) + 2:
            self._need = len(PREAMBLE) + 2
            return None
        length = int.from_bytes(self._buf[5:7], "big")
        if length < 1 or length > self._max:
            del self._buf[:1]
            raise FrameLengthError(f"frame announces {length} bytes", detail={"length": length})
        end = 7 + length
        if len(self._buf) < end:
            self._need = end
            return None
        head = bytes(self._buf[5:end - 1])
        chk = self._buf[end - 1]
        if xor(head) != chk:
            del self._buf[:1]
            raise FrameChecksumError("frame checksum does not match", detail={"length": length})
        del self._buf[:end]
        return head[2:]

    def bodies(self) -> list[bytes | FrameError]:
        """Every complete frame now in the buffer; a corrupt one appears as its error, in stream order."""
        out: list[bytes | FrameError] = []
        while True:
            try:
                body = self.next_body()
            except FrameError as e:
                out.append(e)
                continue
            if body is None:
                return out
            out.append(body)


def _partial_preamble_tail(buf: bytearray) -> int:
    if not buf or buf[-1] not in _PREAMBLE_HEADS:
        return 0
    for n in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
        if buf.endswith(PREAMBLE[:n]):
            return n
    return 0


def decode_reply(frame: bytes) -> Reply:
    """One whole reply frame (as on the wire) → its :class:`Reply`. Anything else → a typed error."""
    decoder = FrameDecoder()
    decoder.feed(frame)
    body = decoder.next_body()
    if body is None:
        raise FrameLengthError("incomplete frame", detail={"length": len(frame)})
    return Reply.from_body(body)


@dataclass(frozen=True)
class CardBlocks:
    """The data of a read reply: text block, WLT photo, fingerprint (empty unless asked for)."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def split_read_data(reply: Reply, *, with_fingerprint: bool = False) -> CardBlocks:
    """Cut a successful read reply's data into its blocks, checking the announced lengths."""
    reply.raise_for_status()
    data = reply.data
    header = 6 if with_fingerprint else 4
    if len(data) < header:
        raise FrameContentError(f"read reply of {len(data)} bytes has no length header")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if header + text_len + photo_len + fp_len != len(data):
        raise FrameContentError("read reply lengths do not add up",
                                detail={"text": text_len, "photo": photo_len, "fingerprint": fp_len,
                                        "data": len(data)})
    if text_len != TEXT_LENGTH:
        raise FrameContentError(f"text block of {text_len} bytes (expected {TEXT_LENGTH})")
    text = data[header:header + text_len]
    photo = data[header + text_len:header + text_len + photo_len]
    fingerprint = data[header + text_len + photo_len:]
    return CardBlocks(bytes(text), bytes(photo), bytes(fingerprint))


def encode_read_data(blocks: CardBlocks, *, with_fingerprint: bool = False) -> bytes:
    lengths = len(blocks.text).to_bytes(2, "big") + len(blocks.photo).to_bytes(2, "big")
    if with_fingerprint:
        lengths += len(blocks.fingerprint).to_bytes(2, "big")
    return lengths + blocks.text + blocks.photo + (blocks.fingerprint if with_fingerprint else b"")


def decode_newest_address(reply: Reply) -> str:
    """The newest endorsed address (最新住址) of a 30 03 reply; "" when the card holds none (SW3 91).

    The data are one or more 70-byte UCS-2LE blocks, oldest first; blank blocks (spaces or zeros) are
    unused slots. Anything else is a typed error: a garbled address must never reach a record.
    """
    if reply.sw3 == SW3_FIELD_EMPTY:
        return ""
    reply.raise_for_status()
    data = reply.data
    if not data:
        return ""
    if len(data) % ADDRESS_LENGTH or len(data) > ADDRESS_LENGTH * MAX_ADDRESSES:
        raise FrameContentError(f"newest-address reply of {len(data)} bytes is not whole 70-byte addresses",
                                detail={"data": len(data)})
    addresses = []
    for i in range(0, len(data), ADDRESS_LENGTH):
        try:
            text = data[i:i + ADDRESS_LENGTH].decode("utf-16-le")
        except UnicodeDecodeError:
            raise FrameContentError("newest-address reply is not UCS-2 text", detail={"offset": i}) from None
        text = text.strip(" \x00")
        if any(ord(c) < 0x20 for c in text):
            raise FrameContentError("newest-address reply holds control characters", detail={"offset": i})
        if text:
            addresses.append(text)
    return addresses[-1] if addresses else ""


def encode_address_block(address: str) -> bytes:
    """One 70-byte address block (the simulator's reply; inverse of :func:`decode_newest_address`)."""
    raw = address.encode("utf-16-le")
    if len(raw) > ADDRESS_LENGTH:
        raise FrameContentError(f"address of {len(address)} characters does not fit 35")
    return raw + " ".encode("utf-16-le") * ((ADDRESS_LENGTH - len(raw)) // 2)


def format_sam_id(data: bytes) -> str:
    """The 16 SAM id bytes in the form reader SDKs print: ``05.01-20101111-0012345678-0123456789``."""
    if len(data) != 16:
        raise FrameContentError(f"SAM id of {len(data)} bytes (expected 16)")
    a = int.from_bytes(data[0:2], "little")
    b = int.from_bytes(data[2:4], "little")
    c = int.from_bytes(data[4:8], "little")
    d = int.from_bytes(data[8:12], "little")
    e = int.from_bytes(data[12:16], "little")
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"
