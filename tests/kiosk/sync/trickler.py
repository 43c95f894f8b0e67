"""A peer that poses as the gateway over real TLS on loopback and trickles its answer a byte at a time:
either the body (after honest headers) or the headers themselves. Bounded: it stops after ``max_bytes`` or
when the client goes away."""

from __future__ import annotations

import socket
import ssl
import threading


class Trickler:
    def __init__(self, context: ssl.SSLContext, *, in_headers: bool = False, pace_s: float = 0.05,
                 max_bytes: int = 600):
        self.context = context
        self.in_headers = in_headers
        self.pace_s = pace_s
        self.max_bytes = max_bytes
        self.sent = 0
        self.connections = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="trickler", daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __enter__(self) -> Trickler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                raw, _ = self._listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._trickle, args=(raw,), daemon=True).start()

    def _trickle(self, raw: socket.socket) -> None:
        try:
            with self.context.wrap_socket(raw, server_side=True) as conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n"
                if not self.in_headers:
                    conn.sendall(head)
                    head = b""
                payload = head + b"x" * self.max_bytes
                for i in range(min(self.max_bytes, len(payload))):
                    if self._stop.wait(self.pace_s):  # the trickle's pace is what is under test
                        return
                    conn.sendall(payload[i:i + 1])
                    self.sent += 1
        except (OSError, ssl.SSLError):
            return  # the client cut the link: what a deadline does
