"""The gateway store on PostgreSQL, for a district that outgrows one machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from kiosk.errors import GatewayBusy, GatewayUnreachable
from kiosk.gateway.store import STREAM_CHUNK, GatewayStore

_DDL = [
    "CREATE TABLE IF NOT EXISTS feed_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS items (kind TEXT NOT NULL, key TEXT NOT NULL, seq BIGINT NOT NULL UNIQUE, "
    "deleted SMALLINT NOT NULL DEFAULT 0, body TEXT, PRIMARY KEY (kind, key))",
    "CREATE INDEX IF NOT EXISTS items_live ON items(kind, deleted, key)",
    "CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, data BYTEA NOT NULL, mime TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS intake (key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, "
    "result TEXT, received_at TIMESTAMPTZ NOT NULL)",
    "CREATE INDEX IF NOT EXISTS intake_kind ON intake(kind, received_at)",
]


class PostgresStore(GatewayStore):
    _ph = "%s"

    def __init__(self, url: str, *, pool_size: int = 8, wait_s: float = 30.0, fixed_pool: bool = False):
        """``fixed_pool``: keep all ``pool_size`` connections open from the start (a serving gateway), rather
        than one, growing as needed (a command that makes a few queries)."""
        self.url = url
        # Autocommit connections: every transaction is opened explicitly by ``_transaction``, so a
        # connection goes back to the pool idle, never inside a transaction someone forgot.
        self._pool = ConnectionPool(url, min_size=pool_size if fixed_pool else 1, max_size=pool_size, timeout=wait_s, open=False,
                                    kwargs={"autocommit": True}, name="gateway")
        try:
            # One plain connection first: a refused port or a wrong password fails at once, where the pool
            # would keep retrying in the background until ``wait_s`` ran out.
            psycopg.connect(url, connect_timeout=max(1, int(wait_s))).close()
            self._pool.open(wait=True, timeout=wait_s)
            super().__init__()
        except (psycopg.OperationalError, PoolTimeout) as e:
            self._pool.close()
            raise GatewayUnreachable(f"cannot reach the gateway database: {e}".splitlines()[0],
                                     code="GATEWAY_DB_UNREACHABLE") from None

    def _ddl(self) -> list[str]:
        # Concurrent first starts would race on CREATE TABLE IF NOT EXISTS; an advisory lock orders them.
        return ["SELECT pg_advisory_xact_lock(4611)", *_DDL]

    def _for_update(self) -> str:
        return " FOR UPDATE"

    def _blob_param(self, data: bytes) -> Any:
        return psycopg.Binary(data)

    def _stream(self, cur: Any, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
        # A client-side cursor would hold every row of the batch in libpq's result at once.
        return cur.stream(sql, params, size=STREAM_CHUNK)

    @property
    def pool_size(self) -> int:
        return self._pool.max_size if hasattr(self._pool, "max_size") else self._pool.size

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _borrowed(self) -> Iterator[psycopg.Connection]:
        try:
            conn = self._pool.getconn()
        except PoolTimeout:
            raise GatewayBusy("no database connection free in time",
                              detail={"pool_size": self._pool.max_size}) from None
        try:
            yield conn
        finally:
            self._pool.putconn(conn)  # a broken connection is discarded and replaced by the pool

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[psycopg.Cursor]:
        with self._borrowed() as conn, conn.transaction(), conn.cursor() as cur:
            # REPEATABLE READ: the feed's head and rows come from one snapshot.
            if not write:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield cur
