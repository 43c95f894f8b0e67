"""What a record's page says: the filled-in form of its type (the marriage registration's fields, the
social insurance payment table ...), derived deterministically from the catalogue record.

The same content is drawn on the page image (:mod:`kiosk.archive.pages`) and read aloud on the kiosk, so
what the resident hears is what the page shows.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field

from kiosk.archive.models import Record
from kiosk.archive.types import label


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PageContent:
    heading: str
    fields: tuple[tuple[str, str], ...]
    table: Table | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def spoken(self) -> str:
        """The page as sentences, in reading order (for 朗读这一页)."""
        parts = [self.heading + "。"]
        parts += [f"{k}，{v}。" for k, v in self.fields if v]
        if self.table is not None:
            for row in self.table.rows:
                parts.append("，".join(f"{h}{c}" for h, c in zip(self.table.headers, row)) + "。")
        parts += list(self.notes)
        return "".join(parts)


def _rng(record: Record) -> random.Random:
    return random.Random(hashlib.sha256(f"page:{record.record_id}".encode()).digest())


def _name(record: Record, i: int) -> str:
    if len(record.names) > i:
        return record.names[i]
    return str(record.extra.get("spouse", "（未登记）")) if i == 1 else "（未登记）"


def _date(record: Record) -> str:
    y, m, d = (record.date or f"{record.year}-06-01").split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def _born(record: Record, rng: random.Random, age: int) -> str:
    return f"{record.year - age}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _id_birth(id_number: str | None) -> str | None:
    """The birth date an ID number carries (digits 7–14), as the form writes it."""
    if not id_number or len(id_number) != 18 or not id_number[6:14].isdigit():
        return None
    return f"{int(id_number[6:10])}年{int(id_number[10:12])}月{int(id_number[12:14])}日"


def _marriage(record: Record, rng: random.Random) -> PageContent:
    first_female = (record.subject_id or "00000000000000000" + "0")[16:17] in "02468"
    own, spouse = _name(record, 0), _name(record, 1)
    man, woman = (spouse, own) if first_female else (own, spouse)
    own_born = _id_birth(record.subject_id) or _born(record, rng, rng.randint(21, 27))
    spouse_born = _born(record, rng, rng.randint(22, 30))
    man_born, woman_born = (spouse_born, own_born) if first_female else (own_born, spouse_born)
    return PageContent(record.title, (
        ("男方姓名", man), ("男方出生日期", man_born), ("女方姓名", woman), ("女方出生日期", woman_born),
        ("登记日期", _date(record)), ("登记机关", record.office),
        ("证件字号", f"{record.year}字第{rng.randint(100, 9999):04d}号"), ("档号", record.reference)),
        notes=("双方自愿结婚，经审查符合婚姻法关于结婚的规定，准予登记。",))


def _social_insurance(record: Record, rng: random.Random) -> PageContent:
    span = re.search(r"（(\d{4})—(\d{4})）", record.title)  # the title names the years the record covers
    start, end = (int(span[1]), int(span[2])) if span else (record.year - rng.randint(6, 12), record.year)
    rows = []
    base = max(150, (start - 1985) * rng.randint(60, 90))  # wages of the year the payments began
    for year in range(start, end + 1):
        base = int(base * (1 + rng.randint(4, 11) / 100))
        rows.append((str(year), "12", f"{base:,}", f"{base * 0.08 * 12:,.0f}", f"{base * 0.2 * 12:,.0f}"))
    return PageContent(record.title, (("姓名", _name(record, 0)), ("经办机构", record.office), ("档号", record.reference)),
                       Table(("年度", "月数", "缴费基数", "个人缴纳", "单位缴纳"), tuple(rows)),
                       ("单位：元。个人缴纳为缴费基数的百分之八。",))


def _generic(record: Record, rng: random.Random) -> PageContent:
    who = _name(record, 0)
    per_type = {
        "retirement": (("姓名", who), ("参加工作时间", f"{record.year - rng.randint(30, 38)}年"),
                       ("退休时间", _date(record)), ("工龄", f"{rng.randint(30, 38)}年"),
                       ("审批机关", record.office)),
        "only_child": (("父母姓名", "、".join(n for n in (who, _name(record, 1)) if n != "（未登记）")),
                       ("子女出生", f"{record.year - 1}年"), ("发证日期", _date(record)), ("发证机关", record.office)),
        "real_estate": (("权利人", who), ("坐落", record.title.split("（")[-1].rstrip("）")),
                        ("建筑面积", f"{rng.randint(38, 96)}.{rng.randint(10, 99)}平方米"),
                        ("登记日期", _date(record)), ("登记机关", record.office)),
        "school": (("姓名", who), ("入学年份", f"{record.year - 3}年"), ("毕业年份", f"{record.year}年"),
                   ("学校", record.office)),
        "low_income": (("申请人", who), ("家庭人口", f"{rng.randint(1, 4)}人"),
                       ("保障金额", f"每月{rng.randint(6, 12) * 100}元"), ("批准日期", _date(record)),
                       ("审批机关", record.office)),
        "labour_contract": (("劳动者", who), ("用人单位", record.title.split("（")[-1].rstrip("）")),
                            ("合同期限", f"{record.year}年起，{rng.choice(('三年', '五年', '无固定期限'))}"),
                            ("签订日期", _date(record)), ("鉴证机关", record.office)),
    }
    fields = per_type.get(record.record_type, (("姓名", who), ("日期", _date(record)), ("责任者", record.office)))
    return PageContent(record.title, (*fields, ("档号", record.reference)))


def page_content(record: Record) -> PageContent:
    rng = _rng(record)
    if record.record_type == "marriage":
        return _marriage(record, rng)
    if record.record_type == "social_insurance":
        return _social_insurance(record, rng)
    return _generic(record, rng)


def kind_heading(record: Record) -> str:
    """The form's printed name above its title (the type, in Chinese: it is the paper's own language)."""
    return label(record.record_type)
