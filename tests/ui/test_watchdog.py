"""The watchdog is fed from the UI thread: block that thread and the pings stop, systemd would notice."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.diag.sd_notify import SdNotifier
from tests.kiosk.diag.fake_systemd import FakeSystemd
from ui.watchdog import UiWatchdog

WATCHDOG_S = 1.0
BLOCK_S = 2.5


@pytest.fixture
def systemd(tmp_path):
    fake = FakeSystemd(tmp_path, watchdog_s=WATCHDOG_S)
    yield fake
    fake.close()


def test_a_blocked_ui_thread_stops_the_pings_and_the_watchdog_notices(qtbot, systemd):
    watchdog = UiWatchdog(SdNotifier.from_env(systemd.env))
    assert watchdog.interval_s == WATCHDOG_S / 2
    watchdog.start("attract")
    qtbot.waitUntil(lambda: systemd.pings_since(0) >= 3, timeout=5000)
    assert systemd.lines()[:2] == ["READY=1", "STATUS=attract"]

    # Deliberately freeze the UI thread (this test runs on it): no event loop, no QTimer, no ping.
    blocked_from = time.monotonic()
    with qtbot.waitSignal(watchdog.stalled, timeout=5000) as stall:
        threading.Event().wait(BLOCK_S)
        blocked_until = time.monotonic()
    assert stall.args[0] >= (BLOCK_S - WATCHDOG_S) * 1000, "the UI noticed how long it was blocked"

    expired = systemd.expirations()
    assert any(blocked_from < t <= blocked_until + 0.2 for t in expired), \
        f"systemd's watchdog should have expired during the block; expirations {expired}"
    # Once the UI thread runs again, so do the pings.
    qtbot.waitUntil(lambda: systemd.pings_since(blocked_until) >= 2, timeout=5000)
    watchdog.stop()
    qtbot.waitUntil(lambda: "STOPPING=1" in systemd.lines())


def test_a_busy_background_thread_does_not_stop_the_pings(qtbot, systemd):
    watchdog = UiWatchdog(SdNotifier.from_env(systemd.env))
    watchdog.start()
    release = threading.Event()
    busy = threading.Thread(target=release.wait, daemon=True)
    busy.start()
    started = time.monotonic()
    qtbot.waitUntil(lambda: systemd.pings_since(started) >= 3, timeout=5000)
    release.set()
    watchdog.stop()
    assert systemd.expirations() == []
