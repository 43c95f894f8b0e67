"""The one-working-day target: each request shows how much of its working day is left.

A request filed on a working day is due at the same time on the next working day; one filed on a weekend
or holiday is due at the end of the next working day. Holidays are handed in (the district publishes them
each year); weekends are Saturday and Sunday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

END_OF_DAY = dt.time(17, 0)


class WorkingDays:
    def __init__(self, holidays: Iterable[dt.date] = (), workdays_on_weekend: Iterable[dt.date] = ()):
        self.holidays = frozenset(holidays)
        # 调休: some weekends are declared working days to bridge a holiday.
        self.extra_workdays = frozenset(workdays_on_weekend)

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
