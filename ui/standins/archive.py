"""The archive as the UI uses it, over the local cache.

Own records come from :class:`kiosk.archive.cache.ArchiveCache`, the catalogue from its indexed search
(:class:`kiosk.archive.search.CatalogueSearch`, milliseconds at millions of records); records without page
blobs get drawn pages.
"""

from __future__ import annotations

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.models import Record
from kiosk.archive.readiness import require_ready
from kiosk.archive.search import CatalogueSearch, SearchInputError, check_year
from kiosk.privacy import mask_name
from ui.services import CatalogueHit
from ui.standins.pages import record_pages


class CacheArchive:
    def __init__(self, cache: ArchiveCache):
        self.cache = cache
        self.catalogue = CatalogueSearch(cache, limit=50)

    def own_records(self, id_number: str) -> list[Record]:
        require_ready(self.cache)  # an unfinished first sync is "being updated", never "you have none"
        return self.cache.own_records(id_number)

    def record(self, record_id: str) -> Record | None:
        return self.cache.record(record_id)

    def search(self, text: str, id_number: str) -> list[CatalogueHit]:
        words = text.split()
        # A year typed with the 123 keys narrows the search instead of being searched for as text.
        year = next((w for w in words if _is_year(w)), None)
        query = " ".join(w for w in words if w != year) or (year or "")
        try:
            found = self.catalogue.search(query, year=int(year) if year and query != year else None,
                                          resident_id=id_number or None)
        except SearchInputError:
            return []  # nothing searchable was typed: the screen says "no results" and keeps the keyboard
        hits = []
        for hit in found:
            r, own = hit.record, hit.linked
            hits.append(CatalogueHit(r.record_type, r.year, "、".join(mask_name(n) for n in r.names),
                                     r.archive_code, r.record_id if own else None, r.title if own else ""))
        return hits

    def page_images(self, record: Record) -> list[bytes]:
        return record_pages(record)


def _is_year(word: str) -> bool:
    if len(word) != 4 or not word.isdigit():
        return False
    try:
        check_year(word)
    except SearchInputError:
        return False
    return True
