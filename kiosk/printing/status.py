"""What a printer says about itself, in one shape for the receipt printer and the document printer.

Drivers turn their device's answer (ESC/POS status bytes, CUPS printer-state-reasons) into a
:class:`PrinterStatus`; the journal, the CLI and the UI read only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.errors import PrinterNotReady


class PrinterCondition(StrEnum):
    """One reason a printer cannot take a job now. The value is the stable error code."""

    PAPER_OUT = "PRINTER_PAPER_OUT"
    COVER_OPEN = "PRINTER_COVER_OPEN"
    OFFLINE = "PRINTER_OFFLINE"
    ERROR = "PRINTER_ERROR_STATE"
    STATUS_UNKNOWN = "PRINTER_STATUS_UNKNOWN"
    UNREACHABLE = "PRINTER_UNREACHABLE"
    PAUSED = "DOCPRINTER_PAUSED"
    JAMMED = "DOCPRINTER_JAMMED"
    MEDIA_EMPTY = "DOCPRINTER_MEDIA_EMPTY"
    DOOR_OPEN = "DOCPRINTER_DOOR_OPEN"
    NOT_ACCEPTING = "DOCPRINTER_NOT_ACCEPTING"
    QUEUE_MISSING = "DOCPRINTER_QUEUE_MISSING"


class StaffAlert(StrEnum):
    """Printing still works, but someone should come by soon."""

    PAPER_NEAR_END = "PRINTER_PAPER_NEAR_END"
    TONER_LOW = "DOCPRINTER_TONER_LOW"


#: Words for the screen and the CLI; the UI translates by code, these are the fallback.
MESSAGES: dict[str, str] = {
    PrinterCondition.PAPER_OUT: "打印机缺纸，请联系工作人员 (paper out)",
    PrinterCondition.COVER_OPEN: "打印机盖未关好 (cover open)",
    PrinterCondition.OFFLINE: "打印机离线 (offline)",
    PrinterCondition.ERROR: "打印机故障 (printer error)",
    PrinterCondition.STATUS_UNKNOWN: "打印机没有应答，无法确认状态 (no status answer)",
    PrinterCondition.UNREACHABLE: "无法连接打印机 (unreachable)",
    PrinterCondition.PAUSED: "打印队列已暂停 (queue paused)",
    PrinterCondition.JAMMED: "打印机卡纸 (paper jam)",
    PrinterCondition.MEDIA_EMPTY: "文档打印机缺纸 (media empty)",
    PrinterCondition.DOOR_OPEN: "打印机门未关好 (door open)",
    PrinterCondition.NOT_ACCEPTING: "打印队列不接受新任务 (not accepting jobs)",
    PrinterCondition.QUEUE_MISSING: "打印队列不存在 (no such queue)",
    StaffAlert.PAPER_NEAR_END: "收据纸即将用完 (paper near end)",
    StaffAlert.TONER_LOW: "墨粉不足 (toner low)",
}


@dataclass(frozen=True)
class PrinterStatus:
    device: str
    conditions: tuple[PrinterCondition, ...] = ()
    alerts: tuple[StaffAlert, ...] = ()
    #: The device's own words (status bytes in hex, CUPS reasons), for technicians; nothing personal.
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not self.conditions

    @property
    def reason(self) -> PrinterCondition | None:
        return self.conditions[0] if self.conditions else None

    @property
    def message(self) -> str:
        if not self.conditions:
            return "ready"
        return "; ".join(MESSAGES[c] for c in self.conditions)

    def not_ready_error(self) -> PrinterNotReady:
        assert self.reason is not None
        return PrinterNotReady(self.message, code=self.reason.value, detail=self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        return {"device": self.device, "ready": self.ready,
                "reason": self.reason.value if self.reason else None,
                "conditions": [c.value for c in self.conditions], "alerts": [a.value for a in self.alerts],
                "message": self.message, "raw": self.raw}

    def raise_unless_ready(self) -> None:
        if not self.ready:
            raise self.not_ready_error()
