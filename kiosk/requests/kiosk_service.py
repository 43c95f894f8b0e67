"""The kiosk's request service built from config, for the composition roots (``kiosk request``, the GUI).

Requests go into the sync outbox kept in the archive cache; results are asked of the kiosk's gateway.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.requests.archives import ArchiveDirectory
from kiosk.requests.book import RequestBook
from kiosk.requests.deadline import WorkingDays
from kiosk.requests.outbox_privacy import forget_sent_photos
from kiosk.requests.service import RequestEvents, RequestService
from kiosk.requests.status_client import GatewayRequestStatus
from kiosk.sync.outbox import Outbox
from kiosk.tls.credentials import client_context_of

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
    book = RequestBook(config.resolve(config.data.dir) / REQUESTS_FILE)
    outbox = Outbox(cache)
    gw = config.gateway
    tls = client_context_of(config.resolve(gw.credentials) if gw.credentials else None) if gw.url else None
    source = GatewayRequestStatus(gw.url, timeout_s=gw.timeout_s, tls=tls) if gw.url else None
    # The district's holiday calendars as last synced: the one-working-day clock skips their holidays.
    calendar = WorkingDays.from_documents(cache.documents("calendar").values())
    service = RequestService(book, outbox, audit, status_source=source, after_push=lambda: forget_sent_photos(cache),
                             events=events, working_days=calendar)
    return KioskRequests(service, outbox, book, source)


def archive_directory(cache: ArchiveCache) -> ArchiveDirectory:
    """The archives requests can go to, as last synced (documents of kind ``archive``)."""
    return ArchiveDirectory.from_documents(cache.documents("archive").values())
