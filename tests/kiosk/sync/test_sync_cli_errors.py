"""Bad input to `kiosk sync` and `kiosk gateway` ends in one typed error, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.kiosk.sync.gateway_fixture import make_district
from tests.storage_key import TEST_KEY, storage_key_file


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    try:
        code = main([*argv, "--json"])
    except SystemExit as e:  # refused by argparse, before the command runs
        code = int(e.code)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out.strip().splitlines()[-1])


@pytest.fixture
def district(tmp_path: Path):
    return make_district(tmp_path / "keys")


def test_sync_without_gateway_or_key_is_a_usage_error(capsys, tmp_path):
    code, out = run_json(capsys, "sync", "--cache", str(tmp_path / "c.sqlite"), "--storage-key", storage_key_file(), "--once")
    assert code == 2 and out["error"]["code"] == "USAGE"


def test_a_batch_size_beyond_the_gateways_limit_is_a_usage_error(capsys, tmp_path, district):
    code, out = run_json(capsys, "sync", "--gateway", "https://127.0.0.1:9", "--cache", str(tmp_path / "c.sqlite"), "--storage-key", storage_key_file(),
                         "--district-pub", str(district.pub), "--credentials", str(district.kiosk_tls), "--once", "--batch-size", "50000")
    assert code == 2 and "--batch-size" in out["error"]["message"]


def test_status_of_a_missing_cache_is_a_usage_error(capsys, tmp_path):
    code, out = run_json(capsys, "sync", "--cache", str(tmp_path / "none.sqlite"), "--storage-key", storage_key_file(), "--status")
    assert code == 2 and "no archive cache" in out["error"]["message"]
    assert not (tmp_path / "none.sqlite").exists()


def test_status_of_a_new_cache_says_never_synced(capsys, tmp_path):
    from kiosk.archive.cache import ArchiveCache

    ArchiveCache(tmp_path / "c.sqlite", key=TEST_KEY).close()
    code, out = run_json(capsys, "sync", "--cache", str(tmp_path / "c.sqlite"), "--storage-key", storage_key_file(), "--status")
    assert code == 0 and (out["cursor"], out["records"], out["last_sync"]) == (0, 0, None)


def test_a_missing_key_file_is_a_typed_error(capsys, tmp_path):
    code, out = run_json(capsys, "sync", "--gateway", "https://127.0.0.1:9", "--cache", str(tmp_path / "c.sqlite"), "--storage-key", storage_key_file(),
                         "--district-pub", str(tmp_path / "missing.pub"), "--once")
    assert code != 0 and out["error"]["code"]


@pytest.mark.parametrize("url", ["not-a-url", "http://127.0.0.1:9"])
def test_a_gateway_url_that_is_not_https_is_a_usage_error(capsys, tmp_path, district, url):
    code, out = run_json(capsys, "sync", "--gateway", url, "--cache", str(tmp_path / "c.sqlite"), "--storage-key", storage_key_file(),
                         "--district-pub", str(district.pub), "--credentials", str(district.kiosk_tls), "--once")
    assert code == 2 and out["error"]["code"] == "USAGE" and "--gateway" in out["error"]["message"]
    assert not (tmp_path / "c.sqlite").exists()


def test_sync_without_credentials_is_a_usage_error(capsys, tmp_path, district):
    code, out = run_json(capsys, "sync", "--gateway", "https://127.0.0.1:9", "--cache", str(tmp_path / "c.sqlite"), "--storage-key", storage_key_file(),
                         "--district-pub", str(district.pub), "--once")
    assert code == 2 and "--credentials" in out["error"]["message"]


def test_a_cache_that_is_not_a_database_is_moved_aside_and_kept(capsys, tmp_path, district):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    code, out = run_json(capsys, "sync", "--gateway", "https://127.0.0.1:9", "--cache", str(junk), "--storage-key", storage_key_file(),
                         "--district-pub", str(district.pub), "--credentials", str(district.kiosk_tls), "--once")
    # The sync would rebuild it; here only the gateway (nobody listens) stops it.
    assert code != 0 and out["error"]["code"] == "GATEWAY_UNREACHABLE"
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("junk.sqlite.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is not sqlite" * 100


def test_seed_needs_residents_or_count(capsys, tmp_path):
    code, out = run_json(capsys, "gateway", "seed", "--db", str(tmp_path / "gw.sqlite"))
    assert code == 2 and out["error"]["code"] == "USAGE"
    code, out = run_json(capsys, "gateway", "seed", "--db", str(tmp_path / "gw.sqlite"), "--residents", "0")
    assert code == 2 and "at least 1" in out["error"]["message"]


def test_add_to_an_empty_archive_is_refused(capsys, tmp_path):
    code, out = run_json(capsys, "gateway", "seed", "--db", str(tmp_path / "gw.sqlite"), "--residents", "3", "--add")
    assert code == 2 and "empty" in out["error"]["message"]


def test_an_unreachable_postgres_is_a_typed_error(capsys):
    code, out = run_json(capsys, "gateway", "seed", "--db", "postgresql://nobody:x@127.0.0.1:1/none", "--count")
    assert code != 0 and out["error"]["code"] == "GATEWAY_DB_UNREACHABLE"


@pytest.mark.parametrize("peer", ["330108", "330108=ftp://x", "=https://x", "330108=http://plain:8700"])
def test_serve_refuses_a_malformed_peer(capsys, tmp_path, district, peer):
    code, out = run_json(capsys, "gateway", "serve", "--db", str(tmp_path / "gw.sqlite"), "--credentials",
                         str(district.gateway_tls), "--peer", peer)
    assert code == 2 and "--peer" in out["error"]["message"]


def test_requests_desk_is_mounted(capsys, tmp_path):
    code, out = run_json(capsys, "gateway", "requests", "list", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "does not exist" in out["error"]["message"]


def test_a_gateway_database_that_cannot_be_opened_is_a_typed_error(capsys, tmp_path):
    (tmp_path / "folder").mkdir()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    code, out = run_json(capsys, "gateway", "seed", "--db", str(tmp_path / "folder"), "--count")
    assert code == 2 and out["error"]["code"] == "USAGE" and "is a folder" in out["error"]["message"]
    code, out = run_json(capsys, "gateway", "seed", "--db", str(junk), "--count")
    assert code == 1 and out["error"]["code"] == "GATEWAY_DB_UNREACHABLE"


def test_serving_on_a_port_in_use_is_a_typed_error(capsys, tmp_path, district):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, out = run_json(capsys, "gateway", "serve", "--db", str(tmp_path / "gw.sqlite"), "--credentials",
                             str(district.gateway_tls), "--port", str(taken.getsockname()[1]))
    assert code == 2 and out["error"]["code"] == "GATEWAY_ADDRESS_IN_USE"
