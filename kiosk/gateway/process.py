"""One gateway process, or several worker processes sharing one listening socket.

``kiosk gateway serve`` describes what to serve in a :class:`GatewaySpec` (plain data, so it travels to
worker processes); each process builds its own store (with its own connection pool), app, signer and TLS
context from it: this is the gateway's composition root. With ``workers > 1`` uvicorn's supervisor starts
the workers, replaces one that dies and stops them all on SIGINT/SIGTERM; every worker closes its pool at
shutdown.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import anyio
import uvicorn
from fastapi import FastAPI

from kiosk.gateway.memory import TrimWhenIdle, limit_arenas
from kiosk.gateway.store import GatewayStore


@dataclass(frozen=True)
class GatewaySpec:
    db: str
    credentials: str  # the gateway's credentials folder (TLS certificate and key, district CA, feed key)
    peer_cas: dict[str, str] = field(default_factory=dict)
    district_key: str | None = None  # sign with the district root itself instead of the feed key
    archive_code: str | None = None  # default: the credentials' archive code
    peers: dict[str, str] = field(default_factory=dict)
    federation_db: str | None = None
    batch_size: int = 5000
    pool_size: int = 0  # 0: the store's default


def open_spec_store(spec: GatewaySpec, *, fixed_pool: bool = False) -> GatewayStore:
    from kiosk.gateway.stores import open_store

    return open_store(spec.db, pool_size=spec.pool_size or None, fixed_pool=fixed_pool)


def _tls(spec: GatewaySpec) -> Any:
    from kiosk.gateway.tls_setup import GatewayTLS

    return GatewayTLS.load(spec.credentials, spec.peer_cas)


def check_spec(spec: GatewaySpec) -> GatewaySpec:
    """Load everything once (typed errors for a bad file or an unreachable database) and fill in the
    archive code from the credentials."""
    from kiosk.errors import UsageError

    tls = _tls(spec)
    code = spec.archive_code or tls.archive_code
    if tls.archive_code != code:
        raise UsageError(f"the credentials in {spec.credentials} are for archive {tls.archive_code}, "
                         f"not --archive-code {code}")
    _signers(spec)
    open_spec_store(spec).close()
    return replace(spec, archive_code=code)


def _signers(spec: GatewaySpec) -> tuple[Any, list[Any]]:
    from kiosk.crypto.keys import load_signer
    from kiosk.gateway.tls_setup import feed_signer

    if spec.district_key:
        signer = load_signer(spec.district_key)
        return signer, [signer]
    signer, district = feed_signer(Path(spec.credentials))
    return signer, [district]


def build_app(spec: GatewaySpec) -> FastAPI:
    """The gateway app with its own store; the store's pool is closed when the app shuts down."""
    from kiosk.gateway.app import create_app
    from kiosk.gateway.routers import FEATURE_ROUTERS

    tls = _tls(spec)
    signer, districts = _signers(spec)
    store = open_spec_store(spec, fixed_pool=True)
    try:
        from kiosk.sync.epoch import FILE as EPOCH_FILE
        from kiosk.sync.epoch import load_statement

        context: dict[str, object] = {"peers": spec.peers, "peer_tls": tls.peer_context, "seal": tls.seal,
                                      "kiosk_issuer": tls.kiosk_issuer(),
                                      "district_verifiers": districts,
                                      "epoch_statement": load_statement(Path(spec.credentials) / EPOCH_FILE)}
        routers = FEATURE_ROUTERS
        if spec.federation_db:
            Path(spec.federation_db).parent.mkdir(parents=True, exist_ok=True)
            context["federation_db"] = spec.federation_db
            if getattr(store, "path", None) is None:  # kiosk health too, shared by every worker
                context["health_db"] = spec.federation_db
        elif getattr(store, "path", None) is None:
            # Requests keep their state in a file beside the archive; a PostgreSQL archive has none of its own.
            routers = tuple(r for r in FEATURE_ROUTERS if not r.endswith(".federation"))
        app = create_app(store, signer, trust=tls.trust(), archive_code=spec.archive_code or tls.archive_code,
                         batch_limit=spec.batch_size, feature_routers=routers, **context)
    except BaseException:
        store.close()
        raise
    app.router.on_shutdown.append(store.close)
    return app


class WorkerApp:
    """The ASGI app handed to each worker process: it pickles as its spec alone and builds the real app
    in the worker, when the server's lifespan starts."""

    def __init__(self, spec: GatewaySpec):
        self.spec = spec
        self._app: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"spec": self.spec, "_app": None}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self._app is None:
            limit_arenas()  # in each worker process, before its request threads start
            app = build_app(self.spec)
            # Requests run on worker threads; more of them than database connections would only wait for
            # one, each holding a thread's stack and buffers meanwhile. Beyond the bound, requests wait on
            # the event loop, which costs nothing.
            threads = 2 * max(1, getattr(app.state.store, "pool_size", 4))
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
            self._app = TrimWhenIdle(app, on_settled=app.state.store.release_memory)
        await self._app(scope, receive, send)


@dataclass(frozen=True)
class ServerContext:
    """uvicorn's ``ssl_context_factory``, picklable: each worker makes its TLS context from the spec."""

    spec: GatewaySpec

    def __call__(self, _config: Any, _default: Any) -> ssl.SSLContext:
        return _tls(self.spec).server_context()


def serve(spec: GatewaySpec, host: str, port: int, *, workers: int = 1) -> None:
    """Serve over mutual TLS until SIGINT/SIGTERM, in this process or in ``workers`` worker processes."""
    from kiosk.gateway.limits import DEFAULT_LIMITS
    from kiosk.gateway.server import PeerCertProtocol, listening_socket

    limit_arenas()
    sock = listening_socket(host, port)
    config = uvicorn.Config(WorkerApp(spec), log_level="warning", access_log=False, lifespan="on",
                            workers=workers, http=PeerCertProtocol, ssl_context_factory=ServerContext(spec),
                            timeout_keep_alive=DEFAULT_LIMITS.keep_alive_s)  # type: ignore[arg-type]
    config.gateway_limits = DEFAULT_LIMITS  # type: ignore[attr-defined]  # read by the protocol
    try:
        if workers > 1:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
