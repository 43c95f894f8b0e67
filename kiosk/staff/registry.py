"""The staff registry, distributed by sync as documents of kind ``staff`` (one per member of staff).

A document body looks like::

    {"staff_id": "A-007", "card_hmac": "hmac-sha256:<HMAC of the ID number>", "display_name": "王*",
     "roles": ["agent"], "pin_hash": "$argon2id$v=19$m=65536,t=3,p=1$...", "archive_code": "330106",
     "active": true}

The card and the PIN are keyed by the district's pepper (:mod:`kiosk.staff.pins`), which the feed never
carries: the registry names nobody to whoever copies it. Documents of the older format (``card_sha256``, a
plain hash) are not used: the district migrates them (:mod:`kiosk.staff.district`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.staff.pins import CARD_PREFIX, Pepper

Role = str  # "agent" | "technician"


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    card_hmac: str
    roles: frozenset[Role]
    pin_hash: str
    display_name: str = ""
    archive_code: str = ""
    active: bool = True
    #: Set on the demo district's members only: a kiosk outside demo mode refuses to start with them.
    demo: bool = False

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def __repr__(self) -> str:  # never show the PIN hash in a log line or a traceback
        return f"StaffMember({self.staff_id}, roles={sorted(self.roles)})"

    @classmethod
    def from_document(cls, body: Mapping[str, Any]) -> StaffMember:
        card = str(body["card_hmac"])
        if not card.startswith(CARD_PREFIX):
            raise ValueError("not a keyed card")
        return cls(staff_id=str(body["staff_id"]), card_hmac=card, roles=frozenset(body.get("roles", ())),
                   pin_hash=str(body["pin_hash"]), display_name=str(body.get("display_name", "")),
                   archive_code=str(body.get("archive_code", "")), active=bool(body.get("active", True)),
                   demo=bool(body.get("demo", False)))

    def to_document(self) -> dict[str, Any]:
        doc = {"staff_id": self.staff_id, "card_hmac": self.card_hmac, "roles": sorted(self.roles),
               "pin_hash": self.pin_hash, "display_name": self.display_name, "archive_code": self.archive_code,
               "active": self.active}
        if self.demo:
            doc["demo"] = True
        return doc


class StaffRegistry:
    def __init__(self, members: Iterable[StaffMember], pepper: Pepper):
        self._pepper = pepper
        self._by_card = {m.card_hmac: m for m in members if m.active}

    @classmethod
    def from_documents(cls, bodies: Iterable[Mapping[str, Any] | str | bytes], pepper: Pepper) -> StaffRegistry:
        """Build from synced document bodies (mappings or their JSON text). Malformed or old-format entries
        are skipped: one bad row from the district must not lock every agent out."""
        members = []
        for body in bodies:
            try:
                data = json.loads(body) if isinstance(body, (str, bytes)) else body
                members.append(StaffMember.from_document(data))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return cls(members, pepper)

    def card_key(self, id_number: str) -> str:
        return self._pepper.card_key(id_number)

    def by_id_number(self, id_number: str) -> StaffMember | None:
        return self._by_card.get(self.card_key(id_number))

    def check_pin(self, member: StaffMember, pin: str) -> bool:
        return self._pepper.verify_pin(pin, member.pin_hash)

    def has_demo_members(self) -> bool:
        return any(m.demo for m in self._by_card.values())

    def __len__(self) -> int:
        return len(self._by_card)
