"""The archive as the screens use it, over the local cache: a resident's own records, the catalogue search
(hits on other people's records masked), and each record's pages.

Own records come from :class:`kiosk.archive.cache.ArchiveCache`, the catalogue from its indexed search
(:class:`kiosk.archive.search.CatalogueSearch`, milliseconds at millions of records); records without page
blobs get the pages the district's archive draws for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.models import Record
from kiosk.archive.readiness import require_ready
from kiosk.archive.pages import render_pages
from kiosk.archive.search import CatalogueSearch, SearchInputError, check_year
from kiosk.privacy import mask_name


@dataclass(frozen=True)
class CatalogueHit:
    """One search result. A hit on someone else's or a not-held record shows masked names only."""

    record_type: str
    year: int
    masked_names: str
    archive_code: str
    #: Set when the record is the resident's own and held here: it can be opened.
    record_id: str | None = None
    title: str = ""

    @property
    def openable(self) -> bool:
        return self.record_id is not None


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
        # The same pages the district's archive renders for a record (its form, readable on the kiosk).
        return render_pages(record)


def _is_year(word: str) -> bool:
    if len(word) != 4 or not word.isdigit():
        return False
    try:
        check_year(word)
    except SearchInputError:
        return False
    return True
