"""The feed compressed with zstd when the kiosk asks for it: fewer bytes on the wire, the same verified
batch after decoding, and the uncompressed answer for a kiosk that does not ask."""

from __future__ import annotations

from pathlib import Path

import httpx
import zstandard

from kiosk.gateway.feed import accepts_zstd
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.batch import decode
from tests.kiosk.sync.gateway_fixture import gateway, make_district


def test_accept_encoding_is_read_as_http_says():
    assert accepts_zstd("gzip, deflate, zstd") and accepts_zstd("ZSTD;q=0.5")
    assert not accepts_zstd("gzip, br") and not accepts_zstd("zstd;q=0") and not accepts_zstd("")


def test_a_kiosk_asking_for_zstd_gets_the_same_batch_in_fewer_bytes(tmp_path: Path):
    district = make_district(tmp_path / "keys")
    store = SqliteStore(tmp_path / "gw.sqlite")
    seed_archive(store, residents_wanted=200, page_images_for=0)
    with gateway(store, district) as url, district.client(base_url=url, timeout=30) as client:
        params = {"cursor": 0, "limit": 500}
        plain = client.get("/feed", params=params, headers={"Accept-Encoding": "identity"})
        with client.stream("GET", "/feed", params=params, headers={"Accept-Encoding": "zstd"}) as packed:
            wire = b"".join(packed.iter_raw())  # the bytes as sent, before httpx decodes them
            encoding = packed.headers.get("content-encoding")
    store.close()
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert encoding == "zstd" and len(wire) < len(plain.content) / 3
    unpacked = zstandard.ZstdDecompressor().decompressobj().decompress(wire)
    assert unpacked == plain.content
    assert len(decode(unpacked, district.verifier()).ops) == 500
