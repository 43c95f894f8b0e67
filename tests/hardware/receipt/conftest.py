"""A Dummy-style backend: records every byte the driver sends and answers status queries from a script,
as python-escpos's Dummy does for output (but Dummy cannot answer DLE EOT)."""

from __future__ import annotations

import pytest

from hardware.receipt.driver import EscposReceiptPrinter
from hardware.receipt.profiles import PROFILES, ReceiptProfile

READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


class ScriptedTransport:
    answers_immediately = True

    def __init__(self, realtime: dict[int, int | None] | None = None, gs_r: int | None = 0x00):
        self.realtime = dict(READY if realtime is None else realtime)
        self.gs_r = gs_r
        self.written = bytearray()
        self._inbox = bytearray()

    def open(self) -> None:
        pass

    def write(self, data: bytes) -> None:
        self.written += data
        if data[:2] == b"\x10\x04" and len(data) == 3:
            answer = self.realtime.get(data[2])
            if answer is not None:
                self._inbox.append(answer)
        elif data.endswith(b"\x1dr\x01") and self.gs_r is not None:
            self._inbox.append(self.gs_r)

    def read(self, timeout_s: float) -> bytes:
        data, self._inbox = bytes(self._inbox), bytearray()
        return data

    def close(self) -> None:
        pass

    @property
    def job_bytes(self) -> bytes:
        """What was sent apart from the status questions."""
        data = bytes(self.written)
        for n in (1, 2, 3, 4):
            data = data.replace(b"\x10\x04" + bytes([n]), b"")
        return data


def make_printer(transport: ScriptedTransport, profile: ReceiptProfile | str = "cn80") -> EscposReceiptPrinter:
    p = PROFILES[profile] if isinstance(profile, str) else profile
    return EscposReceiptPrinter(transport, p, "test://receipt")


@pytest.fixture
def scripted() -> ScriptedTransport:
    return ScriptedTransport()
