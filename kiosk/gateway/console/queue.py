"""The archivist's queue: requests this district owns, each with its one-working-day clock, overdue first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kiosk.archive.types import label
from kiosk.guides.purposes import purpose_label
from kiosk.requests.deadline import WorkingDays, clock_text

OWNED = ("owner", "local")
OPEN = ("received", "forwarded")
#: Age filters, in hours since the request was filed.
AGES = {"": None, "4h": 4, "24h": 24, "72h": 72}

REJECT_REASONS = (
    "经查，本馆未保存该档案。",
    "申请材料不全，请补齐后重新申请。",
    "授权委托书与申请人身份不符。",
    "该档案涉及他人隐私，需本人到馆办理。",
    "档案正在修复或数字化，暂不能提供，请稍后再申请。",
)


@dataclass(frozen=True)
class QueueFilter:
    record_type: str = ""
    age: str = ""
    kiosk: str = ""
    show: str = "open"  # "open" | "done"


def working_days(store: Any) -> WorkingDays:
    """The district's holiday calendars, as published to the kiosks (documents of kind ``calendar``)."""
    bodies = [b for k in store.keys("calendar", 100) if (b := store.get("calendar", k)) is not None]
    return WorkingDays.from_documents(bodies)


def _filed(row: dict[str, Any]) -> dt.datetime:
    when = dt.datetime.fromisoformat(row["created_at"])
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def queue(rows: list[dict[str, Any]], days: WorkingDays, now: dt.datetime, f: QueueFilter) -> list[dict[str, Any]]:
    out = []
    statuses = OPEN if f.show == "open" else ("completed", "rejected")
    limit = AGES.get(f.age)
    for row in rows:
        if row["role"] not in OWNED or row["status"] not in statuses:
            continue
        if f.record_type and row["record_type"] != f.record_type:
            continue
        if f.kiosk and row.get("origin_kiosk") != f.kiosk:
            continue
        filed = _filed(row).astimezone(now.tzinfo)  # the working day is the district's, not UTC's
        age_h = (now - filed).total_seconds() / 3600
        if limit is not None and age_h < limit:
            continue
        out.append({**row, "clock": clock_text(filed, now, days), "age_h": round(age_h, 1),
                    "type_label": label(row["record_type"] or ""),
                    "purpose_label": purpose_label(row["purpose"] or "")})
    # Overdue first, then the nearest deadline.
    out.sort(key=lambda r: (not r["clock"]["overdue"], r["clock"]["hours_left"]))
    return out


def kiosks_of(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({r["origin_kiosk"] for r in rows if r.get("origin_kiosk")})
