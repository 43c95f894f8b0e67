"""The archive as the UI uses it, over the local cache.

Own records come from :class:`kiosk.archive.cache.ArchiveCache`; the catalogue search here is a plain
LIKE over names and titles, a stand-in until the cache's indexed search is wired in; records without
page blobs get drawn pages.
"""

from __future__ import annotations

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.models import Record
from kiosk.privacy import mask_name
from ui.services import CatalogueHit
from ui.standins.pages import record_pages


class CacheArchive:
    def __init__(self, cache: ArchiveCache):
        self.cache = cache

    def own_records(self, id_number: str) -> list[Record]:
        return self.cache.own_records(id_number)

    def record(self, record_id: str) -> Record | None:
        return self.cache.record(record_id)

    def search(self, text: str, id_number: str) -> list[CatalogueHit]:
        text = text.strip()
        if not text:
            return []
        like = f"%{text}%"
        rows = self.cache.db.query(
            "SELECT * FROM records WHERE names LIKE ? OR title LIKE ? OR CAST(year AS TEXT) = ? "
            "ORDER BY year DESC LIMIT 50", [like, like, text])
        hits = []
        for row in rows:
            r = Record.from_row(row)
            own = r.subject_id == id_number
            hits.append(CatalogueHit(r.record_type, r.year, "、".join(mask_name(n) for n in r.names),
                                     r.archive_code, r.record_id if own else None, r.title if own else ""))
        return hits

    def page_images(self, record: Record) -> list[bytes]:
        return record_pages(record)
