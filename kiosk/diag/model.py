"""One device's diagnosis: ``{"device", "ok", "state", "detail"}`` plus optional facts for the screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.privacy import redact

#: Every device ``kiosk diag`` knows, in the order it reports them.
DEVICES: tuple[str, ...] = ("idcard", "camera", "receipt", "docprinter", "gateway", "storage")

#: Without these the kiosk cannot serve anyone: no identification without the reader, no archive without
#: storage. A camera or a printer down still leaves the agent path and a request.
CRITICAL_DEVICES: frozenset[str] = frozenset({"idcard", "storage"})

#: What a technician calls each device on screen and in failure messages.
DEVICE_TITLES: dict[str, str] = {
    "idcard": "ID-card reader",
    "camera": "camera",
    "receipt": "receipt printer",
    "docprinter": "document printer",
    "gateway": "district gateway",
    "storage": "storage",
}


@dataclass(frozen=True)
class CheckResult:
    device: str
    ok: bool
    #: A short machine word: ready, paper_near_end, paper_out, lost, unreachable, timeout, error ...
    state: str
    #: One human sentence: what was found, or why it failed.
    detail: str
    #: Measured values for the screen and health reports (SAM id, free bytes, latency, cursor lag ...).
    facts: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Redacted: whatever a check put in its detail or facts leaves here masked."""
        out: dict[str, Any] = {"device": self.device, "ok": self.ok, "state": self.state, "detail": self.detail}
        if self.facts:
            out["facts"] = dict(self.facts)
        return redact(out)

    def failure_line(self) -> str:
        """``receipt printer (receipt): unreachable: ...``, redacted like :meth:`to_dict`."""
        return redact(f"{DEVICE_TITLES.get(self.device, self.device)} ({self.device}): {self.state}: {self.detail}")


#: A check takes nothing (its device and options are bound in) and returns its result.
Check = Callable[[], CheckResult]


def failed(device: str, state: str, detail: str, **facts: Any) -> CheckResult:
    return CheckResult(device, False, state, detail, facts)


def passed(device: str, state: str, detail: str, **facts: Any) -> CheckResult:
    return CheckResult(device, True, state, detail, facts)
