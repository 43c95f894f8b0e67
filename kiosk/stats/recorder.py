"""Counting what happens at one kiosk, in hourly buckets, and handing closed hours to the outbox.

Metrics are ``(name, key) → number``: ``sessions``, ``session_seconds``, ``viewed/<record type>``,
``prints/<kind>``, ``requests/<channel>``, ``outcomes/<status>``, ``ratings/<1..5>``. Sessions, their
length, record types viewed, copies printed and the rating are read from the session; requests and their
outcomes are told by the request service. A closed hour is pushed once, under the idempotency key
``stats:<kiosk>:<hour>``, so a repeat push replaces, never adds.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from kiosk.session_states import ACTIVE, State
from kiosk.storage import StorageKey, open_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stats_hours (
    hour TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (hour, metric));
CREATE TABLE IF NOT EXISTS stats_pushed (hour TEXT PRIMARY KEY);
"""

OUTBOX_KIND = "stats"


class Outbox(Protocol):
    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> Any: ...


class ObservableSession(Protocol):
    def subscribe(self, listener: Callable[[State, State, str], None]) -> None: ...


def hour_of(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H")


class StatsRecorder:
    def __init__(self, path: str | Path, *, key: StorageKey, point: str, kiosk_id: str,
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)):
        self.point = point
        self.kiosk_id = kiosk_id
        self._clock = clock
        self._lock = threading.Lock()
        self._db = open_db(path, key, schema=_SCHEMA)
        self._db.row_factory = None
        self._session_started: dt.datetime | None = None
        self._visit: Any = None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, metric: str, amount: float = 1.0) -> None:
        with self._lock:
            self._db.execute("INSERT INTO stats_hours (hour, metric, value) VALUES (?, ?, ?) "
                             "ON CONFLICT (hour, metric) DO UPDATE SET value = value + excluded.value",
                             (hour_of(self._clock()), metric, amount))

    # --- what the kiosk reports -----------------------------------------------------------------------
    def viewed(self, record_type: str) -> None:
        self.add(f"viewed/{record_type}")

    def printed(self, kind: str) -> None:
        self.add(f"prints/{kind}")

    def request_filed(self, channel: str) -> None:
        self.add(f"requests/{channel}")

    def request_outcome(self, status: str) -> None:
        self.add(f"outcomes/{status}")

    def rated(self, stars: int) -> None:
        if 1 <= stars <= 5:
            self.add(f"ratings/{stars}")

    def observe(self, session: ObservableSession, outbox: Outbox | None = None) -> None:
        """Count sessions, their length and the record types viewed from the session's transitions; at the
        end of each visit hand closed hours to ``outbox``."""

        def on_transition(src: State, dst: State, _reason: str) -> None:
            if src not in ACTIVE and src is not State.TIMEOUT_WARNING and dst in ACTIVE:
                self._session_started = self._clock()
                self.add("sessions")
            elif dst is State.WIPE and self._session_started is not None:
                self.add("session_seconds", (self._clock() - self._session_started).total_seconds())
                self._session_started = None
                self._count_visit_end()
                if outbox is not None:
                    self.flush(outbox)
            if dst is State.WIPE:
                self._visit = None
            else:
                # The session replaces its data before telling of WIPE: the visit's copies and rating are
                # read at the end from the data object the visit had. Only counts are taken from it.
                self._visit = getattr(session, "data", None)
            if dst is State.RECORD_VIEW:
                record = getattr(getattr(session, "data", None), "current_record", None)
                record_type = getattr(record, "record_type", None)
                if record_type:
                    self.viewed(record_type)

        session.subscribe(on_transition)

    def _count_visit_end(self) -> None:
        visit, self._visit = self._visit, None
        if visit is None:
            return
        copies = sum(p.copies for p in getattr(visit, "printed", ()))
        if copies:
            self.add("prints/certified_copy", copies)
        rating = getattr(visit, "rating", None)
        if isinstance(rating, int):
            self.rated(rating)

    # --- reading and pushing --------------------------------------------------------------------------
    def hours(self) -> dict[str, dict[str, float]]:
        with self._lock:
            rows = self._db.execute("SELECT hour, metric, value FROM stats_hours ORDER BY hour, metric").fetchall()
        out: dict[str, dict[str, float]] = {}
        for hour, metric, value in rows:
            out.setdefault(hour, {})[metric] = value
        return out

    def report(self, hour: str, metrics: dict[str, float]) -> dict[str, Any]:
        return {"point": self.point, "kiosk": self.kiosk_id, "hour": hour, "metrics": metrics}

    def flush(self, outbox: Outbox) -> int:
        """Hand every closed, not yet pushed hour to the outbox. The current hour is still counting."""
        current = hour_of(self._clock())
        with self._lock:
            pushed = {r[0] for r in self._db.execute("SELECT hour FROM stats_pushed")}
        n = 0
        for hour, metrics in self.hours().items():
            if hour >= current or hour in pushed:
                continue
            outbox.enqueue(OUTBOX_KIND, self.report(hour, metrics), f"stats:{self.kiosk_id}:{hour}")
            with self._lock:
                self._db.execute("INSERT OR IGNORE INTO stats_pushed (hour) VALUES (?)", (hour,))
            n += 1
        return n
