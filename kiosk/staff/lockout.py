"""Wrong-PIN counting: 5 wrong PINs lock a card for 15 minutes.

Counted per card (not per kiosk session), so pulling the card and trying again does not reset it. The
clock is injected so tests move time instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Tally:
    failures: int = 0
    locked_until: float | None = None


class PinLockout:
    def __init__(self, clock: Callable[[], float], *, max_failures: int = 5, lock_seconds: float = 15 * 60):
        self._clock = clock
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self._tallies: dict[str, _Tally] = {}

    def locked_until(self, card: str) -> float | None:
        """When the lock on ``card`` ends (clock seconds), or None if it may try now."""
        t = self._tallies.get(card)
        if t is None or t.locked_until is None:
            return None
        if self._clock() >= t.locked_until:
            # The lock has run out: a fresh set of attempts, as if nothing had happened.
            del self._tallies[card]
            return None
        return t.locked_until

    def seconds_left(self, card: str) -> float:
        until = self.locked_until(card)
        return 0.0 if until is None else until - self._clock()

    def failed(self, card: str) -> int:
        """Count one wrong PIN; returns how many attempts are left before the lock (0 = now locked)."""
        t = self._tallies.setdefault(card, _Tally())
        t.failures += 1
        left = self.max_failures - t.failures
        if left <= 0:
            t.locked_until = self._clock() + self.lock_seconds
            return 0
        return left

    def succeeded(self, card: str) -> None:
        self._tallies.pop(card, None)
