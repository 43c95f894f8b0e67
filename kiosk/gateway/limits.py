"""What one client may take of the gateway: time to send its headers, body size, time per request,
connections at once — enforced where the bytes arrive (uvicorn's HTTP/1.1 protocol), before the app runs.

Without them one laptop holds a district's gateway: a thousand connections that never finish their
headers stay open for ever (uvicorn starts no timer until a first response), a 50 MB POST is read whole
before the app refuses it, a client that reads its answer a byte a minute keeps a task alive.

- ``header_timeout_s``: a connection must complete a request's headers within this, from the moment it
  is accepted (its TLS handshake included) and between the requests of a kept-alive one; else it is
  closed.
- ``keep_alive_s``: an idle kept-alive connection is closed after this (uvicorn's own timer).
- ``max_body_bytes``: a request announcing more is answered 413 at once, and the connection closed so the
  rest is never read; a chunked body is cut off at the limit the same way.
- ``request_deadline_s``: a request (reading its body, running, sending the answer) that takes longer is
  cut off: the connection is closed.
- ``max_connections_per_client``, ``max_unfinished_per_client``, ``slow_client_penalty_s``: how many
  connections one address may hold, counted and enforced as they are accepted, before the TLS handshake
  (:mod:`kiosk.gateway.admission`).
- ``max_concurrent_feeds``: feed batches cut at once; further ``/feed`` requests wait their turn. Cutting
  a batch is CPU work (rows, hashing, signing): twenty at once starve every other request of the CPU.

Accepted connections get ``TCP_NODELAY``: a kept-alive answer written in two pieces (headers, body) must
not wait for the client's delayed ACK (~40 ms each on Linux).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.gateway.admission import Admitted, ClientLedger

log = logging.getLogger("kiosk.gateway.limits")


@dataclass(frozen=True)
class GatewayLimits:
    header_timeout_s: float = 10.0
    keep_alive_s: float = 5.0
    max_body_bytes: int = 8 * 1024 * 1024
    request_deadline_s: float = 120.0
    max_connections_per_client: int = 64
    max_unfinished_per_client: int = 8
    slow_client_penalty_s: float = 60.0
    max_concurrent_feeds: int = 2


DEFAULT_LIMITS = GatewayLimits()


def limits_of(config: Any) -> GatewayLimits:
    """The limits a server was configured with (set on uvicorn's config by the composition root)."""
    return getattr(config, "gateway_limits", None) or DEFAULT_LIMITS


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass  # the peer is already gone


class LimitedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with the limits above."""

    _header_timer: asyncio.TimerHandle | None = None
    _admitted: Admitted | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.limits = limits_of(self.config)
        set_nodelay(transport)
        self._ledger = ClientLedger.of(self.loop, self.limits)
        self._admitted = self._ledger.claim(transport)
        if self._admitted is None:
            # Not accepted through the guarded listening socket, or dropped while in its handshake.
            log.warning("connection closed: not admitted at accept")
            transport.close()
            return
        self.app = _limited_app(self.app, self.limits, transport, _feed_gate(self.server_state, self.limits))

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        if self._admitted is not None:
            self._ledger.lost(self._admitted)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # The first request's headers are timed by the ledger from the accept; the next ones from here.
        waiting_for_headers = self.cycle is None or self.cycle.response_complete
        if waiting_for_headers and self._header_timer is None and self._admitted and self._admitted.requested:
            self._arm_header_timer()  # a kept-alive connection starts its next request: headers in time
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm_header_timer()  # the headers are complete: the request deadline takes over
            if self._admitted is not None and not self._admitted.requested:
                self._ledger.requested(self._admitted)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm_header_timer()  # uvicorn's keep-alive timer runs now; data re-arms ours

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.limits.header_timeout_s, self._headers_too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            log.info("connection closed: request headers not complete within %g s", self.limits.header_timeout_s)
            if self._admitted is not None:
                self._ledger.strike(self._admitted.host)
            self.transport.close()


def _feed_gate(server_state: Any, limits: GatewayLimits) -> asyncio.Semaphore:
    """One gate per server (uvicorn's server state is shared by all its connections)."""
    gate = getattr(server_state, "kiosk_feed_gate", None)
    if gate is None:
        gate = asyncio.Semaphore(limits.max_concurrent_feeds)
        server_state.kiosk_feed_gate = gate
    return gate


def _limited_app(app: Any, limits: GatewayLimits, transport: asyncio.Transport, feed_gate: asyncio.Semaphore) -> Any:
    async def limited(scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        announced = _content_length(scope)
        if announced is not None and announced > limits.max_body_bytes:
            await _too_large(send, limits)
            return
        received = 0
        started = refused = gated = False

        async def counted_receive() -> Any:
            # An unannounced (chunked) body is counted as it comes: at the limit the 413 goes out at once and
            # the app is told the client left, so it stops reading; what it answers then is dropped.
            nonlocal received, refused
            message = await receive()
            received += len(message.get("body", b""))
            if received > limits.max_body_bytes and not refused:
                refused = True
                if started:
                    transport.close()
                else:
                    await _too_large(send, limits)
                return {"type": "http.disconnect"}
            return message

        def open_gate() -> None:
            nonlocal gated
            if gated:
                gated = False
                feed_gate.release()

        async def tracked_send(message: Any) -> None:
            nonlocal started
            if refused:
                return
            started = True
            open_gate()  # the batch is cut once its answer starts: a slow reader holds no one else up
            await send(message)

        try:
            async with asyncio.timeout(limits.request_deadline_s):
                if scope.get("path") == "/feed":
                    await feed_gate.acquire()
                    gated = True
                await app(scope, counted_receive, tracked_send)
        except TimeoutError:
            log.warning("request %s cut off after %g s", scope.get("path"), limits.request_deadline_s)
            transport.close()
        finally:
            open_gate()

    return limited


def _content_length(scope: Any) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Any, limits: GatewayLimits) -> None:
    body = json.dumps({"detail": {"code": "REQUEST_TOO_LARGE",
                                  "message": f"request body over {limits.max_body_bytes} bytes"}}).encode()
    # "connection: close": the rest of the body is never read; the client opens a new connection.
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
