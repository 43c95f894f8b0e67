"""The district's statistics for a manager: what residents come for (high-frequency items first), visits by
point, month and hour of day, requests by type and outcome, time to completion, ratings.

Built from the kiosks' anonymous hourly reports (:class:`kiosk.stats.aggregate.StatsAggregate`) and the
gateway's own request table; nothing here names a resident.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter, defaultdict
from typing import Any

from kiosk.archive.types import label

STATUS_LABELS = {"received": "待办 Open", "forwarded": "已转递 Forwarded", "completed": "已办结 Completed",
                 "rejected": "已驳回 Rejected"}
PRINT_LABELS = {"certified_copy": "档案证明 Certified copy", "receipt": "回执 Receipt"}
CHANNEL_LABELS = {"self": "本人 Self", "assisted": "协助 Assisted", "proxy": "代办 Proxy"}


def local_hour(hour: str, tz: dt.tzinfo) -> dt.datetime:
    """A report's hour (``2026-12-05T01``, UTC) in the district's zone."""
    return dt.datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=dt.timezone.utc).astimezone(tz)


def _pick(reports: list[dict[str, Any]], point: str, month: str, tz: dt.tzinfo) -> list[dict[str, Any]]:
    return [r for r in reports if (not point or r["point"] == point)
            and (not month or local_hour(r["hour"], tz).strftime("%Y-%m") == month)]


def _by_prefix(totals: Counter[str], prefix: str) -> dict[str, float]:
    return {k.split("/", 1)[1]: v for k, v in totals.items() if k.startswith(prefix + "/")}


def _ranked(values: dict[str, float], labeller: Any = str) -> list[tuple[str, float]]:
    return [(labeller(k), v) for k, v in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))]


def summary(reports: list[dict[str, Any]], requests: list[dict[str, Any]], *, point: str = "",
            month: str = "", tz: dt.tzinfo = dt.timezone.utc) -> dict[str, Any]:
    chosen = _pick(reports, point, month, tz)
    totals: Counter[str] = Counter()
    by_point: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    by_hour: Counter[str] = Counter({f"{h:02d}": 0.0 for h in range(24)})
    for r in chosen:
        m = r["metrics"]
        totals.update(m)
        visits = m.get("sessions", 0.0)
        by_point[r["point"]] += visits
        when = local_hour(r["hour"], tz)
        by_month[when.strftime("%Y-%m")] += visits
        by_hour[when.strftime("%H")] += visits
    ratings = _by_prefix(totals, "ratings")
    rated = sum(ratings.values())
    reqs = [q for q in requests if q["role"] in ("owner", "local") and (not month or q["created_at"].startswith(month))]
    by_type_outcome: dict[str, Counter[str]] = defaultdict(Counter)
    for q in reqs:
        by_type_outcome[label(q["record_type"] or "")][q["status"]] += 1
    hours = [_hours(q) for q in reqs if q["status"] == "completed"]
    viewed = _by_prefix(totals, "viewed")
    return {
        "visits": totals.get("sessions", 0.0),
        "minutes_per_visit": round(totals.get("session_seconds", 0.0) / 60 / totals["sessions"], 1)
        if totals.get("sessions") else None,
        "top_viewed": _ranked(viewed, label)[:5],
        "viewed": _ranked(viewed, label),
        "printed": _ranked(_by_prefix(totals, "prints"), lambda k: PRINT_LABELS.get(k, k)),
        "requests_by_channel": _ranked(_by_prefix(totals, "requests"), lambda k: CHANNEL_LABELS.get(k, k)),
        "requests_by_type": sorted(((t, dict(c)) for t, c in by_type_outcome.items()),
                                   key=lambda tc: -sum(tc[1].values())),
        "completion_hours": {"count": len(hours), "median": round(statistics.median(hours), 1) if hours else None,
                             "longest": round(max(hours), 1) if hours else None},
        "ratings": [(f"{s}★", ratings.get(str(s), 0.0)) for s in range(5, 0, -1)],
        "rating_average": round(sum(int(s) * n for s, n in ratings.items()) / rated, 2) if rated else None,
        "by_point": _ranked(dict(by_point)),
        "by_month": sorted(by_month.items()),
        "by_hour": sorted(by_hour.items()),
    }


def _hours(q: dict[str, Any]) -> float:
    start = dt.datetime.fromisoformat(q["created_at"])
    end = dt.datetime.fromisoformat(q["updated_at"])
    return max((end - start).total_seconds() / 3600, 0.0)


def choices(reports: list[dict[str, Any]], tz: dt.tzinfo = dt.timezone.utc) -> dict[str, list[str]]:
    return {"points": sorted({r["point"] for r in reports}),
            "months": sorted({local_hour(r["hour"], tz).strftime("%Y-%m") for r in reports})}


def csv_text(reports: list[dict[str, Any]], *, point: str = "", month: str = "",
             tz: dt.tzinfo = dt.timezone.utc) -> str:
    """One row per point, kiosk, hour and metric: what a spreadsheet pivots."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["point", "kiosk", "hour_utc", "metric", "value"])
    for r in _pick(reports, point, month, tz):
        for metric, value in sorted(r["metrics"].items()):
            writer.writerow([r["point"], r["kiosk"], r["hour"], metric, f"{value:g}"])
    return out.getvalue()
