"""A loopback port nobody listens on (for a server started later, or a device that is not there)."""

from __future__ import annotations

import socket


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
