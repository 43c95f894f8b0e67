"""The archive the screens use: catalogue search through the cache's index, masked for others."""

from __future__ import annotations

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import DEMO_RESIDENTS, demo_records
from kiosk.archive.service import CacheArchive
from tests.storage_key import TEST_KEY

OUYANG, ZHANG = DEMO_RESIDENTS[0][0], DEMO_RESIDENTS[1][0]


@pytest.fixture
def archive(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.db", key=TEST_KEY)
    cache.put_records(demo_records())
    yield CacheArchive(cache)
    cache.close()


def test_own_hits_open_and_show_their_title(archive):
    hits = archive.search("秀英", OUYANG)
    assert hits and all(h.openable and h.title for h in hits)
    assert {h.record_type for h in hits} >= {"marriage", "real_estate"}


def test_someone_elses_hits_are_masked_and_lead_to_a_request(archive):
    hits = archive.search("建国", OUYANG)
    assert hits
    assert all(not h.openable and h.title == "" and h.masked_names == "张*国" for h in hits)


def test_a_typed_year_narrows_the_search(archive):
    hits = archive.search("1998 房屋", OUYANG)
    assert [(h.record_type, h.year) for h in hits] == [("real_estate", 1998)]


def test_nothing_searchable_is_no_results_not_a_fault(archive):
    assert archive.search("！！ ——", OUYANG) == []
    assert archive.search("   ", ZHANG) == []
