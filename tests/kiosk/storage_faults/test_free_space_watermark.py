"""Free space in diagnostics on a real 8 MB filesystem: above the warning level ready, below it a warning
(the kiosk works; the health report raises DISK_SPACE_LOW), below the minimum a failure."""

from __future__ import annotations

import os

from kiosk.archive.cache import ArchiveCache
from kiosk.diag.health_report import alerts_for
from kiosk.diag.storage import check_storage
from tests.kiosk.storage_faults.filesystems import small_filesystem
from tests.storage_key import TEST_KEY


def take(folder, mb: int) -> None:
    with open(folder / f"ballast-{mb}", "wb") as f:
        f.write(b"\0" * (mb * 1024 * 1024))
        os.fsync(f.fileno())


def test_the_watermarks(tmp_path):
    with small_filesystem(tmp_path / "disk", size_kb=8 * 1024) as disk:
        ArchiveCache(disk / "cache.sqlite", key=TEST_KEY).close()
        check = lambda: check_storage(disk, disk / "cache.sqlite", warn_free_mb=4, min_free_mb=2, key=TEST_KEY)  # noqa: E731
        first = check()
        assert first.facts["warn_free_mb"] == 4 and first.state != "space_low"
        take(disk, 5)  # about 3 MB left: under the warning level, over the minimum
        warned = check()
        assert warned.ok and warned.state == "space_low" and "warning level" in warned.detail
        assert {"code": "DISK_SPACE_LOW", "device": "storage", "message": warned.detail} in alerts_for([warned])
        take(disk, 2)  # about 1 MB left
        low = check()
        assert not low.ok and low.state == "low_space" and "minimum" in low.detail
        assert alerts_for([low])[0]["code"] == "LOW_DISK_SPACE"
