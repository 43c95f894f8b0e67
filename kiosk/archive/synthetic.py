"""A deterministic synthetic district archive: residents with valid ID numbers and their livelihood records.

Resident ``i`` of seed ``S`` is always the same person with the same records, whatever else is generated,
so an archive can be grown (``--add``) and a benchmark rebuilt without storing anything. The first three
residents are the demo residents of ``assets/demo/cards``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.archive.demo_records import DEMO_RESIDENTS, demo_records
from kiosk.archive.models import Record
from kiosk.archive.synthetic_names import (DISTRICTS, EMPLOYERS, FEMALE_CHARS, MALE_CHARS, POPULAR_GIVEN, SCHOOLS,
                                           STREETS, SURNAMES)
from kiosk.archive.types import label
from kiosk.identity.idnumber import complete

#: "Today" of the synthetic world, fixed so that the same seed always gives the same archive.
TODAY_YEAR = 2025
_FIRST_BIRTH = dt.date(1930, 1, 1)
_DAYS = (dt.date(2007, 12, 31) - _FIRST_BIRTH).days  # the youngest resident is an adult
_DAY_STEP = 7919  # coprime with _DAYS: birth dates of consecutive residents are spread out
_CUM_SURNAMES = list(itertools.accumulate(w for _, w in SURNAMES))
_TYPE_CODE = {"social_insurance": "SB", "marriage": "HY", "only_child": "DS", "real_estate": "BD", "school": "XJ",
              "low_income": "DB", "labour_contract": "LD", "retirement": "TX"}
_RETENTION = {"social_insurance": "永久", "marriage": "永久", "only_child": "永久", "real_estate": "永久",
              "school": "长期", "low_income": "30年", "labour_contract": "30年", "retirement": "永久"}
_FONDS = {"social_insurance": "J012", "marriage": "J003", "only_child": "J007", "real_estate": "J021",
          "school": "J015", "low_income": "J003", "labour_contract": "J012", "retirement": "J012"}


@dataclass(frozen=True)
class Resident:
    index: int
    id_number: str
    name: str
    records: tuple[Record, ...]


def _surname(rng: random.Random) -> str:
    return SURNAMES[bisect.bisect(_CUM_SURNAMES, rng.random() * _CUM_SURNAMES[-1])][0]


def _given(rng: random.Random, birth_year: int, female: bool) -> str:
    if rng.random() < 0.35:  # a popular name of the decade: what makes a name search return many people
        decade = str(min(max(birth_year // 10 * 10, 1930), 2000))
        decade = decade if decade in POPULAR_GIVEN else str(int(decade) - 10)
        return rng.choice(POPULAR_GIVEN[decade][1 if female else 0])
    chars = FEMALE_CHARS if female else MALE_CHARS
    if rng.random() < 0.2:
        return rng.choice(chars)
    return rng.choice(chars) + rng.choice(chars)


def person_name(rng: random.Random, birth_year: int, female: bool) -> str:
    return _surname(rng) + _given(rng, birth_year, female)


def _id_number(index: int, archive_code: str, rng: random.Random) -> tuple[str, dt.date, bool]:
    """A valid GB 11643 number, unique per index: region by chance, (birth date, sequence) by index."""
    local = rng.random() < 0.6
    region = archive_code if local else rng.choice(DISTRICTS)[0]
    n = index // 2
    birth = _FIRST_BIRTH + dt.timedelta(days=(n * _DAY_STEP) % _DAYS)
    female = index % 2 == 0
    seq = (n // _DAYS) % 500 * 2 + (0 if female else 1)  # odd sequence numbers are men (GB 11643)
    return complete(f"{region}{birth:%Y%m%d}{seq:03d}"), birth, female


def _district(code: str) -> tuple[str, str]:
    for c, city, district in DISTRICTS:
        if c == code:
            return city, district
    return "杭州市", "西湖区"


def resident(seed: int, index: int, archive_code: str = "330106") -> Resident:
    if index < len(DEMO_RESIDENTS):
        id_number, name = DEMO_RESIDENTS[index]
        return Resident(index, id_number, name,
                        tuple(r for r in demo_records(archive_code) if r.subject_id == id_number))
    rng = random.Random(f"{seed}:{index}")
    id_number, birth, female = _id_number(index, archive_code, rng)
    name = person_name(rng, birth.year, female)
    return Resident(index, id_number, name, tuple(_records(rng, seed, index, archive_code, id_number, name,
                                                           birth.year, female)))


def residents(seed: int, start: int, count: int, archive_code: str = "330106") -> Iterator[Resident]:
    for i in range(start, start + count):
        yield resident(seed, i, archive_code)


def _records(rng: random.Random, seed: int, index: int, archive_code: str, id_number: str, name: str, born: int,
             female: bool) -> Iterator[Record]:
    city, district = _district(id_number[:6])
    items: list[tuple[str, int, str, str, tuple[str, ...]]] = []  # type, year, title, office, names
    school_year = born + rng.randint(15, 18)
    items.append(("school", school_year, rng.choice(("普通高中毕业生登记表", "高中学籍档案", "初中学籍卡")),
                  f"{city}{rng.choice(SCHOOLS)}", (name,)))
    start = born + rng.randint(18, 26)
    if start <= TODAY_YEAR and rng.random() < 0.7:
        items.append(("labour_contract", start, f"劳动合同书（{city}{rng.choice(EMPLOYERS)}）",
                      f"{city}{district}劳动局" if start < 2008 else f"{district}人力资源和社会保障局", (name,)))
    if start + 1 <= TODAY_YEAR:
        end = min(TODAY_YEAR - 1, born + (55 if female else 60), start + rng.randint(5, 40))
        items.append(("social_insurance", max(end, start + 1), f"城镇职工基本养老保险缴费记录（{start}—{end}）",
                      f"{city}社会保险管理服务中心", (name,)))
    married = born + rng.randint(21, 32)
    if married <= TODAY_YEAR and rng.random() < 0.75:
        spouse = person_name(rng, born, not female)
        items.append(("marriage", married, rng.choice(("结婚登记证明", "结婚登记审查处理表", "结婚证存根")),
                      f"{city}{district}民政局", (name, spouse)))
        if 1980 <= married <= 2015 and rng.random() < 0.5:
            items.append(("only_child", married + rng.randint(1, 4), "独生子女父母光荣证",
                          f"{district}计划生育办公室", (name, spouse)))
    if rng.random() < 0.5 and max(born + 25, 1985) <= TODAY_YEAR:
        year = rng.randint(max(born + 25, 1985), TODAY_YEAR)
        office = f"{city}房地产管理局" if year < 2015 else f"{city}不动产登记中心"
        items.append(("real_estate", year, f"房屋所有权登记（{rng.choice(STREETS)}{rng.randint(1, 300)}号）",
                      office, (name,)))
    if rng.random() < 0.08 and max(born + 20, 1999) <= TODAY_YEAR:
        year = rng.randint(max(born + 20, 1999), TODAY_YEAR)
        items.append(("low_income", year, "最低生活保障待遇审批表", f"{district}民政局", (name,)))
    retire = born + (55 if female else 60)
    if retire <= TODAY_YEAR:
        items.append(("retirement", retire, "退休审批表", f"{city}{district}人力资源和社会保障局", (name,)))
    for k, (rtype, year, title, office, names) in enumerate(items, 1):
        rid = hashlib.sha256(f"{seed}:{index}:{k}".encode()).hexdigest()[:16]
        # Older paper records were catalogued by names only: no ID number links them to the person.
        linked = year >= 1995 or rng.random() < 0.4
        fonds = _FONDS[rtype]
        yield Record(record_id=rid, archive_code=archive_code, fonds=fonds,
                     reference=f"{archive_code}-{fonds}-{year}-{_TYPE_CODE[rtype]}-{index % 100000:05d}{k}",
                     record_type=rtype, year=year, title=title, retention=_RETENTION[rtype], office=office,
                     date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     subject_id=id_number if linked else None, names=names,
                     body=f"{label(rtype)}。姓名：{'、'.join(names)}。{office}，{year}年。")
