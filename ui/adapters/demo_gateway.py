"""The demo's district gateway: the real gateway app on uvicorn, on loopback, inside the kiosk process.

Its archive is a SQLite file in the kiosk's data folder, seeded once with the demo residents' records
(:func:`kiosk.gateway.seed.seed_archive`: the same records the demo cards lead to, with rendered pages), and
signed with a demo district key made once beside it, served over mutual TLS with the demo district's own
CA. The demo kiosk then syncs over HTTPS with its client certificate like any other.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.archive.demo_records import DEMO_RESIDENTS
from kiosk.crypto.keys import Verifier, load_verifier
from kiosk.tls.district import ensure_demo_district

GATEWAY_FILE = "demo-gateway.sqlite"
KEY_FOLDER = "demo-district"


class DemoGateway:
    def __init__(self, data_dir: Path, archive_code: str, kiosk_id: str = "demo-01"):
        self.db_path = data_dir / GATEWAY_FILE
        self.key_dir = data_dir / KEY_FOLDER
        self.archive_code = archive_code
        self.kiosk_id = kiosk_id
        self._server = None

    def verifier(self) -> Verifier:
        """The demo district's public key; its keys, CA and credentials are made on first use."""
        self.credentials()
        return load_verifier(self.key_dir / "district.pub")

    def credentials(self) -> tuple[Path, Path]:
        """(gateway, kiosk) TLS credentials folders of the demo district."""
        return ensure_demo_district(self.key_dir, self.archive_code, self.kiosk_id)

    def start(self) -> str:
        """Seed (once), serve on a free loopback port; returns the base URL. Takes about a second: call it
        off the UI thread."""
        from kiosk.gateway.embedded import EmbeddedGateway
        from kiosk.gateway.seed import seed_archive
        from kiosk.gateway.store_sqlite import SqliteStore

        gateway_credentials, _ = self.credentials()
        store = SqliteStore(self.db_path)
        try:
            # A no-op once seeded: the demo residents are residents 0..2 of the synthetic archive.
            seed_archive(store, residents_wanted=len(DEMO_RESIDENTS), archive_code=self.archive_code)
            _publish_kiosk_certificate(store, self.db_path.parent)
        finally:
            store.close()
        server = EmbeddedGateway(self.db_path, gateway_credentials, port=0)
        url = server.start()
        self._server = server
        return url

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def _publish_kiosk_certificate(store: object, data_dir: Path) -> None:
    """The demo kiosk's certificate in its gateway's store, as ``kiosk keys issue-kiosk --publish`` puts a
    real one: the gateway's check page and verify endpoint find the kiosk the demo's papers name."""
    from kiosk.certify.kiosk_cert import load_kiosk_certificate
    from kiosk.certify.kiosk_certs import KIND, as_document, document_key
    from kiosk.demo_setup import kiosk_key_files

    path = kiosk_key_files(data_dir)[1]
    if path.is_file():
        cert = load_kiosk_certificate(path)
        key, document = document_key(cert), as_document(cert)
        if store.get(KIND, key) != document:  # type: ignore[attr-defined]  (not a new feed entry each start)
            store.put_document(KIND, key, document)  # type: ignore[attr-defined]
