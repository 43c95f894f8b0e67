"""Names in free text: every name the cache knows, and any value written after a name key, masked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.demo_records import demo_records
from kiosk.diag.names import NameMask, names_in_cache
from tests.storage_key import TEST_KEY


def test_known_names_are_masked_longest_first_wherever_they_sit():
    mask = NameMask(["欧阳秀英", "阳秀", "李娜"])
    assert mask("查询欧阳秀英的档案；李娜代办") == "查询欧**英的档案；李*代办"
    assert mask("card read OK, 12 records") == "card read OK, 12 records"


def test_values_after_name_keys_are_masked_even_when_unknown():
    mask = NameMask()
    assert mask("agent_name=王小明 ok") == "agent_name=王*明 ok"
    assert mask('{"name": "张建国", "kiosk_id": "test-01"}') == '{"name": "张*国", "kiosk_id": "test-01"}'
    assert mask("姓名：赵六") == "姓名：赵*"
    assert mask("hostname=gw.example") == "hostname=gw.example"
    assert mask("name=张*国") == "name=张*国", "an already masked value stays as it is"


def test_the_cache_knows_the_names_its_records_are_indexed_by(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    cache.put_records(demo_records("330106"))
    cache.close()
    assert {"欧阳秀英", "李娜", "张建国"} <= names_in_cache(tmp_path / "cache.sqlite", key=TEST_KEY)
    assert names_in_cache(tmp_path / "none.sqlite", key=TEST_KEY) == frozenset()
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all")
    assert names_in_cache(tmp_path / "junk.sqlite", key=TEST_KEY) == frozenset()


@given(st.text(alphabet="欧阳秀英李娜张建国的档案 =:", max_size=40))
def test_no_known_name_survives_in_any_text(text):
    names = ["欧阳秀英", "李娜", "张建国"]
    masked = NameMask(names)(text)
    assert not any(n in masked for n in names)


def test_every_declared_name_key_is_caught_in_free_text():
    from kiosk.privacy import NAME_KEYS

    mask = NameMask()
    for key in NAME_KEYS:
        assert mask(f"{key}=王小明") == f"{key}=王*明", key
