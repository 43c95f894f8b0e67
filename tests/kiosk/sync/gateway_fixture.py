"""A real district gateway on loopback for the sync tests: the app on uvicorn over mutual TLS, a throwaway
district (root key, TLS CA, gateway and kiosk credentials), helpers.

Imported by the unit tests here and by ``tests/integration/test_sync_gateway*.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response

from kiosk.crypto.keys import Signer, generate, save_pair, verifier_for
from kiosk.gateway.app import create_app
from kiosk.gateway.server import ThreadedServer
from kiosk.gateway.tls_setup import GatewayTLS
from kiosk.tls import pki
from kiosk.tls.credentials import Credentials, anonymous_context
from kiosk.tls.district import issue_gateway, issue_kiosk
from kiosk.gateway.store import GatewayStore
from kiosk.gateway.store_sqlite import SqliteStore
from tests.storage_key import TEST_KEY

ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("KIOSK_TEST_PG", "postgresql://kiosk:kiosk@127.0.0.1/kiosk_test")


@dataclass
class District:
    """A district on disk: its key pair (``district.key`` / ``district.pub``), its TLS CA, the credentials
    folders of its gateway (``gateway/``) and of one kiosk (``kiosk/``, kiosk id ``test-01``)."""

    folder: Path
    signer: Signer
    archive_code: str = "330106"

    @property
    def gateway_tls(self) -> Path:
        return self.folder / "gateway"

    @property
    def kiosk_tls(self) -> Path:
        return self.folder / "kiosk"

    def kiosk_context(self, folder: Path | None = None):
        return Credentials.load(folder or self.kiosk_tls).client_context()

    def issue_kiosk(self, kiosk_id: str, days: int = 30) -> Path:
        out = self.folder / f"kiosk-{kiosk_id}"
        issue_kiosk(self.folder, kiosk_id, out, days)
        return out

    def issue_staff(self, staff_id: str) -> Path:
        from kiosk.tls import pki

        out = self.folder / f"staff-{staff_id}"
        cert, key = pki.issue(pki.load_authority(self.folder), "staff", staff_id, days=30)
        pki.write_credentials(out, cert, key, [pki.load_authority(self.folder).cert])
        return out

    def tls(self) -> GatewayTLS:
        return GatewayTLS.load(self.gateway_tls)

    def client(self, folder: Path | None = None, **kw: Any) -> httpx.Client:
        """An HTTPS client with the credentials in ``folder`` (default: the district's kiosk)."""
        return httpx.Client(verify=self.kiosk_context(folder), **kw)

    def anonymous(self, **kw: Any) -> httpx.Client:
        """A client that trusts the district CA but has no certificate of its own."""
        return httpx.Client(verify=anonymous_context(self.folder / "ca.pem"), **kw)

    @property
    def key(self) -> Path:
        return self.folder / "district.key"

    @property
    def pub(self) -> Path:
        return self.folder / "district.pub"

    def verifier(self):
        return verifier_for(self.signer.algorithm, self.signer.public_hex)


def make_district(folder: Path, algorithm: str = "ed25519", archive_code: str = "330106") -> District:
    signer = generate(algorithm)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    save_pair(signer, folder / "district.key", folder / "district.pub")
    pki.save_authority(pki.make_authority(archive_code), folder)
    issue_gateway(folder, archive_code, ("127.0.0.1", "localhost"), folder / "gateway")
    issue_kiosk(folder, "test-01", folder / "kiosk")
    return District(folder, signer, archive_code)


def server_of(app: Any, district: District, tls: GatewayTLS | None = None) -> ThreadedServer:
    """``tls``: the gateway's TLS with its peers' CAs (default: the district's own CA only)."""
    tls = tls or district.tls()
    return ThreadedServer(app, "127.0.0.1", 0, context=tls.server_context(),
                          probe=anonymous_context(district.folder / "ca.pem"))


@contextmanager
def serve(app: Any, district: District, tls: GatewayTLS | None = None) -> Iterator[str]:
    """``app`` over mutual TLS with ``district``'s gateway credentials; yields its https:// URL."""
    server = server_of(app, district, tls)
    try:
        yield server.start()
    finally:
        server.stop()


def app_of(store: GatewayStore, district: District, *, signer: Signer | None = None, **kw: Any) -> FastAPI:
    kw.setdefault("feature_routers", ())
    kw.setdefault("archive_code", district.archive_code)
    kw.setdefault("kiosk_issuer", district.tls().kiosk_issuer())
    return create_app(store, signer or district.signer, trust=district.tls().trust(),
                      district_verifiers=[district.verifier()], **kw)


@contextmanager
def gateway(store: GatewayStore, district: District, *, signer: Signer | None = None, **kw: Any) -> Iterator[str]:
    """The gateway's change feed, blobs and intake only (no federation relay threads), its feed signed by
    ``signer`` (default: the district's root key)."""
    with serve(app_of(store, district, signer=signer, **kw), district) as url:
        yield url


def tampering_proxy(upstream: str, district: District, *, feed: bool = True, blobs: bool = False) -> FastAPI:
    """Passes requests on to ``upstream``, flipping one byte of every feed batch's operations (and, with
    ``blobs``, of every blob): what a broken middlebox or a disk error in transit does (one inside the
    TLS session: it is served with the gateway's credentials and calls upstream as the kiosk)."""
    app = FastAPI()
    client = district.client(base_url=upstream, timeout=30)

    @app.get("/{path:path}")
    def forward(path: str, request: Request) -> Response:
        got = client.get("/" + path, params=dict(request.query_params))
        body = got.content
        if (feed and path == "feed" or blobs and path.startswith("blobs/")) and got.status_code == 200:
            at = len(body) - 2 if path == "feed" else len(body) // 2
            body = body[:at] + bytes([body[at] ^ 0x01]) + body[at + 1:]
        return Response(body, status_code=got.status_code, media_type=got.headers.get("content-type"))

    return app


def kiosk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``kiosk ARGS`` as a separate process, the way an operator runs it."""
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def kiosk_popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kiosk.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def live_records(store: GatewayStore) -> dict[str, dict]:
    """Every live record of the gateway, by id (the truth a synced cache must equal)."""
    out: dict[str, dict] = {}
    after = 0
    while True:
        part = store.changes(after, 5000, include_deleted=False)
        for c in part.changes:
            if c.kind == "record":
                import json

                out[c.key] = json.loads(c.body_json or "null")
        if not part.changes:
            return out
        after = part.changes[-1].seq


def cached_records(cache_path: Path | str) -> dict[str, dict]:
    from kiosk.archive.cache import ArchiveCache

    cache = ArchiveCache(cache_path, key=TEST_KEY)
    try:
        return {r["record_id"]: r for r in cache.db.query("SELECT record_id, title, date, body FROM records")}
    finally:
        cache.close()


@contextmanager
def postgres_store() -> Iterator[GatewayStore]:
    """A gateway store in a schema of its own on the test PostgreSQL, dropped afterwards."""
    import psycopg

    from kiosk.gateway.store_postgres import PostgresStore

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    store = PostgresStore(f"{PG_URL}?options=-csearch_path%3D{schema}")
    try:
        yield store
    finally:
        store.close()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def sqlite_store(path: Path) -> SqliteStore:
    return SqliteStore(path)
