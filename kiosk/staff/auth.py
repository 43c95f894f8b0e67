"""Staff login: the member's own ID card plus a PIN, checked against the synced registry.

Wrong PINs are counted on the kiosk and, when the gateway is reachable, for the whole district
(:mod:`kiosk.staff.district_lock`): the kiosk asks the district whether the card is locked before it checks
the PIN, so a card locked at one kiosk is locked at all of them. Offline, the kiosk's own tally decides.

Every outcome is audited under the staff id (never the PIN, never the card number in clear).
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.identity.card import IdCard
from kiosk.ports import AuditSink
from kiosk.staff.district_lock import DistrictLock
from kiosk.staff.errors import BadPin, Locked, NotStaff
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import Role, StaffMember, StaffRegistry


class StaffAuthenticator:
    def __init__(self, registry: Callable[[], StaffRegistry], lockout: PinLockout, audit: AuditSink,
                 district: DistrictLock | None = None, clock: Callable[[], float] | None = None):
        # The registry is fetched per login: a sync may have replaced it since the kiosk started.
        self._registry = registry
        self._lockout = lockout
        self._audit = audit
        self._district = district
        self._clock = clock or lockout.clock

    def close(self) -> None:
        self._lockout.close()
        close = getattr(self._district, "close", None)
        if close is not None:
            close()

    def login(self, card: IdCard, pin: str, *, role: Role = "agent") -> StaffMember:
        registry = self._registry()
        key = registry.card_key(card.id_number)
        district = self._district.state(key) if self._district is not None else None
        if district is not None and district.locked:
            # Held here too: should the link drop now, this kiosk still knows.
            self._lockout.hold(key, self._clock() + district.seconds_left)
            self._audit.append("staff.login_refused", {"reason": "locked", "where": "district"},
                               actor="staff:unknown")
            raise Locked("too many wrong PINs in the district; this card is locked for a while",
                         detail={"seconds_left": round(district.seconds_left, 1), "district": True})
        until = self._lockout.locked_until(key)
        if until is not None:
            self._audit.append("staff.login_refused", {"reason": "locked"}, actor="staff:unknown")
            raise Locked("too many wrong PINs; this card is locked for a while",
                         detail={"seconds_left": round(self._lockout.seconds_left(key), 1)})
        member = registry.by_id_number(card.id_number)
        if member is None or not member.has_role(role):
            self._audit.append("staff.login_refused", {"reason": "not staff", "role": role}, actor="staff:unknown")
            raise NotStaff(f"this card is not registered as {role} staff", detail={"role": role})
        if not registry.check_pin(member, pin):
            left = self._lockout.failed(key)
            # Reported only when the gateway answered the question before: one wait for an absent link, not two.
            counted = None
            if self._district is not None:
                counted = self._district.failed(key) if district is not None else None
                if counted is None:
                    self._district.missed(key)  # counted for the district with the next push
            if counted is not None:
                if counted.locked:
                    self._lockout.hold(key, self._clock() + counted.seconds_left)
                    left = 0
                else:
                    left = min(left, counted.attempts_left)
            actor = f"staff:{member.staff_id}"
            if left == 0:
                seconds = round(self._lockout.seconds_left(key), 1)
                self._audit.append("staff.locked", {"minutes": round(seconds / 60, 1)}, actor=actor)
                raise Locked(f"too many wrong PINs; this card is locked for {round(seconds / 60)} minutes",
                             detail={"seconds_left": seconds})
            self._audit.append("staff.bad_pin", {"attempts_left": left}, actor=actor)
            raise BadPin("wrong PIN", detail={"attempts_left": left})
        self._lockout.succeeded(key)
        if self._district is not None and district is not None:
            self._district.cleared(key)
        self._audit.append("staff.login", {"role": role}, actor=f"staff:{member.staff_id}")
        return member
