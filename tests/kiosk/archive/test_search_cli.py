"""`kiosk search` as a command: JSON shape, masking, exit codes, one-line typed errors, never a traceback."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from kiosk.cli import main
from kiosk.privacy import ID_NUMBER_RE
from tests.kiosk.archive.conftest import OUYANG
from tests.storage_key import storage_key_file

PUBLIC_KEYS = {"record_id", "record_type", "type_label", "year", "archive_code", "fonds", "reference", "office",
               "retention", "linked", "score", "title", "names", "action"}


def kiosk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "search", *args], capture_output=True, text=True,
                          timeout=60)


def test_own_records_by_id_number(cache_file):
    done = kiosk("--cache", str(cache_file), "--storage-key", storage_key_file(), "--id-number", OUYANG, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"results", "count"} and out["count"] == len(out["results"]) >= 5
    for r in out["results"]:
        assert set(r) == PUBLIC_KEYS | {"date", "subject_id", "pages"}
        assert r["subject_id"] == OUYANG and r["action"] == "view" and r["linked"] is True


def test_catalogue_search_as_a_resident_masks_everyone_else(cache_file):
    done = kiosk("--cache", str(cache_file), "--storage-key", storage_key_file(), "--query", "欧阳秀英", "--id-number", OUYANG, "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    own = [r for r in results if r["linked"]]
    others = [r for r in results if not r["linked"]]
    assert own and others  # her linked records, and her older names-only one
    assert all(r["names"] == ["欧阳秀英"] for r in own)
    assert [r["names"] for r in others if r["score"] >= 10] == [["欧**英"]]  # then fuzzy hits, masked too
    for r in others:
        assert set(r) == PUBLIC_KEYS and r["action"] == "request" and all("*" in n for n in r["names"])
        assert not ID_NUMBER_RE.search(json.dumps(r, ensure_ascii=False))


def test_filters_and_the_readable_form(cache_file):
    done = kiosk("--cache", str(cache_file), "--storage-key", storage_key_file(), "--query", "司徒", "--type", "学籍档案", "--year", "1962")
    assert done.returncode == 0 and done.stdout.splitlines() == ["1962  学籍档案  初中学籍卡  司**琴、上*明  [request]"]


@pytest.mark.parametrize("args, code, exit_code", [
    (["--query", "  ，。"], "SEARCH_EMPTY_QUERY", 2),
    (["--id-number", "330106195203142628"], "SEARCH_BAD_ID_NUMBER", 2),
    (["--query", "张", "--year", "1899"], "SEARCH_BAD_YEAR", 2),
])
def test_bad_input_exits_with_a_typed_error_on_stderr(cache_file, args, code, exit_code):
    done = kiosk("--cache", str(cache_file), "--storage-key", storage_key_file(), *args)
    assert done.returncode == exit_code and done.stdout == ""
    assert done.stderr.startswith("kiosk search: ") and done.stderr.rstrip().endswith(f"[{code}]")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert "330106195203142628" not in done.stderr  # a rejected number is echoed masked


def test_a_missing_cache_is_a_typed_error_in_json_too(tmp_path):
    done = kiosk("--cache", str(tmp_path / "none.sqlite"), "--storage-key", storage_key_file(), "--query", "张", "--json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "USAGE" and "--cache" in error["message"] and "does not exist" in error["message"]
    assert not (tmp_path / "none.sqlite").exists()  # searching never creates an empty cache


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    try:
        code = main(["search", *argv, "--json"])
    except SystemExit as e:  # refused by argparse, before the command runs
        code = int(e.code)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out)


@pytest.mark.parametrize("args, code", [
    ([], "USAGE"),
    (["--query", ""], "SEARCH_EMPTY_QUERY"),
    (["--query", "张" * 65], "SEARCH_QUERY_TOO_LONG"),
    (["--id-number", "12345"], "SEARCH_BAD_ID_NUMBER"),
    (["--query", "张", "--type", "passport"], "SEARCH_BAD_TYPE"),
    (["--query", "张", "--year", "nineteen"], "SEARCH_BAD_YEAR"),
    (["--query", "张", "--limit", "0"], "USAGE"),
])
def test_every_input_error_has_its_code(capsys, cache_file, args, code):
    status, out = run_json(capsys, "--cache", str(cache_file), "--storage-key", storage_key_file(), *args)
    assert status == 2 and out["error"]["code"] == code and out["error"]["message"]


def test_a_file_that_is_not_a_cache_is_refused_untouched(capsys, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database", encoding="utf-8")
    status, out = run_json(capsys, "--cache", str(text), "--storage-key", storage_key_file(), "--query", "张")
    assert status == 1 and out["error"]["code"] == "CACHE_NOT_A_CACHE"
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE audit (row TEXT)")
    conn.commit()
    conn.close()
    status, out = run_json(capsys, "--cache", str(other), "--storage-key", storage_key_file(), "--query", "张")
    assert status == 1 and out["error"]["code"] == "CACHE_NOT_A_CACHE"
    conn = sqlite3.connect(other)
    assert [n for (n,) in conn.execute("SELECT name FROM sqlite_master")] == ["audit"]
    conn.close()


def test_limit_bounds_the_results(capsys, cache_file):
    status, out = run_json(capsys, "--cache", str(cache_file), "--storage-key", storage_key_file(), "--query", "丽", "--limit", "3")
    assert status == 0 and out["count"] == 3
