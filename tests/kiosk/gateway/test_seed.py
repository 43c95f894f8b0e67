"""The synthetic district archive: deterministic, realistic, and growable with changes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kiosk.archive.models import Record
from kiosk.archive.synthetic import resident
from kiosk.archive.types import RECORD_TYPES
from kiosk.errors import UsageError
from kiosk.gateway.seed import add_changes, churn, seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.identity.idnumber import is_valid
from kiosk.archive.synthetic_names import DISTRICTS


@pytest.fixture
def store(tmp_path: Path):
    s = SqliteStore(tmp_path / "gw.sqlite")
    yield s
    s.close()


def test_the_same_seed_gives_the_same_people_and_records():
    assert resident(7, 1234) == resident(7, 1234)
    assert resident(7, 1234) != resident(8, 1234)


def test_people_and_records_look_like_a_chinese_district():
    people = [resident(1, i) for i in range(3, 1503)]
    codes = {c for c, _city, _district in DISTRICTS}
    assert all(is_valid(p.id_number) and p.id_number[:6] in codes for p in people)
    assert len({p.id_number for p in people}) == len(people)
    given_lengths = Counter(len(p.name) - (2 if p.name[:2] in ("欧阳", "司徒", "上官", "诸葛", "司马") else 1)
                            for p in people)
    assert given_lengths[2] > given_lengths[1] > 0
    records = [r for p in people for r in p.records]
    assert {r.record_type for r in records} == set(RECORD_TYPES) and len(RECORD_TYPES) >= 8
    unlinked = [r for r in records if r.subject_id is None]
    assert unlinked and all(r.year < 1995 and r.names for r in unlinked)
    for r in records[:200]:
        assert r.reference.startswith(f"{r.archive_code}-{r.fonds}-{r.year}-") and r.retention and r.office
        assert r.title and r.date.startswith(str(r.year))


def test_compound_surnames_occur():
    names = [resident(1, i).name for i in range(3, 20003)]
    compound = ("欧阳", "司徒", "上官", "诸葛", "司马", "皇甫", "令狐", "慕容", "东方")
    assert any(n.startswith(compound) for n in names)


def test_seed_writes_residents_and_pages_and_is_idempotent(store):
    report = seed_archive(store, residents_wanted=40, page_images_for=5)
    assert report["residents"] == 40 and report["records"] == store.count() > 40
    assert [s["id_number"] for s in report["sample"][:3]] == [resident(1, i).id_number for i in range(3)]
    with_pages = [Record.from_wire(store.get("record", r.record_id)) for i in range(5) for r in resident(1, i).records]
    assert all(r.pages and all(store.blob(h)[0][:4] == b"\x89PNG" for h in r.pages) for r in with_pages)
    # A long payment record continues its table on a second page.
    assert any(len(r.pages) > 1 for r in with_pages if r.record_type == "social_insurance")
    again = seed_archive(store, residents_wanted=40, page_images_for=5)
    assert again["records"] == 0 and again["total_records"] == report["records"]


def test_seed_refuses_another_seed_on_the_same_archive(store):
    seed_archive(store, residents_wanted=5, page_images_for=0)
    with pytest.raises(UsageError):
        seed_archive(store, residents_wanted=6, seed=2, page_images_for=0)
    with pytest.raises(UsageError):
        add_changes(SqliteStore(":memory:"), residents_new=3)


def test_add_changes_edits_deletes_and_adds(store):
    seed_archive(store, residents_wanted=60, page_images_for=0)
    before = store.count()
    head = store.changes(0, 0).head
    report = add_changes(store, residents_new=10)
    assert report["edited"] == 5 and report["deleted"] == 2 and report["residents"] == 10
    assert store.count() == before - report["deleted"] + report["records"]
    changed = store.changes(head, 10000).changes
    assert sum(c.deleted for c in changed) == 2
    assert sum(1 for c in changed if c.body_json and "（更正）" in c.body_json) >= 5


def test_churn_makes_the_changes_asked_for(store):
    seed_archive(store, residents_wanted=100, page_images_for=0)
    head = store.changes(0, 0).head
    report = churn(store, 50)
    assert report == {"edited": 30, "deleted": 10, "added": 10}
    assert len(store.changes(head, 1000).changes) == 50
