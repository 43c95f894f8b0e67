"""Opening the gateway store named on the command line: a file path (SQLite) or a postgresql:// URL."""

from __future__ import annotations

import sqlite3

from kiosk.errors import GatewayUnreachable
from kiosk.gateway.store import GatewayStore


def open_store(target: str) -> GatewayStore:
    if target.startswith(("postgresql://", "postgres://")):
        from kiosk.gateway.store_postgres import PostgresStore

        return PostgresStore(target)
    from kiosk.gateway.store_sqlite import SqliteStore

    try:
        return SqliteStore(target)
    except (sqlite3.DatabaseError, OSError) as e:
        raise GatewayUnreachable(f"cannot open the gateway database {target}: {e}", detail={"db": target},
                                 code="GATEWAY_DB_UNREACHABLE") from None
