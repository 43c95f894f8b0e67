"""The embedded gateway of the demo: the real HTTPS service on 127.0.0.1, in a thread of the kiosk process.

It serves with the demo district's own credentials (:func:`kiosk.tls.district.ensure_demo_district`):
mutual TLS like any gateway, its feed signed by a feed key the demo district certified.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.gateway.app import create_app
from kiosk.gateway.server import ThreadedServer
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.gateway.tls_setup import GatewayTLS, feed_signer
from kiosk.sync.epoch import FILE as EPOCH_FILE
from kiosk.sync.epoch import load_statement
from kiosk.tls.credentials import anonymous_context


class EmbeddedGateway:
    def __init__(self, db_path: str | Path, credentials: str | Path, port: int = 0):
        self.db_path = Path(db_path)
        self.credentials = Path(credentials)
        self.port = port
        self._server: ThreadedServer | None = None
        self._store: SqliteStore | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the embedded gateway is not started")
        return self._server.url

    def start(self) -> str:
        tls = GatewayTLS.load(self.credentials)
        signer, district = feed_signer(self.credentials)
        self._store = SqliteStore(self.db_path)
        app = create_app(self._store, signer, trust=tls.trust(), archive_code=tls.archive_code,
                         district_verifiers=[district], kiosk_issuer=tls.kiosk_issuer(),
                         epoch_statement=load_statement(self.credentials / EPOCH_FILE))
        self._server = ThreadedServer(app, "127.0.0.1", self.port, context=tls.server_context(),
                                      probe=anonymous_context(tls.credentials.ca))
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
