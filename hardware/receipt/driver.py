"""The ESC/POS receipt printer: real-time status before every job, the receipt, then a confirmation.

After the receipt we send GS r 1, which the printer answers only once everything before it is printed.
While waiting for that answer we keep asking DLE EOT (answered at once, even by a stopped printer): so
paper running out mid-receipt is reported within a fraction of a second, not after a long timeout.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from hardware.receipt.encoder import encode_receipt
from hardware.receipt.profiles import ReceiptProfile
from hardware.receipt.status_bytes import (ERROR_CAUSE, GS_R_PAPER, OFFLINE_CAUSE, PAPER_SENSOR, PRINTER_STATUS,
                                           RealtimeStatus, dle_eot, gs_r_paper, interpret, is_gs_r_answer,
                                           is_realtime_answer)
from hardware.receipt.transports import Transport
from kiosk.errors import PrinterNotReady, PrintJobFailed
from kiosk.printing.receipt_layout import ReceiptLayout
from kiosk.printing.status import MESSAGES, PrinterCondition, PrinterStatus, StaffAlert

#: Between two "why has it not finished?" questions while a receipt prints.
POLL_S = 0.2


class EscposReceiptPrinter:
    def __init__(self, transport: Transport, profile: ReceiptProfile, name: str, font_path: Path | None = None):
        self.transport = transport
        self.profile = profile
        self.name = name
        self.font_path = font_path
        #: GS r answers that arrived while we were reading a DLE EOT answer.
        self._confirmations: list[int] = []
        self.last_bytes: bytes = b""
        # The screens ask for status and print from worker threads: one exchange at a time on the wire.
        self._lock = threading.RLock()

    def compose(self, layout: ReceiptLayout) -> bytes:
        return encode_receipt(layout, self.profile, self.font_path)

    def status(self) -> PrinterStatus:
        with self._lock:
            try:
                return self._status()
            except PrinterNotReady as e:  # the connection failed on the way: unplugged, switched off
                return PrinterStatus(self.name, (PrinterCondition.UNREACHABLE,), raw={"error": e.message})

    def _status(self) -> PrinterStatus:
        self.transport.open()
        self._drain()
        printer = self._ask(PRINTER_STATUS)
        if printer is None:
            return interpret(self.name, RealtimeStatus())
        offline_cause = self._ask(OFFLINE_CAUSE) if printer & 0x08 else None
        error_cause = self._ask(ERROR_CAUSE) if offline_cause is not None and offline_cause & 0x40 else None
        paper = self._ask(PAPER_SENSOR)
        return interpret(self.name, RealtimeStatus(printer, offline_cause, error_cause, paper))

    def print_layout(self, layout: ReceiptLayout) -> PrinterStatus:
        with self._lock:
            before = self.status()
            before.raise_unless_ready()
            data = self.compose(layout)
            self.last_bytes = data
            self._confirmations.clear()
            try:
                self.transport.write(data + GS_R_PAPER)
            except PrinterNotReady as e:
                raise PrintJobFailed(e.message, code=e.code, detail={"interrupted": True}) from None
            return self._confirm(before)

    def _confirm(self, before: PrinterStatus) -> PrinterStatus:
        deadline = time.monotonic() + self.profile.confirm_timeout_s
        while True:
            answer = self._confirmation(min(POLL_S, max(0.0, deadline - time.monotonic())))
            if answer is not None:
                out, near_end = gs_r_paper(answer)
                if out:
                    raise _interrupted(PrinterCondition.PAPER_OUT, self.name)
                alerts = tuple(dict.fromkeys((*before.alerts, *((StaffAlert.PAPER_NEAR_END,) if near_end else ()))))
                return PrinterStatus(self.name, (), alerts, raw={"gs_r": f"0x{answer:02x}"})
            now = self.status()
            if not now.ready and now.reason is not PrinterCondition.STATUS_UNKNOWN:
                raise _interrupted(now.reason, self.name, now.to_dict())
            if time.monotonic() >= deadline or self.transport.answers_immediately:
                raise _interrupted(PrinterCondition.STATUS_UNKNOWN, self.name, now.to_dict())

    def _confirmation(self, timeout_s: float) -> int | None:
        if self._confirmations:
            return self._confirmations.pop(0)
        for b in self.transport.read(timeout_s):
            if is_gs_r_answer(b):
                self._confirmations.append(b)
        return self._confirmations.pop(0) if self._confirmations else None

    def _ask(self, n: int) -> int | None:
        """One DLE EOT question; the answer byte, or None after the profile's status timeout."""
        self.transport.write(dle_eot(n))
        deadline = time.monotonic() + self.profile.status_timeout_s
        while True:
            data = self.transport.read(max(0.0, deadline - time.monotonic()))
            for b in data:
                if is_realtime_answer(b):
                    return b
                if is_gs_r_answer(b):
                    self._confirmations.append(b)
            if not data and (self.transport.answers_immediately or time.monotonic() >= deadline):
                return None

    def _drain(self) -> None:
        """Stale answers from an earlier, abandoned exchange must not be read as today's."""
        while self.transport.read(0.0):
            pass

    def close(self) -> None:
        self.transport.close()


def _interrupted(reason: PrinterCondition, device: str, status: dict | None = None) -> PrintJobFailed:
    return PrintJobFailed(f"the receipt did not finish: {MESSAGES[reason]}", code=reason.value,
                          detail={"interrupted": True, "device": device, "status": status or {}})
