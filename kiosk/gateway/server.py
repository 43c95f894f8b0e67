"""Running the gateway app on uvicorn over TLS, in the foreground (``kiosk gateway serve``) or in a thread.

There is no plain-HTTP mode: every server here takes an ``ssl.SSLContext`` (see
:meth:`kiosk.tls.credentials.Credentials.server_context`). The certificate a caller presented is handed to
the app in the ASGI TLS extension (``scope["extensions"]["tls"]``), which uvicorn does not fill itself:
:class:`PeerCertProtocol` reads it once per connection from the TLS session.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from kiosk.errors import GatewayUnreachable, UsageError
from kiosk.gateway.admission import GuardedSocket
from kiosk.gateway.limits import DEFAULT_LIMITS, GatewayLimits, LimitedH11Protocol


class PeerCertProtocol(LimitedH11Protocol):
    """uvicorn's HTTP/1.1 protocol, passing the caller's certificate (DER, or None) to the app."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        tls = {"client_cert_der": der, "tls_version": ssl_object.version() if ssl_object is not None else None}
        app = self.app

        async def with_peer(scope: Any, receive: Any, send: Any) -> None:
            scope.setdefault("extensions", {})["tls"] = tls
            await app(scope, receive, send)

        self.app = with_peer


def _config(app: FastAPI, context: ssl.SSLContext, limits: GatewayLimits = DEFAULT_LIMITS) -> uvicorn.Config:
    if not isinstance(context, ssl.SSLContext):
        raise TypeError("the gateway serves over TLS only: pass an ssl.SSLContext")
    # lifespan "on": the feature routers' shutdown handlers (background relays) run at stop().
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", http=PeerCertProtocol,
                            ssl_context_factory=lambda _config, _default: context,
                            timeout_keep_alive=limits.keep_alive_s)  # type: ignore[arg-type]
    config.gateway_limits = limits  # type: ignore[attr-defined]  # read by the protocol (kiosk.gateway.limits)
    return config


def serve_forever(app: FastAPI, host: str, port: int, context: ssl.SSLContext) -> None:
    """Serve until SIGINT/SIGTERM. The socket is bound first, so a port in use is a typed error."""
    sock = listening_socket(host, port)
    try:
        uvicorn.Server(_config(app, context)).run(sockets=[sock])
    finally:
        sock.close()


def tcp_socket(family: socket.AddressFamily = socket.AF_INET, limits: GatewayLimits = DEFAULT_LIMITS) -> socket.socket:
    """A listening TCP socket that admits connections under ``limits`` as it accepts them (before TLS:
    :mod:`kiosk.gateway.admission`), made with its protocol named: asyncio sets TCP_NODELAY on the
    connections it accepts only when the listening socket's protocol is IPPROTO_TCP (with 0 every
    kept-alive answer waited for the client's delayed ACK)."""
    return GuardedSocket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, limits=limits)


def listening_socket(host: str, port: int, limits: GatewayLimits = DEFAULT_LIMITS) -> socket.socket:
    sock = tcp_socket(socket.AF_INET6 if ":" in host else socket.AF_INET, limits)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror}", code="GATEWAY_ADDRESS_IN_USE",
                         detail={"host": host, "port": port}) from None
    return sock


class ThreadedServer:
    """uvicorn over TLS in a background thread on a bound socket (port 0 picks a free one)."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0, *, context: ssl.SSLContext,
                 probe: ssl.SSLContext | None = None, limits: GatewayLimits = DEFAULT_LIMITS):
        self.sock = tcp_socket(limits=limits)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.host, self.port = self.sock.getsockname()[:2]
        self.probe = probe
        self.server = uvicorn.Server(_config(app, context, limits))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name="gateway-server", daemon=True)

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    def start(self, timeout_s: float = 10.0) -> str:
        self.thread.start()
        wait_serving(self.url, self.probe, timeout_s)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def wait_serving(url: str, context: ssl.SSLContext | None, timeout_s: float = 10.0) -> None:
    """Poll until the gateway answers HTTP over TLS (any status: without a client certificate ``/health``
    is refused, which still shows the server is up), or the deadline passes. ``context`` pins the CA; None
    only waits for the port to accept TLS without checking whom it talks to."""
    if context is None:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + timeout_s
    with httpx.Client(verify=context, timeout=1.0) as client:
        while True:
            try:
                client.get(f"{url}/health")
                return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise GatewayUnreachable(f"gateway at {url} did not start serving within {timeout_s:.0f} s")
            time.sleep(0.05)  # polling interval of a readiness probe, not a synchronisation guess
