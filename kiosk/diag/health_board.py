"""The gateway's board of kiosk health: the last report of every kiosk, and what needs staff.

One row per kiosk, replaced only by a newer report (the outbox may deliver an old one late). A kiosk that
stops reporting is itself an alert: a dead kiosk sends nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.errors import DataError
from kiosk.privacy import redact

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosk_health (
    kiosk_id TEXT PRIMARY KEY,
    point TEXT NOT NULL,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    report TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiosk_health_log (
    kiosk_id TEXT NOT NULL,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    alerts TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, at)
);
"""
#: Reports kept per kiosk for its history (a few days at one report every few minutes).
HISTORY_KEPT = 2000
_KIOSK_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")

#: Reports come every few minutes; three missed ones and the kiosk is reported silent.
DEFAULT_SILENT_AFTER_S = 900.0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _parse_time(text: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


class HealthBoard:
    def __init__(self, path: str | Path, *, clock: Callable[[], dt.datetime] = _now,
                 silent_after_s: float = DEFAULT_SILENT_AFTER_S):
        self.path = str(path)
        self._clock = clock
        self.silent_after_s = silent_after_s
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.executescript(_SCHEMA)
        self._alert_sources: list[Callable[[], dict[str, list[dict[str, Any]]]]] = []

    def add_alert_source(self, source: Callable[[], dict[str, list[dict[str, Any]]]]) -> None:
        """Alerts the gateway itself raises about kiosks (kiosk id → alerts), e.g. a staff card locked there."""
        self._alert_sources.append(source)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def record(self, report: Any) -> dict[str, Any]:
        """Keep a kiosk's report if it is its newest. Raises :class:`DataError` for a malformed one."""
        if not isinstance(report, dict) or not _KIOSK_ID.match(str(report.get("kiosk_id", ""))):
            raise DataError("a health report needs a kiosk_id", code="HEALTH_REPORT_INVALID")
        try:
            at = _parse_time(str(report["at"])).isoformat(timespec="seconds")
        except (KeyError, ValueError):
            raise DataError("a health report needs an ISO time 'at'", code="HEALTH_REPORT_INVALID") from None
        # Kiosks redact before sending; the gateway does it again, as it must never keep personal data.
        clean = redact(report)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO kiosk_health(kiosk_id, point, at, ok, report, received_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kiosk_id) DO UPDATE SET point = excluded.point, at = excluded.at, ok = excluded.ok, "
                "report = excluded.report, received_at = excluded.received_at WHERE excluded.at > kiosk_health.at",
                [clean["kiosk_id"], str(clean.get("point", "")), at, int(bool(clean.get("ok"))),
                 json.dumps(clean, ensure_ascii=False), self._clock().isoformat(timespec="seconds")])
            self._db.execute("INSERT OR IGNORE INTO kiosk_health_log(kiosk_id, at, ok, alerts) VALUES (?, ?, ?, ?)",
                             [clean["kiosk_id"], at, int(bool(clean.get("ok"))),
                              json.dumps(clean.get("alerts") or [], ensure_ascii=False)])
            self._db.execute("DELETE FROM kiosk_health_log WHERE kiosk_id = ? AND at NOT IN (SELECT at FROM "
                             "kiosk_health_log WHERE kiosk_id = ? ORDER BY at DESC LIMIT ?)",
                             [clean["kiosk_id"], clean["kiosk_id"], HISTORY_KEPT])
        return {"kiosk_id": clean["kiosk_id"], "stored": cur.rowcount == 1}

    def kiosks(self) -> list[dict[str, Any]]:
        """Every kiosk with its last health and alerts, those needing staff first."""
        with self._lock:
            rows = self._db.execute("SELECT kiosk_id, point, at, ok, report FROM kiosk_health").fetchall()
        now = self._clock()
        raised: dict[str, list[dict[str, Any]]] = {}
        for source in self._alert_sources:
            for kiosk_id, alerts in source().items():
                raised.setdefault(kiosk_id, []).extend(alerts)
        out = []
        for kiosk_id, point, at, ok, body in rows:
            report = json.loads(body)
            alerts = list(report.get("alerts") or []) + raised.get(kiosk_id, [])
            age = (now - _parse_time(at)).total_seconds()
            if age > self.silent_after_s:
                alerts.append({"code": "KIOSK_SILENT", "device": "kiosk",
                               "message": f"no health report for {round(age / 60)} min"})
            out.append({"kiosk_id": kiosk_id, "point": point, "at": at, "ok": bool(ok) and not alerts,
                        "age_s": round(age), "alerts": alerts, "devices": report.get("devices", []),
                        "versions": report.get("versions") or {}, "config": report.get("config") or {}})
        return sorted(out, key=lambda k: (not k["alerts"], k["kiosk_id"]))

    def history(self, kiosk_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """A kiosk's reports, newest first: when it was fine and what it alerted about."""
        with self._lock:
            rows = self._db.execute("SELECT at, ok, alerts FROM kiosk_health_log WHERE kiosk_id = ? "
                                    "ORDER BY at DESC LIMIT ?", [kiosk_id, limit]).fetchall()
        return [{"at": at, "ok": bool(ok), "alerts": json.loads(alerts)} for at, ok, alerts in rows]

    def kiosk(self, kiosk_id: str) -> dict[str, Any] | None:
        return next((k for k in self.kiosks() if k["kiosk_id"] == kiosk_id), None)
