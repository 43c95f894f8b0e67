"""The kiosk's request service built from config, for the composition roots (``kiosk request``, the GUI).

Requests go into the sync outbox kept in the archive cache; results are asked of the kiosk's gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.crypto.keys import load_verifier
from kiosk.requests.archives import ArchiveDirectory
from kiosk.requests.book import RequestBook
from kiosk.requests.deadline import WorkingDays
from kiosk.requests.service import RequestEvents, RequestService
from kiosk.requests.status_client import GatewayRequestStatus
from kiosk.requests.trust_list import KIND as TRUST_KIND
from kiosk.requests.trust_list import check_returned, trusted_districts
from kiosk.sync.outbox import Outbox
from kiosk.storage.private_keys import secrets_for
from kiosk.tls.credentials import client_context_of
from kiosk.tls.district import demo_district_pub

REQUESTS_FILE = "requests.sqlite"


@dataclass
class KioskRequests:
    service: RequestService
    outbox: Outbox
    book: RequestBook
    source: GatewayRequestStatus | None

    def close(self) -> None:
        if self.source is not None:
            self.source.close()
        self.book.close()


def open_requests(config: KioskConfig, cache: ArchiveCache, audit: AuditLog,
                  events: RequestEvents | None = None) -> KioskRequests:
    book = RequestBook(config.resolve(config.data.dir) / REQUESTS_FILE, key=cache.key)
    outbox = Outbox(cache)
    gw = config.gateway
    tls = client_context_of(config.resolve(gw.credentials) if gw.credentials else None,
                            secrets_for(cache.key)) if gw.url else None
    source = GatewayRequestStatus(gw.url, timeout_s=gw.timeout_s, tls=tls) if gw.url else None
    # The district's holiday calendars as last synced: the one-working-day clock skips their holidays.
    calendar = WorkingDays.from_documents(cache.documents("calendar").values())
    # Pushed photos are wiped by the outbox itself after every push (kiosk.sync.outbox).
    service = RequestService(book, outbox, audit, status_source=source, events=events, working_days=calendar,
                             certificate_check=returned_certificate_check(config, cache))
    return KioskRequests(service, outbox, book, source)


def returned_certificate_check(config: KioskConfig, cache: ArchiveCache) -> Callable[[dict[str, Any]], None] | None:
    """Checks a certificate that came back from a request against the district's key and the trust list
    synced into the cache (read at each check: a new list applies at once); None without a district key."""
    gw = config.gateway
    if gw.district_pub:
        pub = config.resolve(gw.district_pub)
    elif gw.embedded:
        pub = demo_district_pub(config.resolve(config.data.dir))
    else:
        return None
    own_code = config.point.archive_code

    def check(certificate: dict[str, Any]) -> None:
        own = load_verifier(pub)
        check_returned(certificate, trusted_districts(own_code, own, cache.documents(TRUST_KIND).values()))

    return check


def archive_directory(cache: ArchiveCache) -> ArchiveDirectory:
    """The archives requests can go to, as last synced (documents of kind ``archive``)."""
    return ArchiveDirectory.from_documents(cache.documents("archive").values())
