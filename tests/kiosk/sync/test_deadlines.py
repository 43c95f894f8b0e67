"""Deadlines for a whole exchange: a peer that trickles bytes (real TLS sockets on loopback) is cut off as
GATEWAY_TOO_SLOW at the batch's deadline, however steadily its bytes come; the run's deadline bounds a
whole sync; the command line ends in one line, well before a minute."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.errors import GatewayTooSlow, GatewayUnreachable
from kiosk.sync.client import GatewayClient
from kiosk.sync.syncer import SyncClient
from tests.kiosk.sync.gateway_fixture import make_district
from tests.kiosk.sync.trickler import Trickler
from tests.storage_key import TEST_KEY, storage_key_file

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return make_district(tmp_path_factory.mktemp("district"))


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_trickling_peer_is_cut_off_at_the_deadline(district, in_headers):
    with Trickler(district.tls().server_context(), in_headers=in_headers) as peer:
        client = GatewayClient(peer.url, timeout_s=5.0, tls=district.kiosk_context(), deadline_s=1.0)
        started = time.monotonic()
        with pytest.raises(GatewayTooSlow) as e:
            client.batch(0, "", True, 100)
        took = time.monotonic() - started
        client.close()
    # Bytes kept coming (each read was well within its 5 s timeout), yet the call ended at its deadline.
    assert peer.sent >= 5 and 0.9 < took < 3.0, (peer.sent, took)
    assert e.value.code == "GATEWAY_TOO_SLOW" and isinstance(e.value, GatewayUnreachable)


def test_a_sync_run_stops_at_the_batch_deadline_and_keeps_its_cache(district, tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    with Trickler(district.tls().server_context()) as peer:
        sync = SyncClient(cache, peer.url, district.verifier(), timeout_s=5.0, tls=district.kiosk_context(),
                          batch_deadline_s=0.8, run_deadline_s=30.0)
        started = time.monotonic()
        with pytest.raises(GatewayTooSlow):
            sync.sync_once()
        assert time.monotonic() - started < 3.0
        assert sync.status()["last_error"] == "GATEWAY_TOO_SLOW" and cache.count() == 0
        sync.gateway.close()
    cache.close()


def test_the_run_deadline_caps_each_call(district, tmp_path):
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    with Trickler(district.tls().server_context()) as peer:
        sync = SyncClient(cache, peer.url, district.verifier(), timeout_s=5.0, tls=district.kiosk_context(),
                          batch_deadline_s=30.0, run_deadline_s=0.7)
        started = time.monotonic()
        with pytest.raises(GatewayTooSlow):
            sync.sync_once()
        assert time.monotonic() - started < 3.0
        sync.gateway.close()
    cache.close()


def test_kiosk_sync_once_against_a_trickler_ends_in_one_line(district, tmp_path):
    with Trickler(district.tls().server_context(), max_bytes=2000) as peer:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "kiosk.cli", "sync", "--once", "--gateway", peer.url,
                               "--credentials", str(district.kiosk_tls), "--district-pub", str(district.pub),
                               "--cache", str(tmp_path / "cache.sqlite"), "--storage-key", storage_key_file(), "--batch-deadline", "2", "--json"],
                              capture_output=True, text=True, timeout=60, env={"PYTHONPATH": str(ROOT)})
        took = time.monotonic() - started
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["error"]["code"] == "GATEWAY_TOO_SLOW"
    assert took < 20, took
