"""The first sync's bulk load: records unindexed until the snapshot's last batch, then every index built."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.archive.search import CatalogueSearch
from kiosk.errors import CacheNotReady, SyncVerificationError
from kiosk.sync.apply import apply_batch
from kiosk.sync.batch import Batch
from tests.storage_key import TEST_KEY

RECORDS = demo_records()


@pytest.fixture
def cache(tmp_path: Path):
    c = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    yield c
    c.close()


def put(record, seq):
    return {"op": "put", "kind": "record", "key": record.record_id, "seq": seq, "body": record.to_wire()}


def found(cache, query):
    return {h.record.record_id for h in CatalogueSearch(cache, limit=50).search(query)}


def test_a_first_snapshot_is_searchable_once_its_last_batch_is_in(cache):
    first, rest = RECORDS[:5], RECORDS[5:]
    head = len(RECORDS)
    apply_batch(cache, Batch("f", 0, 5, head, True, [put(r, i + 1) for i, r in enumerate(first)]), "t1")
    assert cache.meta("bulk_load") == "1" and cache.count() == 5
    with pytest.raises(CacheNotReady) as e:  # written, not indexed yet: not "nothing found"
        found(cache, "欧阳秀英")
    assert e.value.code == "CACHE_INCOMPLETE"
    apply_batch(cache, Batch("f", 5, head, head, True, [put(r, i + 6) for i, r in enumerate(rest)]), "t2")
    assert cache.meta("bulk_load") == "0"
    assert found(cache, "欧阳秀英") == {r.record_id for r in RECORDS if "欧阳秀英" in r.names}
    assert found(cache, "李娜") == {r.record_id for r in RECORDS if "李娜" in r.names}


def test_a_snapshot_over_records_already_there_indexes_as_it_goes(cache):
    cache.put_records(RECORDS[:1])
    apply_batch(cache, Batch("f", 0, 3, 10, True, [put(r, i + 1) for i, r in enumerate(RECORDS[1:4])]), "t")
    assert cache.meta("bulk_load") == "0"
    assert found(cache, "张建国") == {r.record_id for r in RECORDS[1:4] if "张建国" in r.names}


def test_a_bulk_load_cut_short_by_a_delta_is_indexed_before_the_delta(cache):
    apply_batch(cache, Batch("f", 0, 3, 10, True, [put(r, i + 1) for i, r in enumerate(RECORDS[:3])]), "t1")
    assert cache.meta("bulk_load") == "1"
    delta = Batch("f", 3, 4, 4, False, [put(RECORDS[3], 4)])
    apply_batch(cache, delta, "t2")
    assert cache.meta("bulk_load") == "0"
    assert found(cache, "欧阳秀英") == {r.record_id for r in RECORDS[:4] if "欧阳秀英" in r.names}


def lookup_indexes(cache) -> dict[str, str]:
    return dict(cache.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                   "AND tbl_name = 'records' AND sql IS NOT NULL"))


def test_a_bulk_load_builds_the_own_records_index_once_at_its_end(cache):
    before = lookup_indexes(cache)
    assert "records_subject" in before
    apply_batch(cache, Batch("f", 0, 3, 10, True, [put(r, i + 1) for i, r in enumerate(RECORDS[:3])]), "t1")
    assert "records_subject" not in lookup_indexes(cache)  # not updated row by row during the load
    assert cache.meta("deferred_index:records_subject") == before["records_subject"]
    owner = RECORDS[0].subject_id
    assert owner is not None
    assert {r.record_id for r in cache.own_records(owner)} == {r.record_id for r in RECORDS[:3]
                                                               if r.subject_id == owner}
    rest = RECORDS[3:]
    apply_batch(cache, Batch("f", 3, 10, 10, True, [put(r, i + 4) for i, r in enumerate(rest[:7])]), "t2")
    assert lookup_indexes(cache) == before and cache.meta("deferred_index:records_subject") is None
    plan = " ".join(str(row) for row in cache.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM records WHERE subject_id = ? ORDER BY record_type, year DESC", [owner]))
    assert "records_subject" in plan


def test_a_bulk_load_cut_short_by_a_delta_gets_its_lookup_index_back(cache):
    before = lookup_indexes(cache)
    apply_batch(cache, Batch("f", 0, 3, 10, True, [put(r, i + 1) for i, r in enumerate(RECORDS[:3])]), "t1")
    apply_batch(cache, Batch("f", 3, 4, 4, False, [put(RECORDS[3], 4)]), "t2")
    assert lookup_indexes(cache) == before and cache.integrity_ok()


def test_a_failing_bulk_batch_leaves_the_lookup_index_in_place(cache):
    before = lookup_indexes(cache)
    broken = {"op": "put", "kind": "record", "key": "x1", "seq": 1, "body": {"record_id": "x1"}}
    with pytest.raises(SyncVerificationError) as raised:
        apply_batch(cache, Batch("f", 0, 1, 10, True, [broken]), "t1")
    assert raised.value.code == "SYNC_BATCH_MALFORMED"
    assert lookup_indexes(cache) == before and cache.count() == 0 and cache.meta("bulk_load") is None
