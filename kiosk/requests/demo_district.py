"""The demo district's published documents (``assets/demo/district.toml``): staff and the archive
directory, put into a demo kiosk's cache as sync would bring them.

Only kinds the cache does not hold yet are written: a kiosk that has synced a real registry or directory
keeps it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Protocol

from kiosk.errors import ConfigError
from kiosk.staff.pins import Pepper

#: (section in the file, document kind in the cache, the field that keys a document)
KINDS = (("staff", "staff", "staff_id"), ("archive", "archive", "code"))


class DocumentCache(Protocol):
    def documents(self, kind: str) -> dict[str, Any]: ...

    def put_document(self, kind: str, key: str, body: Any, seq: int = 0) -> None: ...


def put_demo_district(cache: DocumentCache, path: Path, pepper: Pepper) -> dict[str, int]:
    """Write the file's documents of each kind the cache lacks (for staff: lacks in the keyed format);
    returns how many of each were written. Staff are keyed with the demo district's ``pepper``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: not a readable demo district file: {e}", detail={"file": str(path)}) from None
    written: dict[str, int] = {}
    for section, kind, key_field in KINDS:
        held = cache.documents(kind)
        if held if kind != "staff" else any("card_hmac" in b for b in held.values() if isinstance(b, dict)):
            continue
        entries = data.get(section, [])
        for body in entries:
            if key_field not in body:
                raise ConfigError(f"{path}: a [[{section}]] entry lacks {key_field}", detail={"file": str(path)})
            doc = _demo_member(dict(body), path, pepper) if kind == "staff" else dict(body)
            cache.put_document(kind, str(body[key_field]), doc)
        written[kind] = len(entries)
    return written


def _demo_member(body: dict[str, Any], path: Path, pepper: Pepper) -> dict[str, Any]:
    """A demo staff entry keyed as the district keys its registry: the card's ID number under the pepper,
    the old PIN hash wrapped with Argon2id, and marked demo."""
    card_file = path.parent / "cards" / f"{body.pop('card', '')}.toml"
    try:
        id_number = str(tomllib.loads(card_file.read_text(encoding="utf-8"))["id_number"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: staff {body.get('staff_id')} names no readable demo card: {e}",
                          detail={"file": str(path)}) from None
    body["card_hmac"] = pepper.card_key(id_number)
    body["pin_hash"] = pepper.wrap_legacy(str(body["pin_hash"]))
    body["demo"] = True
    return body
