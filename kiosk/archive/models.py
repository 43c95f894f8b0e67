"""Plain record types of the archive cache (DA/T 46-style metadata)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Record:
    record_id: str
    archive_code: str  # 全宗所属档案馆代码
    fonds: str  # 全宗号
    reference: str  # 档号
    record_type: str
    year: int
    title: str
    retention: str = "永久"  # 保管期限
    office: str = ""  # 责任者 / issuing office
    date: str = ""  # YYYY-MM-DD
    subject_id: str | None = None  # None for records indexed by names only
    names: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()  # sha256 of each page blob, in order
    body: str = ""
    updated_seq: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        # Not ``asdict``: its deep copy of every field is most of the cost of applying a sync batch.
        d = {name: getattr(self, name) for name in self.__dataclass_fields__}
        d["names"] = json.dumps(list(self.names), ensure_ascii=False)
        d["pages"] = json.dumps(list(self.pages))
        d["extra"] = json.dumps(self.extra, ensure_ascii=False)
        return d

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Record:
        d = dict(row)
        d["names"] = tuple(json.loads(d.get("names") or "[]"))
        d["pages"] = tuple(json.loads(d.get("pages") or "[]"))
        d["extra"] = json.loads(d.get("extra") or "{}")
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})

    def to_wire(self) -> dict[str, Any]:
        """The record as it travels in the change feed (lists, not JSON strings; no sequence number)."""
        d = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "updated_seq"}
        d["names"], d["pages"], d["extra"] = list(self.names), list(self.pages), dict(self.extra)
        return d

    @classmethod
    def from_wire(cls, body: dict[str, Any], seq: int = 0) -> Record:
        d = {k: v for k, v in body.items() if k in _WIRE_FIELDS}
        d["names"] = tuple(d.get("names") or ())
        d["pages"] = tuple(d.get("pages") or ())
        d["extra"] = dict(d.get("extra") or {})
        d["updated_seq"] = seq
        return cls(**d)


#: Column order of the records table (besides ``doc``), as :meth:`Record.to_row` fills it.
RECORD_COLUMNS: tuple[str, ...] = tuple(Record.__dataclass_fields__)
_WIRE_FIELDS = frozenset(RECORD_COLUMNS)
