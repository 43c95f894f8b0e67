"""Wrong-PIN counting: 5 wrong PINs lock a card for 15 minutes.

Counted per card (not per kiosk session), so pulling the card and trying again does not reset it. With a
``path`` the tallies are kept in a small SQLite file, so switching the kiosk off and on does not give a
locked card five fresh tries either (the clock must then be wall-clock time, which survives a restart).
The clock is injected so tests move time instead of waiting.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """CREATE TABLE IF NOT EXISTS pin_lockout (
    card TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until REAL)"""


@dataclass
class _Tally:
    failures: int = 0
    locked_until: float | None = None


class PinLockout:
    def __init__(self, clock: Callable[[], float], *, max_failures: int = 5, lock_seconds: float = 15 * 60,
                 path: str | Path | None = None):
        self._clock = clock
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self._tallies: dict[str, _Tally] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute(_SCHEMA)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    # --- where tallies live: memory, or the file --------------------------------------------------------
    def _get(self, card: str) -> _Tally | None:
        if self._db is None:
            return self._tallies.get(card)
        row = self._db.execute("SELECT failures, locked_until FROM pin_lockout WHERE card = ?", (card,)).fetchone()
        return _Tally(row[0], row[1]) if row else None

    def _put(self, card: str, tally: _Tally) -> None:
        if self._db is None:
            self._tallies[card] = tally
        else:
            self._db.execute("INSERT OR REPLACE INTO pin_lockout (card, failures, locked_until) VALUES (?, ?, ?)",
                             (card, tally.failures, tally.locked_until))

    def _drop(self, card: str) -> None:
        if self._db is None:
            self._tallies.pop(card, None)
        else:
            self._db.execute("DELETE FROM pin_lockout WHERE card = ?", (card,))

    # --- the rules --------------------------------------------------------------------------------------
    def locked_until(self, card: str) -> float | None:
        """When the lock on ``card`` ends (clock seconds), or None if it may try now."""
        with self._lock:
            t = self._get(card)
            if t is None or t.locked_until is None:
                return None
            if self._clock() >= t.locked_until:
                # The lock has run out: a fresh set of attempts, as if nothing had happened.
                self._drop(card)
                return None
            return t.locked_until

    def seconds_left(self, card: str) -> float:
        until = self.locked_until(card)
        return 0.0 if until is None else until - self._clock()

    def failed(self, card: str) -> int:
        """Count one wrong PIN; returns how many attempts are left before the lock (0 = now locked)."""
        with self._lock:
            t = self._get(card) or _Tally()
            t.failures += 1
            left = self.max_failures - t.failures
            if left <= 0:
                t.locked_until = self._clock() + self.lock_seconds
            self._put(card, t)
            return max(left, 0)

    def succeeded(self, card: str) -> None:
        with self._lock:
            self._drop(card)
