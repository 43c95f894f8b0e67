"""The one-working-day target: each request shows how much of its working day is left.

A request filed on a working day is due at the same time on the next working day; one filed on a weekend
or holiday is due at the end of the next working day. Weekends are Saturday and Sunday; holidays and the
weekend days worked in their place (调休) come from the district, one synced ``calendar`` document a year:
``{"year": 2027, "holidays": ["2027-10-01", ...], "workdays": ["2027-09-26", ...]}``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

log = logging.getLogger("kiosk.requests")

END_OF_DAY = dt.time(17, 0)


class WorkingDays:
    def __init__(self, holidays: Iterable[dt.date] = (), workdays_on_weekend: Iterable[dt.date] = ()):
        self.holidays = frozenset(holidays)
        # 调休: some weekends are declared working days to bridge a holiday.
        self.extra_workdays = frozenset(workdays_on_weekend)

    @classmethod
    def from_documents(cls, bodies: Iterable[Mapping[str, Any] | str | bytes]) -> WorkingDays:
        """The calendars the district published; a malformed one is skipped (and logged), not fatal:
        without it that year counts weekends only, and the clock runs a little early, never late."""
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        for body in bodies:
            try:
                d = json.loads(body) if isinstance(body, (str, bytes)) else body
                year_holidays = {dt.date.fromisoformat(str(x)) for x in d.get("holidays", [])}
                year_workdays = {dt.date.fromisoformat(str(x)) for x in d.get("workdays", [])}
            except (AttributeError, TypeError, ValueError):
                log.warning("a published holiday calendar is malformed; skipped")
                continue
            holidays |= year_holidays
            workdays |= year_workdays
        return cls(holidays, workdays)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: dt.date) -> dt.date:
        d = day + dt.timedelta(days=1)
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d

    def due(self, filed: dt.datetime) -> dt.datetime:
        nxt = self.next_working_day(filed.date())
        if self.is_working_day(filed.date()):
            return dt.datetime.combine(nxt, filed.timetz())
        return dt.datetime.combine(nxt, END_OF_DAY, tzinfo=filed.tzinfo)


def clock_text(filed: dt.datetime, now: dt.datetime, days: WorkingDays) -> dict[str, object]:
    """What a screen or `kiosk request status` shows about the target."""
    due = days.due(filed)
    left = (due - now).total_seconds()
    return {"due_at": due.isoformat(timespec="minutes"), "hours_left": round(left / 3600, 1), "overdue": left < 0}
