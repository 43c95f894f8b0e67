"""Running the gateway app on uvicorn, in the foreground (``kiosk gateway serve``) or in a thread."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn
from fastapi import FastAPI

from kiosk.errors import GatewayUnreachable, UsageError


def serve_forever(app: FastAPI, host: str, port: int) -> None:
    """Serve until SIGINT/SIGTERM. The socket is bound first, so a port in use is a typed error."""
    sock = listening_socket(host, port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror}", code="GATEWAY_ADDRESS_IN_USE",
                         detail={"host": host, "port": port}) from None
    return sock


class ThreadedServer:
    """uvicorn in a background thread on a bound socket (port 0 picks a free one)."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.host, self.port = self.sock.getsockname()[:2]
        # lifespan "on": the feature routers' shutdown handlers (background relays) run at stop().
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name="gateway-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout_s: float = 10.0) -> str:
        self.thread.start()
        wait_healthy(self.url, timeout_s)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def wait_healthy(url: str, timeout_s: float = 10.0) -> None:
    """Poll ``/health`` until it answers or the deadline passes."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise GatewayUnreachable(f"gateway at {url} did not become healthy within {timeout_s:.0f} s")
        time.sleep(0.05)  # polling interval of a readiness probe, not a synchronisation guess
