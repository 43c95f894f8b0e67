"""A small cache holding the demo residents, a slice of the synthetic archive and hand-made records whose
names, titles and years make each search case unambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.models import Record
from kiosk.archive.search import CatalogueSearch
from kiosk.archive.synthetic import residents
from tests.storage_key import TEST_KEY

OUYANG = "330106195203142627"  # 欧阳秀英, a demo resident
OTHER = "110105196507081234"  # 张建国, a demo resident


def make_record(rid: str, names: tuple[str, ...], *, title: str = "结婚登记证明", year: int = 1980,
                record_type: str = "marriage", subject_id: str | None = None, body: str = "") -> Record:
    return Record(record_id=rid, archive_code="330106", fonds="J003", reference=f"330106-J003-{year}-HY-{rid}",
                  record_type=record_type, year=year, title=title, office="西湖区民政局", date=f"{year}-05-01",
                  subject_id=subject_id, names=names, body=body or f"姓名：{'、'.join(names)}。")


#: Hand-made records: the search cases the tests name.
CRAFTED = [
    make_record("exact-zhangying", ("章英",), subject_id="330106198001010013"),
    make_record("surname-zhangying", ("章英华",), year=1990),
    make_record("inside-zhangying", ("李章英",), year=2001),
    make_record("title-zhangying", ("王小二",), title="章英路房屋所有权登记", record_type="real_estate", year=1999),
    make_record("body-zhangying", ("赵四",), body="见证人章英签字。", year=1970),
    make_record("fuzzy-zhang", ("章天",), year=1985),
    make_record("0-another-xiuying", ("陈秀英", "刘建民"), year=1975),  # same type and year as a demo record
    make_record("situ-names-only", ("司徒雅琴", "上官明"), title="初中学籍卡", record_type="school", year=1962),
    make_record("ouyang-names-only", ("欧阳秀英",), title="居民户口迁移登记", record_type="school", year=1960),
    make_record("zhuge-one-char-given", ("诸葛亮",), title="劳动合同书（杭州丝绸厂）", record_type="labour_contract",
                year=1978, subject_id="330106195801010018"),
]


def fill(cache: ArchiveCache) -> None:
    records = [r for person in residents(5, 0, 200) for r in person.records]
    cache.put_records(records + CRAFTED)


@pytest.fixture(scope="module")
def cache_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "cache.sqlite"
    cache = ArchiveCache(path, key=TEST_KEY)
    fill(cache)
    cache.close()
    return path


@pytest.fixture(scope="module")
def cache(cache_file: Path):
    c = ArchiveCache(cache_file, key=TEST_KEY)
    yield c
    c.close()


@pytest.fixture(scope="module")
def search(cache: ArchiveCache) -> CatalogueSearch:
    return CatalogueSearch(cache, limit=50)
