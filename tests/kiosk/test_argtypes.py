"""The argument types accept what a technician would type, and say in one line what is wrong otherwise."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3

import pytest

from kiosk.commands import argtypes as at


def refused(parse, value: str) -> str:
    with pytest.raises(argparse.ArgumentTypeError) as e:
        parse(value)
    message = str(e.value)
    assert "\n" not in message
    return message


def test_numbers_within_bounds_pass_and_others_are_named():
    assert at.seconds("0.5") == 0.5 and at.seconds(" 60 ") == 60.0
    assert at.positive_int("20") == 20
    assert "finite" in refused(at.seconds, "nan") and "finite" in refused(at.seconds, "1e309")
    assert "greater than 0" in refused(at.seconds, "0")
    assert "at most" in refused(at.number(int, minimum=1, maximum=10), "11")
    assert "whole number" in refused(at.positive_int, "1.5")
    assert "too long" in refused(at.positive_int, "9" * 100)


def test_dates_inside_the_range_pass():
    assert at.date_between()("2026-03-01") == dt.date(2026, 3, 1)
    assert "outside" in refused(at.date_between(), "9999-12-31")
    assert at.datetime_between()("2026-03-01T08:00:00+08:00").hour == 8


@pytest.mark.parametrize("url", ["http://127.0.0.1:8700", "https://gateway.district.example/", "http://[::1]:8700",
                                 "http://localhost"])
def test_urls_a_kiosk_uses_pass(url):
    assert at.http_url(url) == url.rstrip("/")


def test_hosts_and_codes():
    assert at.host("::1") == "::1" and at.host("[::1]") == "[::1]" and at.host("gw-1.example") == "gw-1.example"
    assert at.code("kiosk-330106-01") == "kiosk-330106-01"
    assert "identifier" in refused(at.code, "a/b")


def test_paths_that_are_fine(tmp_path):
    f = tmp_path / "f.txt"
    f.write_text("x", encoding="utf-8")
    assert at.existing_file(str(f)) == str(f) and at.existing_text_file(str(f)) == str(f)
    assert at.existing_dir(str(tmp_path)) == str(tmp_path)
    assert at.creatable_file(str(tmp_path / "new.pdf")) == str(tmp_path / "new.pdf")
    assert at.creatable_file(str(f)) == str(f)  # an existing file may be replaced
    assert at.creatable_dir(str(tmp_path / "a" / "b" / "c")) == str(tmp_path / "a" / "b" / "c")
    assert not (tmp_path / "a").exists()  # checking creates nothing


def test_paths_that_are_not(tmp_path):
    f = tmp_path / "f.txt"
    f.write_text("x", encoding="utf-8")
    assert "is a folder" in refused(at.existing_file, str(tmp_path))
    assert "is a file" in refused(at.creatable_dir, str(f))
    assert "is a file" in refused(at.creatable_dir, str(f / "sub" / "deeper"))
    assert "is a folder" in refused(at.creatable_file, str(tmp_path))
    assert "does not exist" in refused(at.creatable_file, str(tmp_path / "no" / "x.pdf"))


def test_databases(tmp_path):
    db = tmp_path / "gw.sqlite"
    sqlite3.connect(db).execute("create table t (x)").connection.close()
    assert at.existing_database(str(db)) == str(db)
    assert at.existing_database("postgresql://kiosk:kiosk@127.0.0.1/kiosk_test").startswith("postgresql://")
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert "not an SQLite database" in refused(at.existing_database, str(empty))
    assert at.database(str(tmp_path / "new.sqlite")) == str(tmp_path / "new.sqlite")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_a_folder_another_user_cannot_enter_is_left_to_the_command_for_that_user(tmp_path):
    """The path may be right; this user may not look at it: the argument passes, and the command reports
    STORAGE_PERMISSION where it opens the file (tests/integration/test_unprivileged_storage.py)."""
    import subprocess
    import sys

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "cache.sqlite").write_bytes(b"")
    locked.chmod(0)
    tmp_path.chmod(0o755)
    script = ("import argparse, sys\nfrom kiosk.commands import argtypes as at\n"
              "try:\n    print(at.existing_file(sys.argv[1]))\nexcept argparse.ArgumentTypeError as e:\n"
              "    print('refused:', e)\n")
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", script,
                           str(locked / "cache.sqlite")], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.strip() == str(locked / "cache.sqlite"), done.stdout
