"""The directory of archives a request can be sent to, distributed by sync as documents of kind
``archive``: ``{"code": "330108", "name": "…区档案馆", "gateway_url": "https://…", "region": "…"}``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.requests.errors import UnknownArchive


@dataclass(frozen=True)
class Archive:
    code: str
    name: str
    gateway_url: str = ""
    region: str = ""


class ArchiveDirectory:
    def __init__(self, archives: Iterable[Archive] = ()):
        self._by_code = {a.code: a for a in archives}

    @classmethod
    def from_documents(cls, bodies: Iterable[Mapping[str, Any] | str | bytes]) -> ArchiveDirectory:
        archives = []
        for body in bodies:
            try:
                d = json.loads(body) if isinstance(body, (str, bytes)) else body
                archives.append(Archive(str(d["code"]), str(d["name"]), str(d.get("gateway_url", "")),
                                        str(d.get("region", ""))))
            except (KeyError, TypeError, ValueError):
                continue
        return cls(archives)

    def all(self) -> list[Archive]:
        return sorted(self._by_code.values(), key=lambda a: a.code)

    def get(self, code: str) -> Archive:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownArchive(f"archive {code} is not in the directory", detail={"code": code}) from None

    def peers(self) -> dict[str, str]:
        """Archive code → gateway URL, for a gateway's federation peers."""
        return {a.code: a.gateway_url for a in self._by_code.values() if a.gateway_url}
