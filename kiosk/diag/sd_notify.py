"""systemd's notify protocol in a few lines: READY=1, WATCHDOG=1, STATUS=..., STOPPING=1.

The unit (``Type=notify``, ``WatchdogSec=``) gives the process ``NOTIFY_SOCKET`` and ``WATCHDOG_USEC``;
a datagram per message goes to that socket. Outside systemd (development, tests without a fake socket)
every call is a silent no-op, so the kiosk runs the same code everywhere.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("kiosk.diag.sd_notify")


class SdNotifier:
    def __init__(self, socket_path: str | None, watchdog_usec: int | None = None):
        self.socket_path = socket_path or None
        self.watchdog_usec = watchdog_usec if watchdog_usec and watchdog_usec > 0 else None
        self._sock: socket.socket | None = None
        self._warned = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SdNotifier:
        env = os.environ if env is None else env
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        # WATCHDOG_PID names the process systemd expects pings from; a child started with our environment
        # must not believe it feeds the watchdog.
        own = not pid or pid == str(os.getpid())
        return cls(env.get("NOTIFY_SOCKET"), int(usec) if usec.isdigit() and own else None)

    @property
    def enabled(self) -> bool:
        return self.socket_path is not None

    @property
    def watchdog_interval_s(self) -> float | None:
        """Ping at half the watchdog timeout, as sd_watchdog_enabled(3) advises."""
        return self.watchdog_usec / 2_000_000 if self.watchdog_usec else None

    def notify(self, *lines: str) -> bool:
        if self.socket_path is None:
            return False
        address = self.socket_path
        if address.startswith("@"):  # an abstract socket
            address = "\0" + address[1:]
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.sendto("\n".join(lines).encode("utf-8"), address)
            return True
        except OSError as e:
            if not self._warned:  # once: a gone socket would otherwise flood the log at every ping
                log.warning("cannot notify systemd at %s: %s", self.socket_path, e)
                self._warned = True
            return False

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
