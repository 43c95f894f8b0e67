"""Opening the gateway store named on the command line: a file path (SQLite) or a postgresql:// URL."""

from __future__ import annotations

import sqlite3
from typing import Any

from kiosk.errors import GatewayUnreachable
from kiosk.gateway.store import GatewayStore


def open_store(target: str, *, pool_size: int | None = None, fixed_pool: bool = False) -> GatewayStore:
    """``pool_size``: connections the store keeps at most (None: the store's default); ``fixed_pool``: all
    of them open from the start (a serving gateway: its handles do not change with load)."""
    sized: dict[str, Any] = {"fixed_pool": fixed_pool, **({"pool_size": pool_size} if pool_size else {})}
    if target.startswith(("postgresql://", "postgres://")):
        from kiosk.gateway.store_postgres import PostgresStore

        return PostgresStore(target, **sized)
    from kiosk.gateway.store_sqlite import SqliteStore

    try:
        return SqliteStore(target, **sized)
    except (sqlite3.DatabaseError, OSError) as e:
        raise GatewayUnreachable(f"cannot open the gateway database {target}: {e}", detail={"db": target},
                                 code="GATEWAY_DB_UNREACHABLE") from None
