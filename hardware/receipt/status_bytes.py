"""ESC/POS real-time status (DLE EOT n) and in-order paper status (GS r 1), byte by byte.

Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear (``b & 0x93 == 0x12``); a GS r answer
has bit 4 clear. That is how an answer is told apart from noise and from the other kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.printing.status import PrinterCondition, PrinterStatus, StaffAlert

DLE_EOT = b"\x10\x04"
PRINTER_STATUS = 1  # offline?
OFFLINE_CAUSE = 2  # cover open, paper end stopped printing, error
ERROR_CAUSE = 3  # cutter, unrecoverable, auto-recoverable
PAPER_SENSOR = 4  # roll near end, roll end
GS_R_PAPER = b"\x1dr\x01"  # answered after everything sent before it has printed


def dle_eot(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_realtime_answer(b: int) -> bool:
    return b & 0x93 == 0x12


def is_gs_r_answer(b: int) -> bool:
    return b & 0x90 == 0x00


@dataclass(frozen=True)
class RealtimeStatus:
    """The four DLE EOT answers; None where the printer stayed silent."""

    printer: int | None = None
    offline_cause: int | None = None
    error_cause: int | None = None
    paper: int | None = None


def interpret(device: str, s: RealtimeStatus) -> PrinterStatus:
    """Conditions and alerts from the status bytes; silence or a malformed byte is "unknown"."""
    raw = {k: (f"0x{v:02x}" if v is not None else None) for k, v in s.__dict__.items()}
    if s.printer is None or not is_realtime_answer(s.printer):
        return PrinterStatus(device, (PrinterCondition.STATUS_UNKNOWN,), raw=raw)
    conditions: list[PrinterCondition] = []
    alerts: list[StaffAlert] = []
    offline = bool(s.printer & 0x08)
    if s.offline_cause is not None and is_realtime_answer(s.offline_cause):
        if s.offline_cause & 0x04:
            conditions.append(PrinterCondition.COVER_OPEN)
        if s.offline_cause & 0x20:
            conditions.append(PrinterCondition.PAPER_OUT)
        if s.offline_cause & 0x40:
            conditions.append(PrinterCondition.ERROR)
    if s.error_cause is not None and is_realtime_answer(s.error_cause) and s.error_cause & 0x68:
        conditions.append(PrinterCondition.ERROR)
    if s.paper is not None and is_realtime_answer(s.paper):
        if s.paper & 0x60 == 0x60:
            conditions.append(PrinterCondition.PAPER_OUT)
        elif s.paper & 0x0C == 0x0C:
            alerts.append(StaffAlert.PAPER_NEAR_END)
    elif offline is False:
        # The paper sensor did not answer: we cannot promise paper, so we do not promise a print.
        conditions.append(PrinterCondition.STATUS_UNKNOWN)
    if offline and not conditions:
        conditions.append(PrinterCondition.OFFLINE)
    return PrinterStatus(device, tuple(dict.fromkeys(conditions)), tuple(alerts), raw=raw)


def gs_r_paper(b: int) -> tuple[bool, bool]:
    """(paper out, near end) from a GS r 1 answer."""
    return bool(b & 0x0C == 0x0C), bool(b & 0x03 == 0x03)
