"""HTTPS client of the district gateway, with the kiosk's client certificate and the district CA pinned.
Network trouble becomes :class:`GatewayUnreachable`, a refusal :class:`GatewayRefused`, never a crash.

Every call has a deadline for the whole exchange, not only per read: httpx's timeouts restart with each
byte, so a peer trickling one byte a second would hold a call for ever. At the deadline a watchdog shuts
the client's connections down and the call ends as :class:`GatewayTooSlow`.
"""

from __future__ import annotations

import logging
import math
import socket
import ssl
import threading
import time
from typing import Any

import httpx

from kiosk.errors import ConfigError, GatewayRefused, GatewayTooSlow, GatewayUnreachable, SyncError

log = logging.getLogger("kiosk.sync.client")
#: Default deadline of one call (a feed batch of 20000 operations is ~11 MB: seconds on a slow link).
REQUEST_DEADLINE_S = 60.0


def https_url(url: str) -> str:
    """The gateway's base URL; plain HTTP is refused before anything is sent."""
    url = url.rstrip("/")
    if not url.startswith("https://"):
        raise ConfigError(f"gateway URL {url!r} is not https:// (the gateway speaks TLS only)",
                          code="GATEWAY_NOT_HTTPS", detail={"url": url})
    return url


def tls_failure(error: BaseException) -> ssl.SSLError | None:
    """The TLS error behind an httpx error, if the handshake is what failed."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def refusal(response: httpx.Response) -> GatewayRefused:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    code = detail.get("code") if isinstance(detail, dict) else None
    message = detail.get("message") if isinstance(detail, dict) else None
    return GatewayRefused(f"gateway refused {response.request.url.path}: {message or response.status_code}",
                          code=code or "GATEWAY_REFUSED", detail={"status": response.status_code})


class GatewayClient:
    def __init__(self, url: str, timeout_s: float = 10.0, transport: httpx.BaseTransport | None = None, *,
                 tls: ssl.SSLContext | None = None, deadline_s: float = REQUEST_DEADLINE_S,
                 compressed: bool = True):
        self.url = https_url(url)
        self.deadline_s = deadline_s
        if tls is None and transport is None:
            raise ConfigError("the gateway client needs TLS credentials (gateway.credentials / --credentials)",
                              code="TLS_CREDENTIALS_MISSING")
        # httpx asks for zstd (and the gateway compresses batches) unless ``compressed`` is False.
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s, transport=transport,
                                  verify=tls if tls is not None else True,
                                  headers=None if compressed else {"Accept-Encoding": "identity"})

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, *, deadline_s: float | None = None, **kw: Any) -> httpx.Response:
        """One exchange, finished within ``deadline_s`` (at most the client's own deadline)."""
        limit = min(self.deadline_s, math.inf if deadline_s is None else deadline_s)
        if not limit > 0:
            raise GatewayTooSlow(f"no time left for {path} at gateway {self.url}", detail={"url": self.url})
        expired = threading.Event()
        watchdog = threading.Timer(limit, self._cut_off, args=(expired,))
        watchdog.daemon = True
        started = time.monotonic()
        watchdog.start()
        try:
            response = self._request(method, path, expired, **kw)
        except httpx.HTTPError as e:
            if expired.is_set():
                raise self._too_slow(path, started) from None
            failed = tls_failure(e)
            if failed is not None:
                raise GatewayRefused(f"TLS with gateway {self.url} failed: {getattr(failed, 'reason', None) or failed}",
                                     code="GATEWAY_TLS_FAILED", detail={"url": self.url}) from None
            raise GatewayUnreachable(f"gateway {self.url} unreachable: {type(e).__name__}",
                                     detail={"url": self.url}) from None
        finally:
            watchdog.cancel()
        if expired.is_set():
            raise self._too_slow(path, started)
        if response.status_code >= 500:
            raise GatewayUnreachable(f"gateway {self.url} answered {response.status_code}",
                                     detail={"url": self.url, "status": response.status_code})
        if response.status_code in (401, 403):
            raise refusal(response)
        return response

    def _request(self, method: str, path: str, expired: threading.Event, **kw: Any) -> httpx.Response:
        """One request; a GET the gateway closed the connection on without answering is sent once more, on
        a fresh connection. That is a kept-alive connection closed as the request went out, or a connection
        a loaded gateway closed before it read the request (its header timeout): the gateway did nothing
        with it, and a GET changes nothing anyway. A POST is never repeated here (the outbox retries it
        later, under its idempotency key)."""
        try:
            return self._http.request(method, path, **kw)
        except httpx.RemoteProtocolError:
            if method != "GET" or expired.is_set():
                raise
            log.info("gateway closed the connection without answering %s: asked once more", path)
            return self._http.request(method, path, **kw)

    def _too_slow(self, path: str, started: float) -> GatewayTooSlow:
        took = time.monotonic() - started
        return GatewayTooSlow(f"gateway {self.url} did not finish answering {path} within {took:.0f} s: "
                              "cut off (a slow or trickling link)", detail={"url": self.url, "path": path})

    def _cut_off(self, expired: threading.Event) -> None:
        """The watchdog: end every exchange of this client now. Shutting a socket down wakes a thread
        blocked reading it (closing it would not); httpx then fails the call and it is reported too slow."""
        expired.set()
        pool = getattr(self._http._transport, "_pool", None)  # httpx's HTTPTransport over httpcore's pool
        for connection in list(getattr(pool, "connections", [])):
            stream = getattr(getattr(connection, "_connection", None), "_network_stream", None)
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed
        log.warning("gateway call cut off at its deadline")

    def health(self) -> dict[str, Any]:
        answer = _json(self._call("GET", "/health"))
        if not isinstance(answer, dict):
            raise SyncError("gateway health answer is not an object", code="GATEWAY_BAD_ANSWER")
        return answer

    def batch(self, cursor: int, feed: str, snapshot: bool, limit: int, epoch: int = 0, *,
              deadline_s: float | None = None) -> bytes:
        params = {"cursor": cursor, "feed": feed, "snapshot": str(snapshot).lower(), "limit": limit, "epoch": epoch}
        response = self._call("GET", "/feed", params=params, deadline_s=deadline_s)
        if response.status_code != 200:
            raise SyncError(f"gateway refused the feed request ({response.status_code})",
                            detail={"status": response.status_code})
        return response.content

    def blob(self, sha256: str, *, deadline_s: float | None = None) -> bytes | None:
        response = self._call("GET", f"/blobs/{sha256}", deadline_s=deadline_s)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise SyncError(f"gateway refused blob {sha256[:12]} ({response.status_code})")
        return response.content

    def push_outbox(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self._call("POST", "/outbox", json={"items": items})
        if response.status_code != 200:
            raise SyncError(f"gateway refused the outbox push ({response.status_code})",
                            detail={"status": response.status_code})
        answer = _json(response)
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) and isinstance(r.get("key"), str)
                                                    for r in results):
            raise SyncError("gateway answered the outbox push with something else", code="GATEWAY_BAD_ANSWER")
        return results

    def post_json(self, path: str, body: Any) -> dict[str, Any]:
        """A JSON call on the authenticated link (certificate renewal, a request's status ...)."""
        response = self._call("POST", path, json=body)
        if response.status_code != 200:
            raise SyncError(f"gateway refused {path} ({response.status_code})",
                            detail={"status": response.status_code})
        answer = _json(response)
        if not isinstance(answer, dict):
            raise SyncError(f"gateway answered {path} with something else", code="GATEWAY_BAD_ANSWER")
        return answer


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise SyncError(f"gateway answered {response.request.url.path} with no JSON",
                        code="GATEWAY_BAD_ANSWER") from None
