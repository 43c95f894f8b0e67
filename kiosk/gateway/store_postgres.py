"""The gateway store on PostgreSQL, for a district that outgrows one machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from kiosk.errors import GatewayUnreachable
from kiosk.gateway.store import GatewayStore

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

    def __init__(self, url: str):
        self.url = url
        try:
            super().__init__()
        except psycopg.OperationalError as e:
            raise GatewayUnreachable(f"cannot reach the gateway database: {e}".splitlines()[0],
                                     code="GATEWAY_DB_UNREACHABLE") from None

    def _new_connection(self) -> psycopg.Connection:
        return psycopg.connect(self.url)

    def _ddl(self) -> list[str]:
        # Concurrent first starts would race on CREATE TABLE IF NOT EXISTS; an advisory lock orders them.
        return ["SELECT pg_advisory_xact_lock(4611)", *_DDL]

    def _for_update(self) -> str:
        return " FOR UPDATE"

    def _blob_param(self, data: bytes) -> Any:
        return psycopg.Binary(data)

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[psycopg.Cursor]:
        conn = self._conn()
        # REPEATABLE READ: the feed's head and rows come from one snapshot.
        with conn.transaction():
            with conn.cursor() as cur:
                if not write:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield cur
