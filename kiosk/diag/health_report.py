"""Health reports: what one kiosk tells its gateway about itself, and the alerts staff must act on.

A report is plain data, pushed through the sync outbox (kind ``health``) so it survives a gateway that is
down and arrives exactly once. The gateway recomputes nothing: the alerts travel in the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from kiosk.diag.model import CheckResult

HEALTH_KIND = "health"

#: (device, state) → alert code. A state not listed here but not ok still alerts as ``<DEVICE>_DOWN``.
_ALERTS: dict[tuple[str, str], str] = {
    ("receipt", "paper_near_end"): "PAPER_NEAR_END",
    ("receipt", "paper_out"): "PAPER_OUT",
    ("idcard", "lost"): "READER_LOST",
    ("gateway", "lagging"): "SYNC_LAGGING",
    ("gateway", "unreachable"): "GATEWAY_UNREACHABLE",
    ("storage", "low_space"): "LOW_DISK_SPACE",
    ("storage", "space_low"): "DISK_SPACE_LOW",
    ("storage", "audit_broken"): "AUDIT_CHAIN_BROKEN",
    ("storage", "read_only"): "STORAGE_READ_ONLY",
    ("storage", "permission"): "STORAGE_PERMISSION",
    ("storage", "not_a_folder"): "STORAGE_PATH_BROKEN",
    ("storage", "not_a_file"): "STORAGE_PATH_BROKEN",
}


class Outbox(Protocol):
    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> Any: ...


def alerts_for(results: Iterable[CheckResult]) -> list[dict[str, str]]:
    alerts = []
    for r in results:
        code = _ALERTS.get((r.device, r.state))
        if code is None and not r.ok:
            # Any reader failure means no resident can be identified: the one alert staff must not miss.
            code = "READER_LOST" if r.device == "idcard" else f"{r.device.upper()}_DOWN"
        if code is not None:
            alerts.append({"code": code, "device": r.device, "message": r.detail})
    return alerts


def build_health_report(kiosk_id: str, point_name: str, results: Iterable[CheckResult],
                        versions: dict[str, str] | None = None, *, at: dt.datetime | None = None,
                        config: dict[str, Any] | None = None) -> dict[str, Any]:
    """``versions``: the software running (``kiosk``, and ``release`` when installed through signed
    updates); ``config``: the configuration in force (:func:`kiosk.diag.in_force.config_report`)."""
    results = list(results)
    when = (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    report: dict[str, Any] = {
        "kiosk_id": kiosk_id,
        "point": point_name,
        "at": when,
        "ok": all(r.ok for r in results),
        "devices": [r.to_dict() for r in results],
        "alerts": alerts_for(results),
    }
    # Where the sync writes: ok / full / read_only / permission ..., free bytes against the watermark.
    storage = next((r.facts["sync_storage"] for r in results if r.device == "storage" and "sync_storage" in r.facts), None)
    if storage is not None:
        report["storage"] = storage
    if versions:
        report["versions"] = {k: versions[k] for k in ("kiosk", "release") if versions.get(k)}
    if config is not None:
        report["config"] = config
    return report


def report_key(report: dict[str, Any]) -> str:
    """The idempotency key: one report per kiosk and moment, however often the push is retried."""
    return f"health:{report['kiosk_id']}:{report['at']}"


def push_health(outbox: Outbox, report: dict[str, Any]) -> str:
    key = report_key(report)
    outbox.enqueue(HEALTH_KIND, report, key)
    return key
