"""The demo's embedded gateway: the real HTTPS service in a thread, synced from like any other."""

from __future__ import annotations

from pathlib import Path

import httpx

from kiosk.archive.cache import ArchiveCache
from kiosk.crypto.keys import load_verifier
from kiosk.gateway.embedded import EmbeddedGateway
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.syncer import SyncClient
from kiosk.tls.credentials import Credentials
from kiosk.tls.district import ensure_demo_district
from tests.storage_key import TEST_KEY


def test_embedded_gateway_serves_the_feed_over_mutual_tls_and_stops(tmp_path: Path):
    gateway_tls, kiosk_tls = ensure_demo_district(tmp_path / "keys", "330106", "demo-01")
    assert (tmp_path / "keys" / "ca.key").stat().st_mode & 0o777 == 0o600
    store = SqliteStore(tmp_path / "gw.sqlite")
    seed_archive(store, residents_wanted=20, page_images_for=0)
    expected = store.count()
    store.close()
    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    kiosk = Credentials.load(kiosk_tls).client_context()
    with EmbeddedGateway(tmp_path / "gw.sqlite", gateway_tls) as gw:
        assert gw.url.startswith("https://127.0.0.1:")
        health = httpx.get(f"{gw.url}/health", verify=kiosk).json()
        assert health["status"] == "ok" and health["algorithm"] == "ed25519"
        client = SyncClient(cache, gw.url, load_verifier(tmp_path / "keys" / "district.pub"), tls=kiosk)
        assert client.sync_once().applied == expected == cache.count()
        client.gateway.close()
        url = gw.url
    try:
        httpx.get(f"{url}/health", timeout=1, verify=kiosk)
        stopped = False
    except httpx.HTTPError:
        stopped = True
    assert stopped
    cache.close()


def test_the_demo_district_is_made_once_and_kept(tmp_path: Path):
    first = ensure_demo_district(tmp_path / "d", "330106", "demo-01")
    cert = (first[1] / "cert.pem").read_bytes()
    assert ensure_demo_district(tmp_path / "d", "330106", "demo-01") == first
    assert (first[1] / "cert.pem").read_bytes() == cert
