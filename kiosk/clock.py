"""One clock for people: instants are kept in UTC; every time a person reads, on a screen, a receipt or a
certified copy, is the service point's local time (``point.timezone``, Asia/Shanghai by default), so the
time on a certificate and on the receipt printed with it agree to the minute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.errors import ConfigError

DEFAULT_ZONE = "Asia/Shanghai"


def zone(name: str = DEFAULT_ZONE) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {name!r} (an IANA name such as Asia/Shanghai)",
                          detail={"key": "point.timezone"}) from None


@dataclass(frozen=True)
class PeopleClock:
    """Local time for people; ``now`` is UTC, injectable for tests."""

    tz: ZoneInfo = field(default_factory=zone)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), compare=False)

    def local(self, moment: datetime | None = None) -> datetime:
        moment = self.now() if moment is None else moment
        if moment.tzinfo is None:
            raise ValueError("a time without a time zone is ambiguous")  # a programming error, not input
        return moment.astimezone(self.tz)

    def seconds(self, moment: datetime | None = None) -> str:
        """``2026-11-25 17:30:12``: certificates and the verify screens."""
        return self.local(moment).strftime("%Y-%m-%d %H:%M:%S")

    def minutes(self, moment: datetime | None = None) -> str:
        """``2026-11-25 17:30``: receipts."""
        return self.local(moment).strftime("%Y-%m-%d %H:%M")


def clock_for(name: str) -> PeopleClock:
    return PeopleClock(zone(name))
