"""The storage the sync writes to, as ``kiosk diag`` and the health report sent to the gateway show it, on
real filesystems: ok, full, read-only, a file where the folder belongs, a folder where the cache belongs;
with the free bytes against the watermark. (Permission, which root cannot be refused, is tried as an
unprivileged user in tests/integration/test_unprivileged_storage.py.)"""

from __future__ import annotations

import json

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.cli import main
from kiosk.diag.health_board import HealthBoard
from kiosk.diag.health_report import build_health_report
from kiosk.diag.storage import check_storage
from kiosk.storage_state import sync_storage_state
from tests.kiosk.storage_faults.filesystems import fill, remount, small_filesystem
from tests.conftest import write_config
from tests.storage_key import TEST_KEY

MB = 1024 * 1024


def state(cache_path, min_mb: int = 1, warn_mb: int = 4) -> dict:
    return sync_storage_state(cache_path, min_free_bytes=min_mb * MB, warn_free_bytes=warn_mb * MB)


def test_a_writable_folder_is_ok_and_the_free_bytes_are_measured_against_the_watermark(tmp_path):
    ok = state(tmp_path / "var" / "cache.sqlite")  # the folder is made at the first sync
    assert ok["state"] == "ok" and "code" not in ok and ok["free_bytes"] > 0
    assert ok["below_watermark"] is False
    with small_filesystem(tmp_path / "disk", size_kb=3 * 1024) as disk:
        low = state(disk / "cache.sqlite", min_mb=1, warn_mb=8)  # 3 MB free, warned below 8
        assert low["state"] == "ok" and low["below_watermark"] is True and low["free_bytes"] <= 3 * MB


def test_a_full_disk_and_a_read_only_one(tmp_path):
    with small_filesystem(tmp_path / "disk", size_kb=1024) as disk:
        fill(disk)
        full = state(disk / "cache.sqlite")
        assert full["state"] == "full" and full["free_bytes"] < MB and full["below_watermark"]
        (disk / "ballast").unlink()
        remount(disk, "ro")
        read_only = state(disk / "cache.sqlite")
        assert read_only["state"] == "read_only" and read_only["code"] == "STORAGE_READ_ONLY"
        assert str(disk / "cache.sqlite") in read_only["message"] and "remount" in read_only["message"]


def test_paths_that_cannot_be_a_folder_or_a_file(tmp_path):
    (tmp_path / "var").write_text("a file where the data folder belongs")
    under_file = state(tmp_path / "var" / "sub" / "cache.sqlite")
    assert under_file["state"] == "not_a_folder" and under_file["code"] == "STORAGE_NOT_A_FOLDER"
    (tmp_path / "data" / "cache.sqlite").mkdir(parents=True)
    folder = state(tmp_path / "data" / "cache.sqlite")
    assert folder["state"] == "not_a_file" and folder["code"] == "STORAGE_NOT_A_FILE"


def test_the_state_goes_to_diagnostics_and_to_the_gateway_with_an_alert(tmp_path):
    with small_filesystem(tmp_path / "disk", size_kb=2048) as disk:
        ArchiveCache(disk / "cache.sqlite", key=TEST_KEY).close()
        remount(disk, "ro")
        result = check_storage(disk, disk / "cache.sqlite", key=TEST_KEY, min_free_mb=0, warn_free_mb=1)
        assert not result.ok and result.state == "read_only"
        assert result.facts["sync_storage"]["state"] == "read_only"
        report = build_health_report("kiosk-07", "测试服务点", [result])
        assert report["storage"]["state"] == "read_only" and report["storage"]["free_bytes"] >= 0
        board = HealthBoard(":memory:")
        board.record(json.loads(json.dumps(report)))  # as it travels
        seen = board.kiosk("kiosk-07")
        assert seen is not None and not seen["ok"]
        assert [a["code"] for a in seen["alerts"]] == ["STORAGE_READ_ONLY"]


@pytest.fixture
def config_file_with_cache_folder(tmp_path):
    cfg = write_config(tmp_path / "config" / "kiosk.toml")
    var = tmp_path / "var"
    text = cfg.read_text(encoding="utf-8").replace('path = "var/cache.sqlite"', f'path = "{var / "cache.sqlite"}"')
    cfg.write_text(text.replace('dir = "var"', f'dir = "{var}"'), encoding="utf-8")
    (var / "cache.sqlite").mkdir(parents=True)  # a folder where the cache file belongs
    return cfg


def test_kiosk_diag_names_the_sync_storage_state(tmp_path, capsys, config_file_with_cache_folder):
    code = main(["diag", "--config", str(config_file_with_cache_folder), "--device", "storage", "--json"])
    out = json.loads(capsys.readouterr().out)
    storage = next(d for d in out["devices"] if d["device"] == "storage")
    assert code == 1 and storage["state"] == "not_a_file"
    assert storage["facts"]["sync_storage"]["code"] == "STORAGE_NOT_A_FILE"
    assert "free_bytes" in storage["facts"]["sync_storage"]
