"""Which connections the gateway takes on, decided as it accepts them: before the TLS handshake.

A TLS handshake with a client certificate is the most expensive thing a connection costs the gateway's
event loop (key exchange, signature checks: a millisecond or more each, all on the one loop). An attacker
who holds hundreds of idle connections and reopens each as soon as the header timeout drops it makes the
gateway do hundreds of handshakes in a burst every few seconds; health checks and kiosks wait behind them.
So the count per client address is kept here, where the connection is accepted, and a connection over it
is closed before a byte of TLS is read:

- ``max_connections_per_client``: connections open from one address;
- ``max_unfinished_per_client``: of those, connections that have not yet completed a request (in their
  handshake, or sending their first headers): a kiosk has one or two such at a time, an idle attacker all;
- an address whose connection was dropped for not finishing its headers in time may, for
  ``slow_client_penalty_s``, have only one unfinished connection: reconnecting is not rewarded.

The header timeout runs from the moment of accepting, so it covers the handshake too (asyncio's own
handshake timeout is a minute). The ledger is per event loop, i.e. per serving process.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from kiosk.gateway.limits import GatewayLimits

log = logging.getLogger("kiosk.gateway.admission")

#: Connections turned away in one call of ``accept`` before the loop is given back (a flood of refused
#: connections must not keep the loop in the accept call).
MAX_REFUSED_PER_ACCEPT = 64


@dataclass(eq=False)
class Admitted:
    """One accepted connection, from ``accept`` until it is closed."""

    sock: socket.socket
    host: str
    requested: bool = False  # a request's headers were complete at least once
    close: Callable[[], Any] | None = None  # the transport's close, once the protocol has it
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)

    @property
    def open(self) -> bool:
        return self.sock.fileno() != -1


class ClientLedger:
    """The connections of each client address on one event loop."""

    def __init__(self, limits: GatewayLimits, loop: asyncio.AbstractEventLoop):
        self.limits = limits
        self._loop = loop
        self._hosts: dict[str, list[Admitted]] = {}
        self._unclaimed: dict[int, Admitted] = {}  # accepted, TLS handshake not finished; by file descriptor
        self._struck_until: dict[str, float] = {}
        self.refused = 0
        self.struck = 0

    @staticmethod
    def of(loop: asyncio.AbstractEventLoop, limits: GatewayLimits) -> ClientLedger:
        """The ledger of the connections this loop serves (made at its first connection)."""
        ledger = getattr(loop, "kiosk_client_ledger", None)
        if ledger is None:
            ledger = ClientLedger(limits, loop)
            loop.kiosk_client_ledger = ledger  # type: ignore[attr-defined]
        return ledger

    def _live(self, host: str) -> list[Admitted]:
        conns = [c for c in self._hosts.get(host, ()) if c.open]
        if conns:
            self._hosts[host] = conns
        else:
            self._hosts.pop(host, None)
        return conns

    def allowance(self, host: str) -> int:
        """How many unfinished connections ``host`` may have now."""
        penalised = self._struck_until.get(host, 0.0) > self._loop.time()
        return 1 if penalised else self.limits.max_unfinished_per_client

    def admit(self, conn: socket.socket, addr: Any) -> bool:
        host = str(addr[0]) if isinstance(addr, tuple) and addr else ""
        conns = self._live(host)
        unfinished = sum(1 for c in conns if not c.requested)
        if len(conns) >= self.limits.max_connections_per_client or unfinished >= self.allowance(host):
            self.refused += 1
            if self.refused % 100 == 1:  # a flood is one line a hundred, not one a connection
                log.warning("connections refused at accept (%d so far): client at its limit", self.refused)
            return False
        record = Admitted(conn, host)
        stale = self._unclaimed.pop(conn.fileno(), None)
        if stale is not None and stale.timer is not None:
            stale.timer.cancel()  # its descriptor was closed and reused
        self._unclaimed[conn.fileno()] = record
        self._hosts.setdefault(host, []).append(record)
        record.timer = self._loop.call_later(self.limits.header_timeout_s, self._too_slow, record)
        return True

    def claim(self, transport: asyncio.BaseTransport) -> Admitted | None:
        """The record of a connection whose handshake is done (None: not admitted here, or already dropped)."""
        sock = transport.get_extra_info("socket")
        record = self._unclaimed.pop(sock.fileno(), None) if sock is not None else None
        if record is None or not record.open:
            return None
        record.close = transport.close
        return record

    def requested(self, record: Admitted) -> None:
        """The connection completed a request's headers: it is no longer unfinished."""
        record.requested = True
        if record.timer is not None:
            record.timer.cancel()
            record.timer = None

    def lost(self, record: Admitted) -> None:
        if record.timer is not None:
            record.timer.cancel()
            record.timer = None
        conns = self._hosts.get(record.host)
        if conns is not None and record in conns:
            conns.remove(record)
            if not conns:
                del self._hosts[record.host]

    def strike(self, host: str) -> None:
        """``host`` let a connection run out of time for its headers."""
        self.struck += 1
        self._struck_until[host] = self._loop.time() + self.limits.slow_client_penalty_s
        if len(self._struck_until) > 4096:  # forget the penalties that are over
            now = self._loop.time()
            self._struck_until = {h: t for h, t in self._struck_until.items() if t > now}

    def _too_slow(self, record: Admitted) -> None:
        record.timer = None
        if self._unclaimed.get(record.sock.fileno()) is record:
            del self._unclaimed[record.sock.fileno()]
        if record.requested or not record.open:
            self.lost(record)
            return
        self.strike(record.host)
        log.info("connection closed: no complete request within %g s of connecting", self.limits.header_timeout_s)
        if record.close is not None:
            record.close()
        else:
            try:  # still in its handshake: end it under asyncio's transport, which then closes
                record.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.lost(record)


class GuardedSocket(socket.socket):
    """A listening socket whose ``accept`` closes at once the connections its loop's ledger refuses."""

    def __init__(self, *args: Any, limits: GatewayLimits, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limits = limits

    def accept(self) -> tuple[socket.socket, Any]:
        ledger = ClientLedger.of(asyncio.get_running_loop(), self.limits)
        for _ in range(MAX_REFUSED_PER_ACCEPT):
            conn, addr = super().accept()  # BlockingIOError when none is waiting: asyncio stops accepting
            if ledger.admit(conn, addr):
                return conn, addr
            conn.close()
        raise BlockingIOError("refused connections: the rest wait for the loop's next turn")

    def __reduce__(self) -> Any:
        # Passed to worker processes as a duplicated descriptor, like multiprocessing does for a socket.
        from multiprocessing.reduction import DupFd

        return _rebuild, (DupFd(self.fileno()), self.family, self.type, self.proto, self.limits)


def _rebuild(fd: Any, family: int, type_: int, proto: int, limits: GatewayLimits) -> GuardedSocket:
    return GuardedSocket(family, type_, proto, fileno=fd.detach(), limits=limits)
