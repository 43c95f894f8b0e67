"""The gateway's bounded SQLite pool: never more connections than its size, a busy gateway says so, and
closing it closes every connection, including one still borrowed."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from kiosk.errors import GatewayBusy
from kiosk.gateway.sqlite_pool import SqlitePool
from kiosk.gateway.store_sqlite import SqliteStore


class Counting:
    def __init__(self, path: Path):
        self.path = path
        self.made: list[sqlite3.Connection] = []

    def __call__(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.made.append(conn)
        return conn


def closed(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_many_threads_share_at_most_size_connections(tmp_path: Path):
    connect = Counting(tmp_path / "a.sqlite")
    pool = SqlitePool(connect, size=3)
    start = threading.Barrier(12)

    def work() -> None:
        start.wait()
        for _ in range(20):
            with pool.connection() as conn:
                conn.execute("SELECT 1").fetchone()

    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= len(connect.made) <= 3 and pool.opened == len(connect.made)
    pool.close()
    assert all(closed(c) for c in connect.made) and pool.opened == 0


def test_a_request_finding_every_connection_busy_gets_a_typed_busy_error(tmp_path: Path):
    pool = SqlitePool(Counting(tmp_path / "a.sqlite"), size=1, wait_s=0.05)
    with pool.connection():
        with pytest.raises(GatewayBusy) as caught:
            with pool.connection():
                pass
    assert caught.value.code == "GATEWAY_BUSY"
    with pool.connection() as conn:  # given back: usable again
        assert conn.execute("SELECT 2").fetchone() == (2,)


def test_a_transaction_left_open_is_rolled_back_before_the_next_borrower(tmp_path: Path):
    pool = SqlitePool(Counting(tmp_path / "a.sqlite"), size=1)
    with pool.connection() as conn:
        conn.execute("CREATE TABLE t (x)")
    with pool.connection() as conn:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t VALUES (1)")
    with pool.connection() as conn:
        assert not conn.in_transaction and conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_close_closes_a_borrowed_connection_when_it_comes_back(tmp_path: Path):
    connect = Counting(tmp_path / "a.sqlite")
    pool = SqlitePool(connect, size=2)
    with pool.connection() as conn:
        pool.close()
        assert not closed(conn)
    assert closed(conn) and pool.opened == 0
    with pytest.raises(GatewayBusy):
        with pool.connection():
            pass


def test_the_store_serves_any_thread_from_its_pool(tmp_path: Path):
    store = SqliteStore(tmp_path / "gw.sqlite", pool_size=2)
    store.put_document("guide", "a", {"n": 1})
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(store.get("guide", "a"))) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [{"n": 1}] * 16 and store._pool.opened <= 2
    store.close()
    assert store._pool.opened == 0


def test_shrink_empties_the_idle_connections_page_caches_and_leaves_busy_ones_alone(tmp_path: Path):
    said: dict[int, list[str]] = {}

    def traced() -> sqlite3.Connection:
        conn = sqlite3.connect(tmp_path / "gw.sqlite", check_same_thread=False, isolation_level=None)
        said[id(conn)] = []
        conn.set_trace_callback(said[id(conn)].append)
        return conn

    pool = SqlitePool(traced, size=3, prefill=True)
    try:
        with pool.connection() as busy:
            assert pool.shrink() == 2
            assert said[id(busy)] == []  # borrowed: left alone
        shrunk = [sql for sql in said.values() if sql == ["PRAGMA shrink_memory"]]
        assert len(shrunk) == 2
        with pool.connection() as again:  # every connection back in the pool and serving
            assert again.execute("SELECT 1").fetchone() == (1,)
        assert pool.shrink() == 3
    finally:
        pool.close()
