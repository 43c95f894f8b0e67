"""A bounded set of SQLite connections for the gateway store, borrowed per transaction and closed at shutdown.

One connection per request thread would be one more set of file handles (database, WAL, shared memory) and
one more page cache for every worker thread the server ever started, never returned when the thread went
away. Here at most ``size`` connections exist; a request borrows one for one transaction and gives it back,
and a request that finds them all busy waits up to ``wait_s`` before it is told the gateway is busy.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kiosk.errors import GatewayBusy


class SqlitePool:
    def __init__(self, connect: Callable[[], sqlite3.Connection], size: int = 4, wait_s: float = 30.0, *,
                 prefill: bool = False):
        """``prefill``: open every connection now, so the process's handles are the same before and after
        load (a fixed pool); otherwise connections are opened as requests need them, up to ``size``."""
        if size < 1:
            raise ValueError("a pool needs at least one connection")
        self._connect = connect
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._size = size
        self._opened = 0
        self._wait_s = wait_s
        self._lock = threading.Lock()
        self._closed = False
        if prefill:
            try:
                for _ in range(size):
                    self._idle.put(connect())
                    self._opened += 1
            except BaseException:
                self.close()
                raise

    @property
    def size(self) -> int:
        return self._size

    @property
    def opened(self) -> int:
        return self._opened

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = self._borrow()
        try:
            yield conn
        finally:
            self._give_back(conn)

    def _borrow(self) -> sqlite3.Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._closed:
                raise GatewayBusy("the gateway store is closed", code="GATEWAY_CLOSED")
            grow = self._opened < self._size
            if grow:
                self._opened += 1
        if grow:
            try:
                return self._connect()
            except BaseException:
                with self._lock:
                    self._opened -= 1
                raise
        try:
            return self._idle.get(timeout=self._wait_s)
        except queue.Empty:
            raise GatewayBusy(f"no database connection free within {self._wait_s:.0f} s",
                              detail={"pool_size": self._size}) from None

    def _give_back(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:  # a transaction left open by a failure is not handed to the next request
            conn.rollback()
        with self._lock:
            closed = self._closed
            if closed:
                self._opened -= 1
        if closed:
            conn.close()
        else:
            self._idle.put(conn)

    def shrink(self) -> int:
        """Hand back the page caches of the idle connections (``PRAGMA shrink_memory``): each keeps up to
        its cache size of pages it read, which after a burst is the whole feed, for as long as it lives.
        Returns how many connections were shrunk; busy ones are left alone."""
        idle = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        try:
            for conn in idle:
                conn.execute("PRAGMA shrink_memory")
        finally:
            for conn in idle:
                self._give_back(conn)
        return len(idle)

    def close(self) -> None:
        """Close the idle connections now; a borrowed one is closed when it comes back."""
        with self._lock:
            self._closed = True
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return
            conn.close()
            with self._lock:
                self._opened -= 1
