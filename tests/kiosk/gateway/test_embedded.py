"""The demo's embedded gateway: the real HTTP service in a thread, synced from like any other."""

from __future__ import annotations

from pathlib import Path

import httpx

from kiosk.archive.cache import ArchiveCache
from kiosk.gateway.embedded import EmbeddedGateway
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.syncer import SyncClient
from tests.kiosk.sync.gateway_fixture import make_district


def test_embedded_gateway_serves_the_feed_and_stops(tmp_path: Path):
    district = make_district(tmp_path / "keys")
    store = SqliteStore(tmp_path / "gw.sqlite")
    seed_archive(store, residents_wanted=20, page_images_for=0)
    expected = store.count()
    store.close()
    cache = ArchiveCache(tmp_path / "cache.sqlite")
    with EmbeddedGateway(tmp_path / "gw.sqlite", district.folder) as gw:
        health = httpx.get(f"{gw.url}/health").json()
        assert health["status"] == "ok" and health["algorithm"] == "ed25519"
        client = SyncClient(cache, gw.url, district.verifier())
        assert client.sync_once().applied == expected == cache.count()
        client.gateway.close()
        url = gw.url
    try:
        httpx.get(f"{url}/health", timeout=1)
        stopped = False
    except httpx.HTTPError:
        stopped = True
    assert stopped
    cache.close()
