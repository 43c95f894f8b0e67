"""A thief with the kiosk's disk: every SQLite file the kiosk writes is encrypted, and opens only with the key."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog, verify_chain
from kiosk.cli import main
from kiosk.errors import ConfigError, StorageKeyInvalid
from kiosk.printing.journal import PrintJournal
from kiosk.requests.book import RequestBook
from kiosk.staff.lockout import PinLockout
from kiosk.stats.recorder import StatsRecorder
from kiosk.storage import StorageKey, is_plain_sqlite, load_key, open_db, storage_key_for
from kiosk.storage.key import CREDENTIAL_NAME, write_key_file
from kiosk.archive.demo_records import demo_records
from tests.kiosk.archive.conftest import OUYANG
from tests.storage_key import TEST_KEY

OTHER_KEY = StorageKey(bytes(range(100, 132)))


def every_kiosk_file(folder: Path, key: StorageKey | None) -> dict[str, Path]:
    """Each kind of kiosk data file, written through the code that writes it on a kiosk."""
    cache = ArchiveCache(folder / "cache.sqlite", key=key)
    cache.put_records(demo_records("330106"))
    cache.close()
    audit = AuditLog(folder / "audit.sqlite", key=key)
    audit.append("session.card_read", {"id_number": OUYANG})
    audit.close()
    book = RequestBook(folder / "requests.sqlite", key=key)
    book.add("r1", OUYANG, {"subject": "欧阳*英"}, "queued", "2026-12-01T10:00:00+00:00")
    book.close()
    journal = PrintJournal.open(folder, key=key)
    journal.enqueue("receipt", "sim://receipt", "凭条", b"\x1b@")
    journal.close()
    stats = StatsRecorder(folder / "stats.sqlite", key=key, point="330106", kiosk_id="k1")
    stats.close()
    lockout = PinLockout(lambda: 0.0, path=folder / "staff-lockout.sqlite", key=key)
    lockout.failed("card-1")
    lockout.close()
    return {p.name: p for p in folder.iterdir() if p.suffix == ".sqlite"}


OPENERS = {
    "cache.sqlite": lambda p, k: ArchiveCache(p, key=k).close(),
    "audit.sqlite": lambda p, k: AuditLog(p, key=k).close(),
    "requests.sqlite": lambda p, k: RequestBook(p, key=k).close(),
    "print-journal.sqlite": lambda p, k: PrintJournal(p, key=k).close(),
    "stats.sqlite": lambda p, k: StatsRecorder(p, key=k, point="330106", kiosk_id="k1").close(),
    "staff-lockout.sqlite": lambda p, k: PinLockout(lambda: 0.0, path=p, key=k).close(),
}


def test_every_kiosk_file_is_encrypted_and_opens_only_with_its_key(tmp_path):
    files = every_kiosk_file(tmp_path, TEST_KEY)
    assert sorted(files) == sorted(OPENERS)
    for name, path in files.items():
        raw = b"".join(p.read_bytes() for p in tmp_path.glob(name + "*"))
        assert not is_plain_sqlite(path) and b"SQLite format 3" not in raw, name
        assert OUYANG.encode() not in raw and "欧阳".encode() not in raw, name
        for wrong in (OTHER_KEY, None):
            with pytest.raises(StorageKeyInvalid) as caught:
                open_db(path, wrong)
            assert caught.value.code == "STORAGE_KEY_INVALID"
        with pytest.raises(StorageKeyInvalid):
            OPENERS[name](path, OTHER_KEY)  # each service refuses: no silently empty file in its place
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()  # the stock library, too
        OPENERS[name](path, TEST_KEY)
    assert "欧阳秀英" in json.dumps([r.to_row() for r in ArchiveCache(files["cache.sqlite"], key=TEST_KEY)
                                     .own_records(OUYANG)], ensure_ascii=False)
    assert verify_chain(files["audit.sqlite"], TEST_KEY).ok


def test_the_encrypted_cache_keeps_wal_and_its_full_text_indexes(tmp_path):
    from kiosk.archive.search import CatalogueSearch

    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    cache.put_records(demo_records("330106"))
    assert cache.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cache.conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    fts = [n for (n,) in cache.conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%fts5%'")]
    assert fts
    assert CatalogueSearch(cache).search("欧阳秀英")
    cache.close()


def test_a_plain_file_left_by_an_older_kiosk_is_encrypted_in_place_with_its_data(tmp_path):
    path = tmp_path / "audit.sqlite"
    plain = AuditLog(path, key=None)
    plain.append("kiosk.started", {})
    plain.close()
    assert is_plain_sqlite(path)
    log = AuditLog(path, key=TEST_KEY)
    assert [r["kind"] for r in log.rows()] == ["kiosk.started"]
    log.append("kiosk.started", {})
    log.close()
    assert not is_plain_sqlite(path) and not list(tmp_path.glob("*.encrypting"))
    assert verify_chain(path, TEST_KEY).ok and verify_chain(path, TEST_KEY).rows == 2


def test_the_key_file_is_made_0600_once_and_the_credential_wins(tmp_path):
    key_file = tmp_path / "keys" / "storage.key"
    first = load_key(key_file, env={})
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert load_key(key_file, env={}).current == first.current
    creds = tmp_path / "creds"
    write_key_file(creds / CREDENTIAL_NAME, TEST_KEY.current)
    sealed = load_key(key_file, env={"CREDENTIALS_DIRECTORY": str(creds)})
    assert sealed.current == TEST_KEY.current and sealed.source == "credential"
    assert "credential" in repr(sealed) and TEST_KEY.current.hex() not in repr(sealed)


def test_a_key_file_inside_the_data_folder_is_refused(config, monkeypatch):
    monkeypatch.setenv("KIOSK_STORAGE__KEY_FILE", "var/storage.key")
    from kiosk.config import load_config

    inside = load_config(config.source)
    with pytest.raises(ConfigError, match="inside data.dir"):
        storage_key_for(inside)


def test_a_command_given_the_wrong_key_says_so_in_one_line(capsys, tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    cache.put_records(demo_records("330106"))
    cache.close()
    wrong = tmp_path / "wrong.key"
    write_key_file(wrong, OTHER_KEY.current)
    code = main(["search", "--cache", str(tmp_path / "cache.sqlite"), "--storage-key", str(wrong),
                 "--id-number", OUYANG, "--json"])
    captured = capsys.readouterr()
    assert code != 0 and "Traceback" not in captured.err
    assert json.loads(captured.out)["error"]["code"] == "STORAGE_KEY_INVALID"
