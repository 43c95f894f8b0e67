"""Staff login: the member's own ID card plus a PIN, checked against the synced registry.

Every outcome is audited under the staff id (never the PIN, never the card number in clear).
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.identity.card import IdCard
from kiosk.ports import AuditSink
from kiosk.staff.errors import BadPin, Locked, NotStaff
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import Role, StaffMember, StaffRegistry


class StaffAuthenticator:
    def __init__(self, registry: Callable[[], StaffRegistry], lockout: PinLockout, audit: AuditSink):
        # The registry is fetched per login: a sync may have replaced it since the kiosk started.
        self._registry = registry
        self._lockout = lockout
        self._audit = audit

    def close(self) -> None:
        self._lockout.close()

    def login(self, card: IdCard, pin: str, *, role: Role = "agent") -> StaffMember:
        registry = self._registry()
        key = registry.card_key(card.id_number)
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
            actor = f"staff:{member.staff_id}"
            if left == 0:
                seconds = round(self._lockout.seconds_left(key), 1)
                self._audit.append("staff.locked", {"minutes": round(seconds / 60, 1)}, actor=actor)
                raise Locked(f"too many wrong PINs; this card is locked for {round(seconds / 60)} minutes",
                             detail={"seconds_left": seconds})
            self._audit.append("staff.bad_pin", {"attempts_left": left}, actor=actor)
            raise BadPin("wrong PIN", detail={"attempts_left": left})
        self._lockout.succeeded(key)
        self._audit.append("staff.login", {"role": role}, actor=f"staff:{member.staff_id}")
        return member
