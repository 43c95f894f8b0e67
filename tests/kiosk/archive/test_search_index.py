"""The indexes follow every write: replaced and deleted records leave no stale entries; a bulk rebuild
finds the same as the incremental path."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.search import CatalogueSearch
from kiosk.archive.search_index import rebuild_indexes
from tests.kiosk.archive.conftest import CRAFTED, fill, make_record
from tests.storage_key import TEST_KEY

FTS_TABLES = ("search_trigram", "search_bigram", "search_names")


def found(cache: ArchiveCache, query: str, **filters) -> list[str]:
    return [h.record.record_id for h in CatalogueSearch(cache, limit=500).search(query, **filters) if h.score >= 10]


def fts_ok(cache: ArchiveCache) -> None:
    for table in FTS_TABLES:  # raises SQLITE_CORRUPT_VTAB when the index disagrees with itself
        cache.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)")


def test_a_replaced_record_is_found_by_its_new_names_type_and_year_only(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    cache.put_records([make_record("r1", ("慕容复",), title="初中学籍卡", record_type="school", year=1961)])
    assert found(cache, "慕容") == ["r1"] and found(cache, "容复", year=1961) == ["r1"]
    cache.put_records([make_record("r1", ("东方白",), title="结婚登记证明", year=1985)])
    for query in ("慕容", "容复", "慕容复", "复", "学籍"):
        assert found(cache, query) == [], query
    assert found(cache, "方白", year=1985, record_type="marriage") == ["r1"]
    assert found(cache, "方白", year=1961) == [] and found(cache, "方白", record_type="school") == []
    assert cache.conn.execute("SELECT name FROM record_names").fetchall() == [("东方白",)]
    fts_ok(cache)
    cache.close()


def test_a_deleted_record_leaves_every_index(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    cache.put_records(CRAFTED)
    assert cache.delete_records([r.record_id for r in CRAFTED]) == len(CRAFTED)
    for query in ("章英", "司徒", "雅琴", "琴", "丝绸厂", "章"):
        assert found(cache, query) == [], query
    assert cache.conn.execute("SELECT COUNT(*) FROM record_names").fetchone()[0] == 0
    fts_ok(cache)
    cache.close()


@pytest.fixture(scope="module")
def incremental_and_bulk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rebuild")
    incremental, bulk = ArchiveCache(folder / "a.sqlite", key=TEST_KEY), ArchiveCache(folder / "b.sqlite", key=TEST_KEY)
    fill(incremental)
    fill(bulk)
    with bulk.transaction() as conn:
        rebuild_indexes(conn)
    yield incremental, bulk
    incremental.close()
    bulk.close()


@pytest.mark.parametrize("query, filters", [("章英", {}), ("秀英", {}), ("丽", {}), ("司徒雅琴", {}),
                                            ("养老保险", {}), ("雅琴", {"year": 1962}),
                                            ("秀英", {"record_type": "marriage"}), ("琴", {"record_type": "school"})])
def test_a_bulk_rebuild_finds_what_the_incremental_path_finds(incremental_and_bulk, query, filters):
    incremental, bulk = incremental_and_bulk
    assert sorted(found(bulk, query, **filters)) == sorted(found(incremental, query, **filters))
    assert found(bulk, query, **filters)
    fts_ok(bulk)


def test_records_put_twice_in_one_batch_keep_the_last_version(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    first = make_record("r1", ("上官燕",))
    cache.put_records([first, dataclasses.replace(first, names=("上官云",), body="姓名：上官云。")])
    assert found(cache, "上官云") == ["r1"] and found(cache, "上官燕") == []
    cache.close()


@pytest.mark.parametrize("change", [
    {"title": "结婚登记审查处理表（更正）", "body": "著录更正。"},  # text only: the names index is left alone
    {"names": ("东方白",)},  # names (and so the text, which holds them)
    {"record_type": "only_child", "year": 1991},  # facets only: the text indexes are left alone
    {"date": "1980-06-02"},  # nothing any index holds
])
def test_an_edit_touches_the_index_parts_it_changes_and_finds_the_same_as_a_rebuild(tmp_path, change):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    before = make_record("r1", ("慕容复",), title="结婚登记证明", year=1980)
    cache.put_records([before, make_record("r2", ("慕容秋",))])
    after = dataclasses.replace(before, **change)
    cache.put_records([after])
    queries = [("慕容", {}), ("容复", {}), ("东方白", {}), ("更正", {}), ("审查", {}), ("登记证明", {}),
               ("慕容复", {"year": 1980}), ("慕容复", {"year": 1991}), ("慕容复", {"record_type": "only_child"}),
               ("东方白", {"record_type": after.record_type})]
    incremental = {(q, tuple(f.items())): sorted(found(cache, q, **f)) for q, f in queries}
    fts_ok(cache)
    names = sorted(cache.conn.execute("SELECT name, doc FROM record_names"))
    with cache.transaction() as conn:
        rebuild_indexes(conn)
    assert {(q, tuple(f.items())): sorted(found(cache, q, **f)) for q, f in queries} == incremental
    assert sorted(cache.conn.execute("SELECT name, doc FROM record_names")) == names
    assert ("r1" in incremental[("东方白", ())]) == ("names" in change)
    assert ("r1" in incremental[("更正", ())]) == ("title" in change)
    cache.close()
