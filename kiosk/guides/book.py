"""Loading service guides from ``config/guides/*.toml`` and from synced ``guide`` documents.

A guide a district publishes through sync replaces the file's guide with the same record type and
purpose, so a changed opening hour reaches every kiosk without a release.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError


@dataclass(frozen=True)
class Guide:
    record_type: str
    purpose: str
    label: str
    proves: str
    bring: tuple[str, ...]
    where: str
    hours: str
    phone: str = ""
    online: str = ""
    notes: str = ""
    #: The same guide in English (``[purpose.en]``: any of the text fields), for a kiosk shown in English.
    english: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        return f"{self.record_type}/{self.purpose}"

    def in_language(self, language: str) -> Guide:
        """The guide as a resident reading ``language`` sees it: in English, each field the district wrote
        in English (a field it did not stays as published)."""
        if not language.startswith("en") or not self.english:
            return self
        e = self.english
        texts = {k: str(e[k]) for k in ("label", "proves", "where", "hours", "phone", "online", "notes") if k in e}
        if "bring" in e:
            return replace(self, **texts, bring=tuple(str(x) for x in e["bring"]))
        return replace(self, **texts)

    @classmethod
    def from_mapping(cls, record_type: str, d: Mapping[str, Any]) -> Guide:
        return cls(record_type=record_type, purpose=str(d["id"]), label=str(d["label"]), proves=str(d["proves"]),
                   bring=tuple(str(x) for x in d.get("bring", ())), where=str(d["where"]), hours=str(d["hours"]),
                   phone=str(d.get("phone", "")), online=str(d.get("online", "")), notes=str(d.get("notes", "")),
                   english=dict(d.get("en") or {}))


@dataclass
class GuideBook:
    guides: dict[str, Guide] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: str | Path, synced: Iterable[Mapping[str, Any] | str | bytes] = ()) -> GuideBook:
        book = cls()
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
                for purpose in data.get("purpose", []):
                    book.add(Guide.from_mapping(str(data["record_type"]), purpose))
            except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as e:
                raise ConfigError(f"{path}: not a valid service guide: {e}", detail={"file": str(path)}) from None
        for body in synced:
            try:
                d = json.loads(body) if isinstance(body, (str, bytes)) else body
                book.add(Guide.from_mapping(str(d["record_type"]), d))
            except (KeyError, TypeError, ValueError):
                continue  # one malformed synced guide must not hide the rest
        return book

    def add(self, guide: Guide) -> None:
        self.guides[guide.key] = guide

    def get(self, record_type: str, purpose: str) -> Guide | None:
        return self.guides.get(f"{record_type}/{purpose}")

    def for_record_type(self, record_type: str) -> list[Guide]:
        return [g for g in self.guides.values() if g.record_type == record_type]

    def purposes_for(self, record_type: str) -> list[str]:
        return [g.purpose for g in self.for_record_type(record_type)]


#: The receipt's names of a guide's fields: (heading form, proves, bring, where, hours, phone, online, notes).
_FIELDS = {"zh_CN": ("【{}】", "证明：", "还需携带：", "办理地点：", "办理时间：", "电话：", "网上办理：", "提示："),
           "en": ("{}", "It proves: ", "Also bring:", "Where: ", "Opening hours: ", "Telephone: ", "Online: ",
                  "Note: ")}


def next_step_lines(guide: Guide, width: int = 32, language: str = "zh_CN") -> list[str]:
    """The guide as short lines for the receipt printer (``width`` in single-width columns; a Chinese
    character takes two), in the visit's language."""
    guide = guide.in_language(language)
    head, proves, bring, where, hours, phone, online, notes = _FIELDS["en" if language.startswith("en") else "zh_CN"]
    lines = [head.format(guide.label), proves + guide.proves, bring]
    lines += [f" {i}. {item}" for i, item in enumerate(guide.bring, start=1)]
    lines += [where + guide.where, hours + guide.hours]
    if guide.phone:
        lines.append(phone + guide.phone)
    if guide.online:
        lines.append(online + guide.online)
    if guide.notes:
        lines.append(notes + guide.notes)
    out: list[str] = []
    for line in lines:
        out.extend(_wrap(line, width))
    return out


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, the continuations indented by two; English breaks between
    words (:func:`kiosk.printing.receipt_layout.wrap_columns`)."""
    from kiosk.printing.receipt_layout import wrap_columns

    first, *rest = wrap_columns(text, width)
    out = [first]
    while rest:
        more = wrap_columns("  " + "".join(rest).lstrip(" "), width)
        out.append(more[0])
        rest = more[1:]
    return out
