"""CUPS / IPP printer-state-reasons → the kiosk's stable conditions and staff alerts."""

from __future__ import annotations

from kiosk.printing.status import PrinterCondition, PrinterStatus, StaffAlert

IDLE, PROCESSING, STOPPED = 3, 4, 5

_CONDITIONS = {
    "paused": PrinterCondition.PAUSED,
    "media-empty": PrinterCondition.MEDIA_EMPTY,
    "media-needed": PrinterCondition.MEDIA_EMPTY,
    "media-jam": PrinterCondition.JAMMED,
    "door-open": PrinterCondition.DOOR_OPEN,
    "cover-open": PrinterCondition.DOOR_OPEN,
    "offline": PrinterCondition.OFFLINE,
    "shutdown": PrinterCondition.OFFLINE,
}
_ALERTS = {"media-low": StaffAlert.PAPER_NEAR_END, "toner-low": StaffAlert.TONER_LOW,
           "marker-supply-low": StaffAlert.TONER_LOW}


def _keyword(reason: str) -> str:
    """``media-empty-error`` → ``media-empty``; ``offline-report`` → ``offline``."""
    for suffix in ("-error", "-warning", "-report"):
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


def printer_status(device: str, state: int | None, reasons: list[str], accepting: bool = True) -> PrinterStatus:
    conditions: list[PrinterCondition] = []
    alerts: list[StaffAlert] = []
    for reason in reasons:
        key = _keyword(reason)
        if key in _CONDITIONS and not reason.endswith("-report") or key == "offline":
            conditions.append(_CONDITIONS[key])
        elif key in _ALERTS:
            alerts.append(_ALERTS[key])
    if state == STOPPED and not conditions:
        # cupsdisable without a reason given, or a backend that stopped the queue after an error.
        conditions.append(PrinterCondition.PAUSED)
    if not accepting:
        conditions.append(PrinterCondition.NOT_ACCEPTING)
    return PrinterStatus(device, tuple(dict.fromkeys(conditions)), tuple(dict.fromkeys(alerts)),
                         raw={"printer-state": state, "printer-state-reasons": reasons, "accepting": accepting})


def job_reason_codes(job_reasons: list[str], printer: PrinterStatus | None = None) -> tuple[str, ...]:
    codes = [_CONDITIONS[_keyword(r)].value for r in job_reasons if _keyword(r) in _CONDITIONS]
    if printer is not None:
        codes += [c.value for c in printer.conditions]
    if "printer-stopped" in job_reasons and PrinterCondition.PAUSED.value not in codes:
        codes.append(PrinterCondition.PAUSED.value)
    return tuple(dict.fromkeys(codes))
