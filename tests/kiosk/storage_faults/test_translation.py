"""SQLite's and the system's words for a full, read-only or forbidden disk become typed errors with the
path and what to do — on real filesystems: a tmpfs of 1 MB, remounted read-only, a folder of another user."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.errors import StorageFull, StoragePathError, StoragePermission, StorageReadOnly
from kiosk.storage_faults import free_bytes, storage_fault, storage_guard
from tests.kiosk.storage_faults.filesystems import fill, remount, small_filesystem

ROOT = Path(__file__).resolve().parents[3]


def write_until_it_fails(db_path: Path) -> BaseException:
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        db.execute("CREATE TABLE t (b BLOB)")
        for _ in range(10_000):
            db.execute("INSERT INTO t VALUES (?)", [os.urandom(64 * 1024)])
    except sqlite3.Error as e:
        return e
    finally:
        db.close()
    raise AssertionError("a 1 MB filesystem took 640 MB")


def test_sqlite_on_a_full_disk_is_storage_full(tmp_path):
    with small_filesystem(tmp_path / "mnt") as mnt:
        db_path = mnt / "cache.sqlite"
        error = write_until_it_fails(db_path)
        fault = storage_fault(error, db_path)
        assert isinstance(fault, StorageFull) and fault.code == "STORAGE_FULL"
        assert str(db_path) in fault.message and "free space" in fault.message
        assert fault.detail["free_bytes"] == free_bytes(db_path) and fault.detail["free_bytes"] < 100_000


def test_wal_set_up_on_a_full_disk_is_storage_full_not_a_disk_io_error(tmp_path):
    with small_filesystem(tmp_path / "mnt") as mnt:
        fill(mnt)
        with pytest.raises(StorageFull) as e:
            with storage_guard(mnt / "journal.sqlite"):
                db = sqlite3.connect(mnt / "journal.sqlite", isolation_level=None)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("CREATE TABLE jobs (id INTEGER)")
                finally:
                    db.close()
        assert e.value.detail["path"] == str(mnt / "journal.sqlite")


def test_a_file_write_on_a_full_disk_is_storage_full(tmp_path):
    with small_filesystem(tmp_path / "mnt") as mnt:
        with pytest.raises(StorageFull):
            with storage_guard(mnt / "page.png"):
                fill(mnt)
                with open(mnt / "page.png", "wb") as f:
                    f.write(b"x" * 65536)
                    f.flush()
                    os.fsync(f.fileno())


def test_a_read_only_mount_is_storage_read_only(tmp_path):
    with small_filesystem(tmp_path / "mnt") as mnt:
        db_path = mnt / "cache.sqlite"
        db = sqlite3.connect(db_path, isolation_level=None)
        db.execute("CREATE TABLE t (x)")
        db.close()
        remount(mnt, "ro")
        db = sqlite3.connect(db_path, isolation_level=None)
        with pytest.raises(StorageReadOnly) as e:
            with storage_guard(db_path):
                db.execute("INSERT INTO t VALUES (1)")
        db.close()
        assert "read-only" in e.value.message and e.value.detail["path"] == str(db_path)
        with pytest.raises(StorageReadOnly):
            with storage_guard(mnt / "new.txt"):
                (mnt / "new.txt").write_text("x")


def test_a_folder_of_another_user_is_storage_permission(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to run a check as another user")
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    tmp_path.chmod(0o755)
    script = ("import sqlite3, sys\nfrom kiosk.storage_faults import storage_fault\n"
              "try:\n    sqlite3.connect(sys.argv[1]).execute('CREATE TABLE t (x)')\n"
              "except sqlite3.Error as e:\n    f = storage_fault(e, sys.argv[1]); print(f.code if f else repr(e))\n")
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                           script, str(data / "cache.sqlite")], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "STORAGE_PERMISSION"


@pytest.mark.parametrize("number, kind, code", [
    (errno.ENOSPC, StorageFull, "STORAGE_FULL"), (errno.EDQUOT, StorageFull, "STORAGE_FULL"),
    (errno.EROFS, StorageReadOnly, "STORAGE_READ_ONLY"), (errno.EACCES, StoragePermission, "STORAGE_PERMISSION"),
    (errno.EPERM, StoragePermission, "STORAGE_PERMISSION"), (errno.EISDIR, StoragePathError, "STORAGE_NOT_A_FILE"),
])
def test_each_system_error(tmp_path, number, kind, code):
    fault = storage_fault(OSError(number, os.strerror(number)), tmp_path / "x")
    assert isinstance(fault, kind) and fault.code == code and str(tmp_path / "x") in fault.message


def test_a_path_under_a_regular_file_names_the_file_in_the_way(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoragePathError) as e:
        with storage_guard(tmp_path / "afile" / "data"):
            (tmp_path / "afile" / "data").mkdir(parents=True, exist_ok=True)
    assert e.value.code == "STORAGE_NOT_A_FOLDER" and e.value.detail["blocked_at"] == str(tmp_path / "afile")


def test_other_errors_pass_through_untouched(tmp_path):
    assert storage_fault(ValueError("x"), tmp_path) is None
    assert storage_fault(sqlite3.OperationalError("no such table: t"), tmp_path) is None
    assert storage_fault(OSError(errno.ECONNREFUSED, "refused"), tmp_path) is None
    with pytest.raises(KeyError):
        with storage_guard(tmp_path):
            raise KeyError("k")
