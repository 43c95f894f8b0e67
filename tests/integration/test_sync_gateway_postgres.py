"""The same sync, with the district gateway's archive on PostgreSQL (a schema of its own per test)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from kiosk.gateway.seed import add_changes
from kiosk.gateway.server import wait_serving
from tests.kiosk.sync.gateway_fixture import (cached_records, kiosk, kiosk_popen, live_records, make_district,
                                              postgres_store)
from tests.storage_key import storage_key_file

pytestmark = pytest.mark.integration


def out(result) -> dict:
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def pg_store():
    try:
        with postgres_store() as store:
            yield store
    except Exception as e:  # noqa: BLE001
        if "GATEWAY_DB_UNREACHABLE" in str(e) or "connection" in str(e).lower():
            pytest.fail(f"the test PostgreSQL is not running (./scripts/services start): {e}")
        raise


def test_full_sync_and_changes_from_a_postgres_gateway(tmp_path: Path, pg_store):
    district = make_district(tmp_path / "keys", "sm2")
    url_db = pg_store.url
    seeded = out(kiosk("gateway", "seed", "--db", url_db, "--residents", "200", "--pages-for", "2", "--json"))
    count = out(kiosk("gateway", "seed", "--db", url_db, "--count", "--json"))["records"]
    assert count == seeded["records"] == pg_store.count("record") > 200
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = kiosk_popen("gateway", "serve", "--db", url_db, "--credentials", str(district.gateway_tls), "--port",
                         str(port))
    cache = tmp_path / "cache.sqlite"
    sync = ("sync", "--gateway", f"https://127.0.0.1:{port}", "--cache", str(cache), "--storage-key", storage_key_file(), "--district-pub",
            str(district.pub), "--credentials", str(district.kiosk_tls), "--once", "--json", "--batch-size", "250")
    try:
        wait_serving(f"https://127.0.0.1:{port}", district.kiosk_context(), 30)
        first = out(kiosk(*sync))
        assert first["applied"] == count and first["batches"] == -(-count // 250) and first["blobs"] > 0
        assert set(cached_records(cache)) == set(live_records(pg_store))
        changes = add_changes(pg_store, residents_new=15)
        second = out(kiosk(*sync))
        assert second["deleted"] == changes["deleted"] > 0
        assert second["applied"] == changes["edited"] + changes["records"]
        after, truth = cached_records(cache), live_records(pg_store)
        assert {k: v["title"] for k, v in after.items()} == {k: v["title"] for k, v in truth.items()}
        status = out(kiosk("sync", "--cache", str(cache), "--storage-key", storage_key_file(), "--status", "--json"))
        assert status["records"] == pg_store.count("record") and status["cursor"] == second["cursor"]
    finally:
        server.terminate()
        server.wait(10)
