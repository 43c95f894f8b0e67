"""Wrong-PIN counting: 5 wrong PINs lock a card for 15 minutes, and each further 5 within the day for twice
as long as the lock before (30 min, 1 h, ... at most a day).

The tally outlives the lock: the count runs over 24 hours from the card's first wrong PIN, so a lock that
ends gives five more tries, not a fresh start; only the right PIN (or a quiet day) clears it.

Counted per card (not per kiosk session), so pulling the card and trying again does not reset it. With a
``path`` the tallies are kept in a small SQLite file, so switching the kiosk off and on does not give a
locked card five fresh tries either (the clock must then be wall-clock time, which survives a restart).
The clock is injected so tests move time instead of waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.storage import Connection, StorageKey, open_db

_SCHEMA = """CREATE TABLE IF NOT EXISTS pin_lockout (
    card TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until REAL)"""
#: Columns a tally file from before the rolling count lacks (added on open).
_ADDED = (("since", "REAL"), ("locks", "INTEGER NOT NULL DEFAULT 0"))
WINDOW_S = 24 * 3600


@dataclass
class _Tally:
    failures: int = 0
    locked_until: float | None = None
    since: float | None = None
    locks: int = 0


class PinLockout:
    def __init__(self, clock: Callable[[], float], *, max_failures: int = 5, lock_seconds: float = 15 * 60,
                 path: str | Path | None = None, key: StorageKey | None = None, db: Any = None):
        """``path`` + ``key``: a kiosk's tally, encrypted. ``db``: an open connection of the district's own
        store (the gateway's district-wide tally, kept beside its other tables)."""
        self._clock = clock
        self.clock = clock
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self._tallies: dict[str, _Tally] = {}
        self._lock = threading.Lock()
        self._db: Connection | None = db
        if path is not None:
            if key is None:
                raise ValueError("a lockout kept in a file is kept encrypted: give the storage key")
            self._db = open_db(path, key)
        if self._db is not None:
            self._db.executescript(_SCHEMA)
            self._db.row_factory = None
            have = {r[1] for r in self._db.execute("PRAGMA table_info(pin_lockout)")}
            for name, kind in _ADDED:
                if name not in have:
                    self._db.execute(f"ALTER TABLE pin_lockout ADD COLUMN {name} {kind}")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    # --- where tallies live: memory, or the file --------------------------------------------------------
    def _get(self, card: str) -> _Tally | None:
        if self._db is None:
            return self._tallies.get(card)
        row = self._db.execute("SELECT failures, locked_until, since, locks FROM pin_lockout WHERE card = ?",
                               (card,)).fetchone()
        return _Tally(row[0], row[1], row[2], row[3] or 0) if row else None

    def _put(self, card: str, tally: _Tally) -> None:
        if self._db is None:
            self._tallies[card] = tally
        else:
            self._db.execute("INSERT OR REPLACE INTO pin_lockout (card, failures, locked_until, since, locks) "
                             "VALUES (?, ?, ?, ?, ?)", (card, tally.failures, tally.locked_until, tally.since,
                                                        tally.locks))

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
                # The lock has run out: five more tries, the day's count kept (the next lock is longer).
                t.locked_until = None
                self._put(card, t)
                return None
            return t.locked_until

    def seconds_left(self, card: str) -> float:
        until = self.locked_until(card)
        return 0.0 if until is None else until - self._clock()

    def failed(self, card: str) -> int:
        """Count one wrong PIN; returns how many attempts are left before the lock (0 = now locked)."""
        with self._lock:
            now = self._clock()
            t = self._get(card) or _Tally()
            if t.since is None or now - t.since > WINDOW_S:
                t = _Tally(since=now)  # a quiet day forgives
            t.failures += 1
            left = self.max_failures - t.failures % self.max_failures
            if left == self.max_failures:  # another five within the day
                t.locked_until = now + self.lock_for(t.locks)
                t.locks += 1
                left = 0
            self._put(card, t)
            return left

    def lock_for(self, earlier_locks: int) -> float:
        """How long the next lock lasts, after ``earlier_locks`` within the day: doubling, at most a day."""
        return min(self.lock_seconds * 2 ** earlier_locks, WINDOW_S)

    def hold(self, card: str, until: float) -> None:
        """Lock ``card`` until ``until`` at least (a lock the district told this kiosk of): it holds here
        too when the gateway is out of reach later. The count is left as it is."""
        with self._lock:
            t = self._get(card) or _Tally(since=self._clock())
            if t.locked_until is None or t.locked_until < until:
                t.locked_until = until
                self._put(card, t)

    def locked_now(self) -> list[tuple[str, float]]:
        """Every card locked at this moment, with when its lock ends."""
        now = self._clock()
        with self._lock:
            if self._db is None:
                return sorted((c, t.locked_until) for c, t in self._tallies.items()
                              if t.locked_until is not None and t.locked_until > now)
            rows = self._db.execute("SELECT card, locked_until FROM pin_lockout WHERE locked_until > ? "
                                    "ORDER BY card", (now,)).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def failures_today(self, card: str) -> int:
        with self._lock:
            t = self._get(card)
            return 0 if t is None or t.since is None or self._clock() - t.since > WINDOW_S else t.failures

    def succeeded(self, card: str) -> None:
        with self._lock:
            self._drop(card)
