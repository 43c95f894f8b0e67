"""Wrong staff PINs counted for the whole district: a card locked at one kiosk is locked at every kiosk.

Kiosks of the district (role kiosk, over their mutual-TLS link) ask a card's state before they check a
PIN, report each wrong PIN, and clear the tally after a right one. The gateway keeps one tally per card
under the same rule as a kiosk's own (:class:`kiosk.staff.lockout.PinLockout`: five wrong PINs lock for 15
minutes, each further five within the day twice as long). A card is named only by its keyed hash
(``hmac-sha256:...`` under the district's pepper, as the staff registry names it): an ID number is refused,
never stored. A lock raises the fleet alert ``STAFF_LOCKED`` on the kiosk where it happened.

A district officer (role staff) may clear a card's tally too, once they have spoken to its holder.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from kiosk.gateway.app_parts import close_at_shutdown, installed_part
from kiosk.gateway.roles import allow
from kiosk.staff.district_lock import OFFLINE_KIND
from kiosk.staff.lockout import PinLockout
from kiosk.staff.pins import CARD_PREFIX
from kiosk.tls.identity import Caller, Role

router = APIRouter(prefix="/staff", tags=["staff"])
CARD_PATTERN = "^" + CARD_PREFIX + "[0-9a-f]{64}$"
STAFF_KIND = "staff"

_REPORTS = """CREATE TABLE IF NOT EXISTS district_pin_reports (
    card TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, at REAL NOT NULL)"""


class CardBody(BaseModel):
    card: str = Field(pattern=CARD_PATTERN, max_length=len(CARD_PREFIX) + 64)


class DistrictLockout:
    """The district's tally, in the gateway's own SQLite file (or in memory beside a PostgreSQL store)."""

    def __init__(self, path: str, *, clock: Callable[[], float] = time.time,
                 staff_of: Callable[[str], str | None] = lambda _card: None):
        self._clock = clock
        self._staff_of = staff_of
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute(_REPORTS)
        self.tally = PinLockout(clock, db=self._db)

    def close(self) -> None:
        self._db.close()

    def now(self) -> float:
        return self._clock()

    def state(self, card: str) -> dict[str, Any]:
        until = self.tally.locked_until(card)
        failures = self.tally.failures_today(card)
        return {"locked": until is not None, "seconds_left": round(max((until or 0) - self._clock(), 0.0), 1),
                "failures_today": failures,
                "attempts_left": 0 if until is not None else
                self.tally.max_failures - failures % self.tally.max_failures}

    def failed(self, card: str, kiosk_id: str) -> dict[str, Any]:
        with self._lock:
            self.tally.failed(card)
            self._db.execute("INSERT OR REPLACE INTO district_pin_reports (card, kiosk_id, at) VALUES (?, ?, ?)",
                             (card, kiosk_id, self._clock()))
        return self.state(card)

    def clear(self, card: str) -> dict[str, Any]:
        with self._lock:
            self.tally.succeeded(card)
            self._db.execute("DELETE FROM district_pin_reports WHERE card = ?", (card,))
        return self.state(card)

    def alerts(self) -> dict[str, list[dict[str, str]]]:
        """``STAFF_LOCKED`` on the kiosk where each locked card's last wrong PIN was typed."""
        raised: dict[str, list[dict[str, str]]] = {}
        for card, until in self.tally.locked_now():
            with self._lock:
                row = self._db.execute("SELECT kiosk_id FROM district_pin_reports WHERE card = ?", (card,)).fetchone()
            if row is None:
                continue
            who = self._staff_of(card) or "unknown card"
            ends = time.strftime("%H:%M", time.localtime(until))
            raised.setdefault(row[0], []).append({
                "code": "STAFF_LOCKED", "device": "staff",
                "message": f"{who}: too many wrong PINs, card locked at every kiosk until {ends}"})
        return raised


#: A wrong PIN queued offline older than this is not counted any more (the tally's rolling day).
_LATE_S = 24 * 3600


def intake_handlers(lockout: DistrictLockout) -> dict[str, Callable[[Any], Any]]:
    """Wrong PINs typed while the gateway was out of reach, pushed later through the kiosk's outbox (the
    outbox checks the payload's ``kiosk_id`` is the pushing kiosk's own)."""

    def missed(payload: Any) -> dict[str, Any]:
        try:
            card, kiosk_id = CardBody(card=payload["card"]).card, str(payload["kiosk_id"])
            at = dt.datetime.fromisoformat(str(payload["at"]))
        except (KeyError, TypeError, ValueError):
            return {"counted": False, "reason": "malformed"}
        age = lockout.now() - at.timestamp()
        if not kiosk_id or not -300 <= age <= _LATE_S:
            return {"counted": False, "reason": "outside the day"}
        return {"counted": True, **lockout.failed(card, kiosk_id)}

    return {OFFLINE_KIND: missed}


def _staff_lookup(store: Any) -> Callable[[str], str | None]:
    """The staff id the registry gives a card (for the alert; never the ID number, which nobody here has)."""

    def staff_of(card: str) -> str | None:
        for key in store.keys(STAFF_KIND, 5000):
            body = store.get(STAFF_KIND, key)
            if isinstance(body, dict) and body.get("card_hmac") == card:
                return str(body.get("staff_id", key))
        return None

    return staff_of


def install(app: Any, store: Any = None, **context: Any) -> DistrictLockout:
    path = getattr(store, "path", None)
    # Beside a PostgreSQL store the tally is in memory: a restarted gateway forgets it, the kiosks' own
    # tallies (kept on their disks) do not.
    lockout = DistrictLockout(str(path) if isinstance(path, str) and path else ":memory:",
                              clock=context.get("staff_lock_clock") or time.time,
                              staff_of=_staff_lookup(store) if store is not None else lambda _c: None)
    app.state.staff_lockout = lockout
    board = getattr(app.state, "health_board", None)
    if board is not None:
        board.add_alert_source(lockout.alerts)
    close_at_shutdown(app, lockout.close)
    return lockout


def _lockout(request: Request) -> DistrictLockout:
    return installed_part(request, "staff_lockout", "STAFF_LOCKOUT_OFF", "no district PIN tally here")


@router.post("/lock-state", dependencies=[allow(Role.KIOSK)])
def lock_state(request: Request, body: CardBody) -> dict[str, Any]:
    """Asked by a kiosk before it checks a PIN."""
    return _lockout(request).state(body.card)


@router.post("/pin-failures")
def pin_failure(request: Request, body: CardBody, kiosk: Caller = allow(Role.KIOSK)) -> dict[str, Any]:
    """One wrong PIN at the calling kiosk; the answer is the card's state after it."""
    return _lockout(request).failed(body.card, kiosk.name)


@router.post("/pin-cleared")
def pin_cleared(request: Request, body: CardBody, caller: Caller = allow(Role.KIOSK, Role.STAFF)) -> dict[str, Any]:
    """The right PIN at a kiosk, or an officer. A kiosk asks the state before it checks a PIN, so it never
    clears a locked card: one that tries is refused (only an officer lifts a district lock early)."""
    lockout = _lockout(request)
    if caller.role is Role.KIOSK and lockout.state(body.card)["locked"]:
        raise HTTPException(409, detail={"code": "STAFF_CARD_LOCKED",
                                         "message": "this card is locked; a kiosk cannot lift the lock"})
    return lockout.clear(body.card)
