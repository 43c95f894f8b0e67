"""The district's side of the staff registry: enrol, reset a PIN, disable, list, and migrate old entries.

The registry lives in the district's feed store as documents of kind ``staff``; every kiosk syncs it.
This is the one place that writes it (the command line today, the district console's pages tomorrow).
The ID number and the PIN pass through here once, are keyed with the district pepper and forgotten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import DataError
from kiosk.identity.idnumber import is_valid
from kiosk.staff.pins import Pepper, pin_hash_parameters
from kiosk.staff.registry import StaffMember

KIND = "staff"
ROLES = frozenset({"agent", "technician"})
PIN_DIGITS = (6, 12)


class DocumentStore(Protocol):
    def put_document(self, kind: str, key: str, body: Any) -> None: ...

    def get(self, kind: str, key: str) -> Any | None: ...

    def keys(self, kind: str, limit: int, offset: int = 0) -> list[str]: ...


class StaffRegistryError(DataError):
    code = "STAFF_REGISTRY"


@dataclass(frozen=True)
class Enrolled:
    staff_id: str
    roles: list[str]
    active: bool
    display_name: str
    archive_code: str
    pin_hash: dict[str, int | str]
    card: str  # "keyed" for the current format, "plain hash" for an entry still to migrate

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _check_pin(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]):
        raise StaffRegistryError(f"a PIN is {PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits")


def _check_roles(roles: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(roles)
    if not chosen or not chosen <= ROLES:
        raise StaffRegistryError(f"roles are one or more of {', '.join(sorted(ROLES))}")
    return chosen


class DistrictRegistry:
    def __init__(self, store: DocumentStore, pepper: Pepper):
        self._store = store
        self._pepper = pepper

    def _body(self, staff_id: str) -> dict[str, Any]:
        body = self._store.get(KIND, staff_id)
        if not body:
            raise StaffRegistryError(f"no staff member {staff_id}", detail={"staff_id": staff_id})
        return dict(body)

    def enrol(self, staff_id: str, id_number: str, pin: str, roles: Iterable[str], *, display_name: str = "",
              archive_code: str = "") -> StaffMember:
        if not is_valid(id_number):
            raise StaffRegistryError("not a valid ID number (18 characters, check character, birth date)")
        _check_pin(pin)
        key = self._pepper.card_key(id_number)
        for other in self._bodies():
            if other.get("card_hmac") == key and other["staff_id"] != staff_id and other.get("active", True):
                raise StaffRegistryError("this card is already enrolled under another staff id",
                                         detail={"staff_id": other["staff_id"]})
        member = StaffMember(staff_id, key, _check_roles(roles), self._pepper.hash_pin(pin),
                             display_name=display_name, archive_code=archive_code)
        self._store.put_document(KIND, staff_id, member.to_document())
        return member

    def reset_pin(self, staff_id: str, pin: str) -> None:
        _check_pin(pin)
        body = self._body(staff_id)
        body["pin_hash"] = self._pepper.hash_pin(pin)
        self._store.put_document(KIND, staff_id, body)

    def disable(self, staff_id: str) -> None:
        body = self._body(staff_id)
        body["active"] = False
        self._store.put_document(KIND, staff_id, body)

    def list(self) -> list[Enrolled]:
        out = []
        for body in self._bodies():
            keyed = str(body.get("card_hmac", "")).startswith("hmac-sha256:")
            try:
                params = pin_hash_parameters(str(body.get("pin_hash", "")))
            except Exception:  # noqa: BLE001 - an old scrypt hash has no Argon2 parameters to show
                params = {"type": str(body.get("pin_hash", "")).split("$", 1)[0] or "none"}
            out.append(Enrolled(str(body["staff_id"]), sorted(body.get("roles", [])), bool(body.get("active", True)),
                                str(body.get("display_name", "")), str(body.get("archive_code", "")), params,
                                "keyed" if keyed else "plain hash"))
        return sorted(out, key=lambda e: e.staff_id)

    def migrate(self, id_numbers: Mapping[str, str]) -> dict[str, list[str]]:
        """Bring entries of the old format (``card_sha256``, ``scrypt$`` PINs) to the keyed one.

        The district knows its staff's ID numbers (``staff_id`` → ID number, from its own records); each is
        checked against the old plain hash before it is keyed, so a wrong list changes nothing. The PIN hash
        is wrapped (:meth:`Pepper.wrap_legacy`): members keep their PINs.
        """
        done: dict[str, list[str]] = {"migrated": [], "already": [], "missing_id_number": []}
        for body in self._bodies():
            staff_id = str(body["staff_id"])
            if "card_hmac" in body:
                done["already"].append(staff_id)
                continue
            id_number = id_numbers.get(staff_id)
            if id_number is None:
                done["missing_id_number"].append(staff_id)
                continue
            plain = hashlib.sha256(id_number.strip().upper().encode("ascii", "replace")).hexdigest()
            if plain != body.get("card_sha256"):
                raise StaffRegistryError(f"the ID number given for {staff_id} is not the one enrolled",
                                         detail={"staff_id": staff_id})
            new = {k: v for k, v in body.items() if k != "card_sha256"}
            new["card_hmac"] = self._pepper.card_key(id_number)
            pin_hash = str(body.get("pin_hash", ""))
            new["pin_hash"] = self._pepper.wrap_legacy(pin_hash) if pin_hash.startswith("scrypt$") else pin_hash
            self._store.put_document(KIND, staff_id, new)
            done["migrated"].append(staff_id)
        return done

    def _bodies(self) -> list[dict[str, Any]]:
        out, offset = [], 0
        while True:
            keys = self._store.keys(KIND, 500, offset)
            for key in keys:
                body = self._store.get(KIND, key)
                if body:
                    out.append(dict(body))
            if len(keys) < 500:
                return out
            offset += 500
