"""Server-side console sessions: the browser holds only a random token; the gateway holds who it is.

The cookie carries 32 random bytes; the table keeps their SHA-256, so someone reading the gateway's disk
cannot take over a session. Each session has its own CSRF token, asked back in every form that changes
anything. A session ends after 30 idle minutes or 10 hours (a working day), whichever comes first, and at
sign-out.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS console_sessions (
    token_sha256 TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    roles TEXT NOT NULL,
    display_name TEXT NOT NULL,
    csrf TEXT NOT NULL,
    via TEXT NOT NULL,
    created REAL NOT NULL,
    seen REAL NOT NULL
);
"""

IDLE_SECONDS = 30 * 60
LONGEST_SECONDS = 10 * 3600


@dataclass(frozen=True)
class StaffSession:
    staff_id: str
    roles: frozenset[str]
    display_name: str
    csrf: str
    via: str  # "password+totp" | "certificate"

    def may(self, role: str) -> bool:
        return role in self.roles


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class SessionStore:
    def __init__(self, path: str | Path, *, clock: Callable[[], float]):
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def open(self, staff_id: str, roles: frozenset[str], display_name: str, via: str) -> tuple[str, StaffSession]:
        """A new session; returns the cookie's token and the session."""
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self._clock()
        with self._lock:
            self._db.execute("INSERT INTO console_sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (_digest(token), staff_id, ",".join(sorted(roles)), display_name, csrf, via, now, now))
        return token, StaffSession(staff_id, roles, display_name, csrf, via)

    def get(self, token: str | None) -> StaffSession | None:
        if not token:
            return None
        now = self._clock()
        key = _digest(token)
        with self._lock:
            self._db.execute("DELETE FROM console_sessions WHERE seen < ? OR created < ?",
                             (now - IDLE_SECONDS, now - LONGEST_SECONDS))
            row = self._db.execute("SELECT staff_id, roles, display_name, csrf, via FROM console_sessions "
                                   "WHERE token_sha256 = ?", (key,)).fetchone()
            if row is None:
                return None
            self._db.execute("UPDATE console_sessions SET seen = ? WHERE token_sha256 = ?", (now, key))
        staff_id, roles, name, csrf, via = row
        return StaffSession(staff_id, frozenset(r for r in roles.split(",") if r), name, csrf, via)

    def close_session(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._db.execute("DELETE FROM console_sessions WHERE token_sha256 = ?", (_digest(token),))

    def end_all_for(self, staff_id: str) -> int:
        """A disabled member of staff is signed out everywhere at once."""
        with self._lock:
            return self._db.execute("DELETE FROM console_sessions WHERE staff_id = ?", (staff_id,)).rowcount
