"""Opening the gateway store named on the command line: a file path (SQLite) or a postgresql:// URL."""

from __future__ import annotations

from kiosk.gateway.store import GatewayStore


def open_store(target: str) -> GatewayStore:
    if target.startswith(("postgresql://", "postgres://")):
        from kiosk.gateway.store_postgres import PostgresStore

        return PostgresStore(target)
    from kiosk.gateway.store_sqlite import SqliteStore

    return SqliteStore(target)
