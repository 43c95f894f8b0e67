"""The district's staff registry as the gateway publishes it: documents of kind ``staff`` in the change
feed, which every kiosk syncs (agents and technicians sign in there with card + PIN).

Enrolling, resetting a PIN or disabling a member writes the document again; kiosks get the change at their
next sync. A PIN is made here, shown once to the manager, and only its hash is published. The console
roles (archivist, technician, manager) travel in the same document as the kiosk roles (agent, technician).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from kiosk.errors import UsageError
from kiosk.gateway.store import GatewayStore
from kiosk.staff.pins import Pepper
from kiosk.staff.registry import StaffMember

KIND = "staff"
ROLES: dict[str, tuple[str, str]] = {
    "archivist": ("档案员", "Archivist"),
    "technician": ("技术员", "Technician"),
    "manager": ("管理员", "Manager"),
    "agent": ("代办员", "Agent"),
}
CONSOLE_ROLES = ("archivist", "technician", "manager")
_STAFF_ID = re.compile(r"^[A-Za-z0-9-]{1,20}$")
PIN_DIGITS = 6


@dataclass(frozen=True)
class NewPin:
    staff_id: str
    pin: str


def new_pin() -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(PIN_DIGITS))


class StaffDirectory:
    def __init__(self, store: GatewayStore, archive_code: str, pepper: Pepper):
        self.store = store
        self.archive_code = archive_code
        # The district's pepper keys cards and PINs (kiosk/staff/pins.py); the feed never carries it.
        self.pepper = pepper

    def members(self) -> list[StaffMember]:
        found = []
        for key in self.store.keys(KIND, 10_000):
            body = self.store.get(KIND, key)
            if body is not None:
                try:
                    found.append(StaffMember.from_document(body))
                except (KeyError, TypeError, ValueError):
                    continue  # an entry of the old format, to migrate (kiosk staff migrate)
        return found

    def get(self, staff_id: str) -> StaffMember | None:
        body = self.store.get(KIND, staff_id)
        try:
            return StaffMember.from_document(body) if body else None
        except (KeyError, TypeError, ValueError):
            return None

    def enrol(self, staff_id: str, display_name: str, id_number: str, roles: list[str]) -> NewPin:
        staff_id = staff_id.strip()
        if not _STAFF_ID.match(staff_id):
            raise UsageError("a staff id is 1 to 20 letters, digits or dashes", code="STAFF_BAD_ID")
        if self.get(staff_id) is not None:
            raise UsageError(f"staff id {staff_id} is taken", code="STAFF_EXISTS")
        unknown = [r for r in roles if r not in ROLES]
        if not roles or unknown:
            raise UsageError("choose at least one role", code="STAFF_BAD_ROLE", detail={"roles": unknown})
        if not re.fullmatch(r"\d{17}[\dXx]", id_number.strip()):
            raise UsageError("an ID number has 18 characters", code="STAFF_BAD_ID_NUMBER")
        pin = new_pin()
        member = StaffMember(staff_id, self.pepper.card_key(id_number), frozenset(roles), self.pepper.hash_pin(pin),
                             display_name.strip(), self.archive_code, True)
        self._publish(member)
        return NewPin(staff_id, pin)

    def reset_pin(self, staff_id: str) -> NewPin:
        member = self._existing(staff_id)
        pin = new_pin()
        self._publish(_replace(member, pin_hash=self.pepper.hash_pin(pin)))
        return NewPin(staff_id, pin)

    def set_active(self, staff_id: str, active: bool) -> StaffMember:
        member = _replace(self._existing(staff_id), active=active)
        self._publish(member)
        return member

    def _existing(self, staff_id: str) -> StaffMember:
        member = self.get(staff_id)
        if member is None:
            raise UsageError(f"no staff member {staff_id}", code="STAFF_UNKNOWN")
        return member

    def _publish(self, member: StaffMember) -> None:
        self.store.put_document(KIND, member.staff_id, member.to_document())


def _replace(member: StaffMember, **changes: Any) -> StaffMember:
    import dataclasses

    return dataclasses.replace(member, **changes)
