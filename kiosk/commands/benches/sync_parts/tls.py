"""The cost of mutual TLS in ``kiosk bench sync``: the same initial sync from the same gateway app, over TLS
and over a plain socket, in the same run (alternating rounds, medians), as a ratio (goal ≤ 1.15×).

The plain socket exists only here, as the baseline: its connections are handed the kiosk certificate a TLS
handshake would have named, so both runs take the same path through the app (role checks included) and
differ only by the TLS layer. Both servers are threads of this process, like the kiosk side.
"""

from __future__ import annotations

import socket
import statistics
import threading
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

TLS_GOAL_RATIO = 1.15


def _known_kiosk(der: bytes) -> type[H11Protocol]:
    class KnownKiosk(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            app = self.app

            async def as_kiosk(scope: Any, receive: Any, send: Any) -> None:
                scope.setdefault("extensions", {})["tls"] = {"client_cert_der": der, "tls_version": None}
                await app(scope, receive, send)

            self.app = as_kiosk

    return KnownKiosk


class _Plain(httpx.BaseTransport):
    """The client's https:// requests sent as plain HTTP to the baseline server."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http")
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class _PlainServer:
    def __init__(self, app: Any, der: bytes):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", http=_known_kiosk(der))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> None:
        self.thread.start()
        with httpx.Client(timeout=1) as probe:
            while True:
                try:
                    probe.get(f"http://127.0.0.1:{self.port}/health")
                    return
                except httpx.HTTPError:
                    threading.Event().wait(0.05)  # readiness probe interval

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def tls_cost(folder: Path, db: str, batch_size: int, rounds: int = 4) -> dict[str, Any]:
    """``folder``: the bench's district (``gateway/`` and ``kiosk/`` credentials); ``db``: its seeded archive."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from kiosk.archive.cache import ArchiveCache

    from kiosk.storage import StorageKey
    from kiosk.gateway.app import create_app
    from kiosk.gateway.server import ThreadedServer
    from kiosk.gateway.stores import open_store
    from kiosk.gateway.tls_setup import GatewayTLS, feed_signer
    from kiosk.sync.client import GatewayClient
    from kiosk.sync.syncer import SyncClient
    from kiosk.tls.credentials import Credentials, anonymous_context

    tls = GatewayTLS.load(folder / "gateway")
    signer, district = feed_signer(folder / "gateway")
    kiosk = Credentials.load(folder / "kiosk")
    der = kiosk.certificate().public_bytes(Encoding.DER)
    store = open_store(db)
    app = create_app(store, signer, trust=tls.trust(), archive_code=tls.archive_code, batch_limit=batch_size,
                     feature_routers=(), district_verifiers=[district])
    secure = ThreadedServer(app, context=tls.server_context(), probe=anonymous_context(kiosk.ca))
    plain = _PlainServer(app, der)
    secure.start()
    plain.start()
    timings: dict[str, list[float]] = {"tls": [], "plain": []}
    try:
        for i in range(rounds):
            # The order alternates: whichever goes first in a round warms the gateway's caches for the other.
            for mode in (("plain", "tls") if i % 2 == 0 else ("tls", "plain")):
                link = (GatewayClient(secure.url, tls=kiosk.client_context()) if mode == "tls" else
                        GatewayClient(f"https://127.0.0.1:{plain.port}", transport=_Plain()))
                path = folder / f"cache-{mode}-{i}.sqlite"
                cache = ArchiveCache(path, key=StorageKey.generate())  # encrypted, as a kiosk's
                try:
                    timings[mode].append(SyncClient(cache, link, district, batch_limit=batch_size)
                                         .sync_once().elapsed_ms)
                finally:
                    link.close()
                    cache.close()
                for leftover in folder.glob(path.name + "*"):
                    leftover.unlink()
    finally:
        secure.stop()
        plain.stop()
        store.close()
    tls_ms, plain_ms = statistics.median(timings["tls"]), statistics.median(timings["plain"])
    ratio = tls_ms / plain_ms
    return {"tls_ms": round(tls_ms, 1), "plain_ms": round(plain_ms, 1), "ratio": round(ratio, 3),
            "rounds": rounds, "goal_ratio": TLS_GOAL_RATIO, "within_goal": ratio <= TLS_GOAL_RATIO,
            "protocol": "TLS 1.3, mutual, ECDSA P-256"}
