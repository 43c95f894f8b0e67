"""Kiosk data at rest: the storage key and the one way every kiosk SQLite file is opened (encrypted)."""

from kiosk.storage.key import StorageKey, load_key, storage_key_for
from kiosk.storage.sqlite import (
    Connection,
    DatabaseError,
    Error,
    IntegrityError,
    OperationalError,
    Row,
    is_plain_sqlite,
    open_db,
)

__all__ = ["Connection", "DatabaseError", "Error", "IntegrityError", "OperationalError", "Row", "StorageKey",
           "is_plain_sqlite", "load_key", "open_db", "storage_key_for"]
