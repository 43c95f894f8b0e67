"""The gateway's side: hourly reports from every kiosk, summed per point.

A report is stored under (kiosk, hour) and replaces an earlier one for the same pair, so a kiosk that
pushes an hour twice is counted once.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from kiosk.errors import DataError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stats_reports (
    kiosk TEXT NOT NULL, hour TEXT NOT NULL, point TEXT NOT NULL, metrics TEXT NOT NULL,
    PRIMARY KEY (kiosk, hour));
"""


class StatsAggregate:
    def __init__(self, path: str | Path):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def ingest(self, report: dict[str, Any]) -> dict[str, Any]:
        try:
            metrics = {str(k): float(v) for k, v in dict(report.get("metrics", {})).items()}
            kiosk, hour, point = str(report["kiosk"]), str(report["hour"]), str(report["point"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise DataError("a statistics report names kiosk, hour and point, with numeric metrics",
                            code="STATS_INVALID") from None
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO stats_reports (kiosk, hour, point, metrics) VALUES (?, ?, ?, ?)",
                             (kiosk, hour, point, json.dumps(metrics)))
        return {"kiosk": kiosk, "hour": hour, "accepted": True}

    def reports(self) -> list[dict[str, Any]]:
        """Every stored hourly report, oldest first (the console slices them by point, month, hour of day)."""
        with self._lock:
            rows = self._db.execute("SELECT point, kiosk, hour, metrics FROM stats_reports ORDER BY hour, kiosk").fetchall()
        return [{"point": p, "kiosk": k, "hour": h, "metrics": json.loads(m)} for p, k, h, m in rows]

    def per_point(self) -> dict[str, Any]:
        with self._lock:
            rows = self._db.execute("SELECT point, kiosk, hour, metrics FROM stats_reports").fetchall()
        points: dict[str, dict[str, Any]] = {}
        for point, kiosk, hour, metrics in rows:
            p = points.setdefault(point, {"kiosks": set(), "hours": 0, "metrics": {}, "by_hour_of_day": {}})
            p["kiosks"].add(kiosk)
            p["hours"] += 1
            for k, v in json.loads(metrics).items():
                p["metrics"][k] = p["metrics"].get(k, 0.0) + v
            hod = hour[-2:]
            p["by_hour_of_day"][hod] = p["by_hour_of_day"].get(hod, 0.0) + json.loads(metrics).get("sessions", 0.0)
        for p in points.values():
            p["kiosks"] = sorted(p["kiosks"])
            viewed = {k.split("/", 1)[1]: v for k, v in p["metrics"].items() if k.startswith("viewed/")}
            # The seed's "high-frequency demand": which record types residents come for most.
            p["top_record_types"] = sorted(viewed, key=lambda t: -viewed[t])[:5]
        return {"points": points}
