"""A gateway that closes a connection without answering (a kept-alive connection closed as the request went
out, or a loaded gateway's header timeout): a GET is asked once more on a fresh connection, a POST never."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

import pytest

from kiosk.errors import GatewayUnreachable
from kiosk.sync.client import GatewayClient
from tests.kiosk.sync.gateway_fixture import make_district


class Closer:
    """A TLS peer on loopback that reads each request's headers, closes the first ``close_first`` connections
    without a word, and answers the others 200 with ``body``."""

    def __init__(self, context: ssl.SSLContext, close_first: int, body: bytes = b"page"):
        self.context = context
        self.close_first = close_first
        self.body = body
        self.requests: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Closer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self._listener.accept()
            except OSError:
                return  # closed by __exit__
            try:
                with self.context.wrap_socket(raw, server_side=True) as conn:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        request += chunk
                    self.requests.append(request.split(b"\r\n", 1)[0])
                    if len(self.requests) <= self.close_first:
                        continue  # closed without an answer
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                                 + str(len(self.body)).encode() + b"\r\nConnection: close\r\n\r\n" + self.body)
            except (OSError, ssl.SSLError):
                continue


@pytest.fixture
def district(tmp_path: Path):
    return make_district(tmp_path / "district")


def _client(district, url: str) -> GatewayClient:
    return GatewayClient(url, 10.0, tls=district.kiosk_context())


def test_a_get_closed_without_an_answer_is_asked_once_more(district):
    with Closer(district.tls().server_context(), close_first=1) as peer:
        client = _client(district, peer.url)
        try:
            assert client.blob("ab" * 32) == b"page"
        finally:
            client.close()
    assert [r.split()[0] for r in peer.requests] == [b"GET", b"GET"]


def test_a_get_closed_twice_is_unreachable_after_two_tries(district):
    with Closer(district.tls().server_context(), close_first=5) as peer:
        client = _client(district, peer.url)
        try:
            with pytest.raises(GatewayUnreachable) as e:
                client.blob("ab" * 32)
        finally:
            client.close()
    assert "RemoteProtocolError" in e.value.message and len(peer.requests) == 2


def test_a_post_is_never_repeated(district):
    with Closer(district.tls().server_context(), close_first=1) as peer:
        client = _client(district, peer.url)
        try:
            with pytest.raises(GatewayUnreachable):
                client.push_outbox([{"key": "k-1", "kind": "note", "payload": {}}])
        finally:
            client.close()
    assert [r.split()[0] for r in peer.requests] == [b"POST"]
