"""The embedded gateway of the demo: the real HTTP service on 127.0.0.1, in a thread of the kiosk process."""

from __future__ import annotations

from pathlib import Path

from kiosk.crypto.keys import load_signer
from kiosk.gateway.app import create_app
from kiosk.gateway.server import ThreadedServer
from kiosk.gateway.store_sqlite import SqliteStore


class EmbeddedGateway:
    def __init__(self, db_path: str | Path, key_dir: str | Path, port: int = 0):
        self.db_path = Path(db_path)
        self.key_dir = Path(key_dir)
        self.port = port
        self._server: ThreadedServer | None = None
        self._store: SqliteStore | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the embedded gateway is not started")
        return self._server.url

    def start(self) -> str:
        signer = load_signer(self.key_dir / "district.key")
        self._store = SqliteStore(self.db_path)
        self._server = ThreadedServer(create_app(self._store, signer), "127.0.0.1", self.port)
        return self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> EmbeddedGateway:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
