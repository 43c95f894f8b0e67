"""The data read from an identity card: a plain type shared by the reader driver and the domain."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from kiosk.privacy import mask_id, mask_name

CardType = Literal["resident", "hk_mo_tw_permit", "foreign_pr_2017", "foreign_pr_2023"]


@dataclass(frozen=True)
class IdCard:
    card_type: CardType
    name: str
    id_number: str
    sex: str = ""
    nation: str = ""
    birth: str = ""  # YYYYMMDD
    address: str = ""
    authority: str = ""
    valid_from: str = ""
    valid_to: str = ""  # YYYYMMDD or "长期"
    english_name: str = ""
    country: str = ""
    pass_number: str = ""
    #: The newest address endorsed on the card after issue (最新住址, command 30 03); "" when none.
    newest_address: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: sha256 of the raw (WLT) photo bytes: identifies the photo without keeping it.
    photo_wlt_sha256: str = ""

    def expired(self, today: dt.date) -> bool:
        if not self.valid_to or self.valid_to == "长期":
            return False
        try:
            end = dt.datetime.strptime(self.valid_to, "%Y%m%d").date()
        except ValueError:
            return False
        return end < today

    def to_dict(self, *, reveal: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d.pop("extra")
        d = {k: v for k, v in d.items() if v != "" or k in ("name", "id_number")}
        d.update(self.extra)
        if not reveal:
            d["name"] = mask_name(self.name)
            d["id_number"] = mask_id(self.id_number)
            if self.english_name:
                d["english_name"] = mask_name(self.english_name)
            if self.pass_number:
                # A 9-character pass number would keep 8 of 9 under mask_id: keep only 2 + 2.
                p = self.pass_number
                d["pass_number"] = p[:2] + "*" * max(len(p) - 4, 1) + p[-2:] if len(p) > 4 else "*" * len(p)
            for key in ("address", "newest_address"):
                if d.get(key):
                    d[key] = d[key][:6] + "…"
        return d

    def __repr__(self) -> str:  # a card must never be printed whole by accident (logs, tracebacks)
        return f"IdCard({self.card_type}, {mask_name(self.name)}, {mask_id(self.id_number)})"
