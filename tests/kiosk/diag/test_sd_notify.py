"""The notify protocol against a real datagram socket, and silence outside systemd."""

from __future__ import annotations

import os

import pytest

from kiosk.diag.sd_notify import SdNotifier
from tests.kiosk.diag.fake_systemd import FakeSystemd


@pytest.fixture
def systemd(tmp_path):
    fake = FakeSystemd(tmp_path, watchdog_s=5.0)
    yield fake
    fake.close()


def test_ready_status_watchdog_and_stopping_reach_the_socket(systemd, qtbot):
    n = SdNotifier.from_env(systemd.env)
    assert n.enabled and n.watchdog_interval_s == 2.5
    assert n.ready("attract") and n.watchdog() and n.status("diagnostics") and n.stopping()
    qtbot.waitUntil(lambda: len(systemd.lines()) == 5)
    assert systemd.lines() == ["READY=1", "STATUS=attract", "WATCHDOG=1", "STATUS=diagnostics", "STOPPING=1"]
    n.close()


def test_outside_systemd_every_call_is_a_no_op():
    n = SdNotifier.from_env({})
    assert not n.enabled and n.watchdog_interval_s is None
    assert n.ready() is False and n.watchdog() is False


def test_a_watchdog_meant_for_another_process_is_ignored(systemd):
    env = {**systemd.env, "WATCHDOG_PID": str(os.getpid() + 1)}
    assert SdNotifier.from_env(env).watchdog_interval_s is None


def test_a_vanished_socket_does_not_raise(tmp_path):
    assert SdNotifier(str(tmp_path / "gone.sock")).watchdog() is False
