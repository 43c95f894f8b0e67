"""A stand-in for systemd's notify socket and watchdog: a real AF_UNIX datagram socket in a temp folder.

It records every message with its arrival time and, once the first WATCHDOG=1 arrived, notes each
moment ``watchdog_s`` passes without one: that is where systemd would kill and restart the unit.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path


class FakeSystemd:
    def __init__(self, folder: Path, watchdog_s: float):
        self.path = folder / "notify.sock"
        self.watchdog_s = watchdog_s
        self.messages: list[tuple[float, str]] = []
        self.expired_at: list[float] = []
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(self.path))
        self._sock.settimeout(watchdog_s)
        self._running = True
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._listen, name="fake-systemd", daemon=True)
        self._thread.start()

    @property
    def env(self) -> dict[str, str]:
        return {"NOTIFY_SOCKET": str(self.path), "WATCHDOG_USEC": str(int(self.watchdog_s * 1_000_000))}

    def _listen(self) -> None:
        armed = False
        while self._running:
            try:
                data = self._sock.recv(4096)
            except socket.timeout:
                if armed:
                    with self._lock:
                        self.expired_at.append(time.monotonic())
                    armed = False  # systemd would restart now; re-arm on the next ping
                continue
            except OSError:
                return
            now = time.monotonic()
            with self._lock:
                for line in data.decode("utf-8").splitlines():
                    self.messages.append((now, line))
                    armed = armed or line == "WATCHDOG=1"

    def lines(self) -> list[str]:
        with self._lock:
            return [m for _, m in self.messages]

    def pings_since(self, t: float) -> int:
        with self._lock:
            return sum(1 for at, m in self.messages if m == "WATCHDOG=1" and at >= t)

    def expirations(self) -> list[float]:
        with self._lock:
            return list(self.expired_at)

    def close(self) -> None:
        self._running = False
        # Closing a socket does not wake a thread blocked in recv on it: a last datagram does.
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as waker:
            waker.sendto(b"", str(self.path))
        self._thread.join(timeout=self.watchdog_s + 1)
        self._sock.close()
