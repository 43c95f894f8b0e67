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

#: (section in the file, document kind in the cache, the field that keys a document)
KINDS = (("staff", "staff", "staff_id"), ("archive", "archive", "code"))


class DocumentCache(Protocol):
    def documents(self, kind: str) -> dict[str, Any]: ...

    def put_document(self, kind: str, key: str, body: Any, seq: int = 0) -> None: ...


def put_demo_district(cache: DocumentCache, path: Path) -> dict[str, int]:
    """Write the file's documents of each kind the cache lacks; returns how many of each were written."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: not a readable demo district file: {e}", detail={"file": str(path)}) from None
    written: dict[str, int] = {}
    for section, kind, key_field in KINDS:
        if cache.documents(kind):
            continue
        entries = data.get(section, [])
        for body in entries:
            if key_field not in body:
                raise ConfigError(f"{path}: a [[{section}]] entry lacks {key_field}", detail={"file": str(path)})
            cache.put_document(kind, str(body[key_field]), dict(body))
        written[kind] = len(entries)
    return written
