"""Ordered, recorded, idempotent migrations on a real SQLite file; a failing one leaves nothing behind."""

from __future__ import annotations

from kiosk import storage

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.migrations import MIGRATIONS, migrate
from kiosk.archive.search import CatalogueSearch
from tests.storage_key import TEST_KEY, keyed_connect


def recorded(path) -> list[str]:
    conn = keyed_connect(path)
    try:
        return [n for (n,) in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]
    finally:
        conn.close()


def schema(conn: storage.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_a_new_cache_records_every_migration_in_order(tmp_path):
    path = tmp_path / "cache.sqlite"
    ArchiveCache(path, key=TEST_KEY).close()
    assert recorded(path) == [name for name, _ in MIGRATIONS]


def test_reopening_applies_nothing_and_keeps_schema_and_data(tmp_path):
    path = tmp_path / "cache.sqlite"
    cache = ArchiveCache(path, key=TEST_KEY)
    cache.put_records([_old_style_record()])  # anything; the count is what must survive
    before = schema(cache.conn)
    cache.close()
    cache = ArchiveCache(path, key=TEST_KEY)
    try:
        assert migrate(cache.conn) == []
        assert schema(cache.conn) == before and cache.count() == 1
        assert cache.integrity_ok()
    finally:
        cache.close()
    assert recorded(path) == [name for name, _ in MIGRATIONS]


def _old_style_record():
    from kiosk.archive.models import Record

    return Record(record_id="r1", archive_code="330106", fonds="J003", reference="330106-J003-1966-HY-1",
                  record_type="marriage", year=1966, title="结婚登记证明", names=("司徒秀英", "林海"),
                  body="姓名：司徒秀英、林海。")


def test_a_cache_from_before_search_gets_its_records_indexed(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = keyed_connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == [MIGRATIONS[0][0]]
    row = _old_style_record().to_row()
    conn.execute(f"INSERT INTO records({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    conn.close()
    cache = ArchiveCache(path, key=TEST_KEY)  # applies the rest, including indexing what was already there
    try:
        assert recorded(path) == [name for name, _ in MIGRATIONS]
        search = CatalogueSearch(cache)
        for query in ("林海", "司徒", "秀英", "司徒秀英", "海"):
            assert [h.record.record_id for h in search.search(query)] == ["r1"], query
    finally:
        cache.close()


def test_a_failing_script_migration_is_rolled_back_and_not_recorded(tmp_path):
    path = tmp_path / "cache.sqlite"
    ArchiveCache(path, key=TEST_KEY).close()
    conn = keyed_connect(path, isolation_level=None)
    before = schema(conn)
    broken = MIGRATIONS + [("999_broken", "CREATE TABLE half_done(a); INSERT INTO no_such_table VALUES (1);")]
    with pytest.raises(storage.OperationalError):
        migrate(conn, broken)
    assert schema(conn) == before and not conn.in_transaction
    conn.close()
    assert "999_broken" not in recorded(path)


def test_a_failing_data_migration_is_rolled_back_and_not_recorded(tmp_path):
    path = tmp_path / "cache.sqlite"
    cache = ArchiveCache(path, key=TEST_KEY)
    cache.put_records([_old_style_record()])
    cache.close()

    def wipe_then_fail(db: storage.Connection) -> None:
        db.execute("DELETE FROM records")
        raise RuntimeError("disk said no")

    conn = keyed_connect(path, isolation_level=None)
    with pytest.raises(RuntimeError):
        migrate(conn, MIGRATIONS + [("999_data", wipe_then_fail)])
    assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
    conn.close()
    assert "999_data" not in recorded(path)
    # The next start runs it again (it was never recorded), and a fixed version then goes through.
    conn = keyed_connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS + [("999_data", lambda db: None)]) == ["999_data"]
    assert migrate(conn, MIGRATIONS + [("999_data", lambda db: None)]) == []
    conn.close()


def test_the_full_text_indexes_keep_no_column_sizes_and_read_python_made_tokens_plainly(tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    try:
        tables = {n for (n,) in cache.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not {t for t in tables if t.endswith("_docsize")}
        sql = dict(cache.conn.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'search_%'"))
        assert "tokenize='trigram'" in sql["search_trigram"]
        assert "tokenize='ascii'" in sql["search_bigram"] and "tokenize='ascii'" in sql["search_names"]
        record = _old_style_record()
        cache.put_records([record])
        search = CatalogueSearch(cache)
        assert [h.record.record_id for h in search.search("秀英", record_type="marriage")] == ["r1"]
        cache.delete_records([record.record_id])  # contentless deletes still find what to remove
        assert search.search("秀英") == [] and search.search("司徒秀英") == []
        for table in ("search_trigram", "search_bigram", "search_names"):
            cache.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)")
    finally:
        cache.close()
