"""The console's sign-in credentials, kept by the gateway beside its database (never synced to kiosks).

One row per member of staff: the Argon2id password hash, the TOTP secret, the last TOTP step accepted
(against replay) and the wrong-attempt tally. Five wrong attempts (password or code) lock the account for
15 minutes; the tally is per account, so a new browser or a new session does not reset it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.staff import console_credentials as cred

_SCHEMA = """
CREATE TABLE IF NOT EXISTS console_accounts (
    staff_id TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    totp_secret TEXT NOT NULL,
    last_step INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL
);
"""

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


@dataclass(frozen=True)
class NewCredential:
    """What a member of staff is told once: the password and the authenticator's secret."""

    staff_id: str
    password: str
    totp_secret: str
    uri: str


@dataclass(frozen=True)
class SignInCheck:
    ok: bool
    reason: str = ""          # "" | "unknown" | "locked" | "password" | "code"
    attempts_left: int = MAX_FAILURES
    seconds_locked: float = 0.0


class ConsoleAccounts:
    def __init__(self, path: str | Path, *, clock: Callable[[], float], issuer: str = "District archive console"):
        self._clock = clock
        self.issuer = issuer
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.executescript(_SCHEMA)
        # Checked against for an unknown id, so it takes as long as a known one (made at the first need: a
        # gateway that never sees a sign-in, the demo's, spends nothing on it).
        self._dummy_hash: str | None = None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def issue(self, staff_id: str) -> NewCredential:
        """A fresh password and TOTP secret for ``staff_id`` (replacing any earlier one, and its lock)."""
        password, secret = cred.new_password(), cred.new_totp_secret()
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO console_accounts (staff_id, password_hash, totp_secret, "
                             "last_step, failures, locked_until) VALUES (?, ?, ?, NULL, 0, NULL)",
                             (staff_id, cred.hash_password(password), secret))
        return NewCredential(staff_id, password, secret, cred.provisioning_uri(secret, staff_id, self.issuer))

    def has(self, staff_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM console_accounts WHERE staff_id = ?",
                                    (staff_id,)).fetchone() is not None

    def remove(self, staff_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM console_accounts WHERE staff_id = ?", (staff_id,))

    def check(self, staff_id: str, password: str, code: str) -> SignInCheck:
        """Password and code together; a wrong one of either counts one failure against the account."""
        with self._lock:
            row = self._db.execute("SELECT password_hash, totp_secret, last_step, failures, locked_until "
                                   "FROM console_accounts WHERE staff_id = ?", (staff_id,)).fetchone()
        if row is None:
            # Spend the time a real check takes, so an unknown id is not told apart by the clock.
            self._dummy_hash = self._dummy_hash or cred.hash_password(cred.new_password())
            cred.verify_password(password, self._dummy_hash)
            return SignInCheck(False, "unknown")
        pw_hash, secret, last_step, failures, locked_until = row
        now = self._clock()
        if locked_until is not None and now < locked_until:
            return SignInCheck(False, "locked", 0, locked_until - now)
        if locked_until is not None:  # the lock has run out: a fresh set of attempts
            failures = 0
        if not cred.verify_password(password, pw_hash):
            return self._failed(staff_id, failures, "password")
        step = cred.totp_step(secret, code, at=now, last_step=last_step)
        if step is None:
            return self._failed(staff_id, failures, "code")
        with self._lock:
            self._db.execute("UPDATE console_accounts SET last_step = ?, failures = 0, locked_until = NULL "
                             "WHERE staff_id = ?", (step, staff_id))
        return SignInCheck(True)

    def _failed(self, staff_id: str, failures: int, reason: str) -> SignInCheck:
        failures += 1
        left = max(MAX_FAILURES - failures, 0)
        until = self._clock() + LOCK_SECONDS if left == 0 else None
        with self._lock:
            self._db.execute("UPDATE console_accounts SET failures = ?, locked_until = ? WHERE staff_id = ?",
                             (failures, until, staff_id))
        if until is not None:
            return SignInCheck(False, "locked", 0, LOCK_SECONDS)
        return SignInCheck(False, reason, left)

    def locked(self) -> list[str]:
        """Accounts locked now (the fleet page lists them among the alerts)."""
        with self._lock:
            rows = self._db.execute("SELECT staff_id FROM console_accounts WHERE locked_until > ?",
                                    (self._clock(),)).fetchall()
        return [r[0] for r in rows]

