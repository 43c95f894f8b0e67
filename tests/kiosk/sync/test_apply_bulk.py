"""The first sync's bulk load: records unindexed until the snapshot's last batch, then every index built."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.archive.search import CatalogueSearch
from kiosk.sync.apply import apply_batch
from kiosk.sync.batch import Batch

RECORDS = demo_records()


@pytest.fixture
def cache(tmp_path: Path):
    c = ArchiveCache(tmp_path / "cache.sqlite")
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
    assert found(cache, "欧阳秀英") == set()  # written, not indexed yet
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
