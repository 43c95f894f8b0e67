"""The staff registry, distributed by sync as documents of kind ``staff`` (one per member of staff).

A document body looks like::

    {"staff_id": "A-007", "card_sha256": "<sha256 of the ID number>", "display_name": "王*",
     "roles": ["agent"], "pin_hash": "scrypt$...", "archive_code": "330106", "active": true}

The registry names a member's card by the SHA-256 of its ID number, so the registry itself never carries
staff ID numbers in clear.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Role = str  # "agent" | "technician"


def card_key(id_number: str) -> str:
    return hashlib.sha256(id_number.strip().upper().encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    card_sha256: str
    roles: frozenset[Role]
    pin_hash: str
    display_name: str = ""
    archive_code: str = ""
    active: bool = True

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def __repr__(self) -> str:  # never show the PIN hash in a log line or a traceback
        return f"StaffMember({self.staff_id}, roles={sorted(self.roles)})"

    @classmethod
    def from_document(cls, body: Mapping[str, Any]) -> StaffMember:
        return cls(staff_id=str(body["staff_id"]), card_sha256=str(body["card_sha256"]),
                   roles=frozenset(body.get("roles", ())), pin_hash=str(body["pin_hash"]),
                   display_name=str(body.get("display_name", "")), archive_code=str(body.get("archive_code", "")),
                   active=bool(body.get("active", True)))

    def to_document(self) -> dict[str, Any]:
        return {"staff_id": self.staff_id, "card_sha256": self.card_sha256, "roles": sorted(self.roles),
                "pin_hash": self.pin_hash, "display_name": self.display_name, "archive_code": self.archive_code,
                "active": self.active}


class StaffRegistry:
    def __init__(self, members: Iterable[StaffMember] = ()):
        self._by_card = {m.card_sha256: m for m in members if m.active}

    @classmethod
    def from_documents(cls, bodies: Iterable[Mapping[str, Any] | str | bytes]) -> StaffRegistry:
        """Build from synced document bodies (mappings or their JSON text). Malformed entries are skipped:
        one bad row from the district must not lock every agent out."""
        members = []
        for body in bodies:
            try:
                data = json.loads(body) if isinstance(body, (str, bytes)) else body
                members.append(StaffMember.from_document(data))
            except (KeyError, TypeError, ValueError):
                continue
        return cls(members)

    def by_id_number(self, id_number: str) -> StaffMember | None:
        return self._by_card.get(card_key(id_number))

    def __len__(self) -> int:
        return len(self._by_card)
