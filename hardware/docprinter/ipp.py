"""Just enough IPP (RFC 8010/8011) to talk to CUPS over HTTP: encode a request, decode a response.

Why IPP over HTTP and not pycups or the lp/lpstat commands: pycups builds from source against
libcups2-dev; lpstat cannot tell a completed job from an aborted or cancelled one, and its wording is
localised. IPP gives job-state and printer-state-reasons as numbers and keywords, with httpx, which the
project already uses.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

# operations
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_JOBS = 0x000A
GET_PRINTER_ATTRIBUTES = 0x000B

# delimiter tags
OPERATION_GROUP, JOB_GROUP, END, PRINTER_GROUP = 0x01, 0x02, 0x03, 0x04

# value tags
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49

Value = int | bool | str | bytes


@dataclass
class IppRequest:
    operation: int
    request_id: int
    #: (tag, name, value or list of values), in order; the operation group.
    attributes: list[tuple[int, str, Any]] = field(default_factory=list)
    data: bytes = b""

    def encode(self) -> bytes:
        out = bytearray(struct.pack(">BBHI", 1, 1, self.operation, self.request_id))
        out.append(OPERATION_GROUP)
        for tag, name, value in self.attributes:
            values = value if isinstance(value, list) else [value]
            for i, v in enumerate(values):
                encoded_name = name.encode() if i == 0 else b""
                raw = _encode_value(tag, v)
                out += struct.pack(">BH", tag, len(encoded_name)) + encoded_name
                out += struct.pack(">H", len(raw)) + raw
        out.append(END)
        return bytes(out) + self.data


@dataclass
class IppResponse:
    status: int
    request_id: int
    #: One dict per attribute group, in order: (group tag, {name: [values]}).
    groups: list[tuple[int, dict[str, list[Value]]]]

    @property
    def ok(self) -> bool:
        return self.status < 0x0100

    def group(self, tag: int) -> dict[str, list[Value]]:
        return next((attrs for t, attrs in self.groups if t == tag), {})

    def all(self, tag: int) -> list[dict[str, list[Value]]]:
        return [attrs for t, attrs in self.groups if t == tag]


def _encode_value(tag: int, value: Any) -> bytes:
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", int(value))
    if tag == BOOLEAN:
        return b"\x01" if value else b"\x00"
    return str(value).encode("utf-8")


def decode_response(data: bytes) -> IppResponse:
    if len(data) < 8:
        raise ValueError("IPP response shorter than its header")
    _major, _minor, status, request_id = struct.unpack(">BBHI", data[:8])
    groups: list[tuple[int, dict[str, list[Value]]]] = []
    pos = 8
    current: dict[str, list[Value]] | None = None
    last_name = ""
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:
            current = {}
            groups.append((tag, current))
            continue
        name_len = struct.unpack(">H", data[pos:pos + 2])[0]
        name = data[pos + 2:pos + 2 + name_len].decode("utf-8", "replace")
        pos += 2 + name_len
        value_len = struct.unpack(">H", data[pos:pos + 2])[0]
        raw = data[pos + 2:pos + 2 + value_len]
        pos += 2 + value_len
        if current is None:
            raise ValueError("IPP attribute outside a group")
        if name:
            last_name = name
            current[name] = []
        current.setdefault(last_name, []).append(_decode_value(tag, raw))
    return IppResponse(status, request_id, groups)


def _decode_value(tag: int, raw: bytes) -> Value:
    if tag in (INTEGER, ENUM) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if 0x40 <= tag <= 0x49:
        return raw.decode("utf-8", "replace")
    return bytes(raw)
