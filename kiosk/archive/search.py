"""Search of the cache: a resident's own records by ID number, and the catalogue by names, titles and text.

Catalogue candidates come in tiers, most exact first, each a bounded index read, so a common query costs
a few index range reads however large the archive is:

1. names equal to the query (100), then names starting with it, a surname (60): the ``record_names`` B-tree;
2. the query inside a name (40): the names FTS index of two-character windows and single characters,
   with type and year as tokens beside them;
3. the query in a title (20) or the text (10): trigram FTS for 3+ characters, the two-character index
   below that (trigram silently finds nothing there);
4. fuzzy (below 10), only when the above found fewer than wanted: up to ``candidates`` records sharing a
   two-character window with the query, in names first.

A tier's new hits never outrank an earlier tier's, so the tiers stop as soon as enough are found (within
the title-or-text tier the first found are ranked, titles first); the candidates are then scored on what
they actually contain and ranked (score, then the resident's own, then newest). Hits that are not the
searching resident's own records leave this module masked (张*英, no ID number, no pages): they lead to a
request.

Input that cannot be searched (nothing but punctuation, an ID number that fails its check character, an
unknown record type) raises :class:`SearchInputError` with a stable code, never a database error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.grams import bigram_phrase, facet_token, names_phrase, runs
from kiosk.archive.models import Record
from kiosk.archive.readiness import require_indexed
from kiosk.archive.types import RECORD_TYPES, label
from kiosk.errors import UsageError
from kiosk.identity.idnumber import is_valid
from kiosk.privacy import mask_id, mask_name, mask_names_in

#: Longer input is not a catalogue query (and would only make a long FTS expression).
MAX_QUERY_CHARS = 64
YEARS = range(1900, 2101)
_CHUNK = 500  # bound on SQL parameters per IN (...) lookup


class SearchInputError(UsageError):
    """A query, ID number or filter that cannot be searched; ``code`` says which."""

    code = "SEARCH_INPUT"
    message_key = "error.search.input"


def check_query(text: str) -> str:
    if len(text) > MAX_QUERY_CHARS:
        raise SearchInputError(f"the query is longer than {MAX_QUERY_CHARS} characters",
                               code="SEARCH_QUERY_TOO_LONG")
    if not runs(text):
        raise SearchInputError("the query has no letters, digits or Chinese characters to search for",
                               code="SEARCH_EMPTY_QUERY")
    return text


def check_id_number(value: str) -> str:
    number = value.strip().upper()
    if not is_valid(number):
        raise SearchInputError(f"{mask_id(number)} is not a valid ID number (18 characters, check character)",
                               code="SEARCH_BAD_ID_NUMBER")
    return number


def check_record_type(value: str | None) -> str | None:
    """A record type by key (``marriage``) or by its Chinese label (``婚姻登记``)."""
    if value is None:
        return None
    for key, (zh, _en) in RECORD_TYPES.items():
        if value in (key, zh):
            return key
    raise SearchInputError(f"unknown record type; one of {', '.join(RECORD_TYPES)}", code="SEARCH_BAD_TYPE")


def check_year(value: str | int | None) -> int | None:
    if value is None:
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        year = -1
    if year not in YEARS:
        raise SearchInputError(f"the year must be a number from {YEARS.start} to {YEARS.stop - 1}",
                               code="SEARCH_BAD_YEAR")
    return year


@dataclass(frozen=True)
class Hit:
    record: Record
    linked: bool  # the searching resident's own record
    score: float

    def to_public(self, language: str = "zh_CN") -> dict[str, Any]:
        r = self.record
        common = {"record_id": r.record_id, "record_type": r.record_type, "type_label": label(r.record_type, language),
                  "year": r.year, "archive_code": r.archive_code, "fonds": r.fonds, "reference": r.reference,
                  "office": r.office, "retention": r.retention, "linked": self.linked, "score": round(self.score, 2)}
        if self.linked:
            return {**common, "title": r.title, "names": list(r.names), "date": r.date, "subject_id": r.subject_id,
                    "pages": list(r.pages), "action": "view"}
        return {**common, "title": mask_names_in(r.title, r.names), "names": [mask_name(n) for n in r.names],
                "action": "request"}


class CatalogueSearch:
    def __init__(self, cache: ArchiveCache, *, limit: int = 20, candidates: int = 60):
        self.cache = cache
        self.limit = limit
        self.candidates = candidates

    def own(self, id_number: str, record_type: str | None = None, year: int | None = None) -> list[Hit]:
        """The resident's own records (linked by ID number), by type, newest first. Input is not checked
        here: the caller holds an ID number read from a card or passed :func:`check_id_number`."""
        require_indexed(self.cache)
        sql, params = "SELECT * FROM records WHERE subject_id = ?", [id_number]
        if record_type:
            sql, params = sql + " AND record_type = ?", params + [record_type]
        if year is not None:
            sql, params = sql + " AND year = ?", params + [year]
        rows = self.cache.db.query(sql + " ORDER BY record_type, year DESC", params)
        return [Hit(Record.from_row(r), True, 100.0) for r in rows]

    def search(self, query: str, *, record_type: str | None = None, year: int | None = None,
               resident_id: str | None = None, limit: int | None = None) -> list[Hit]:
        """The catalogue, ranked; raises :class:`SearchInputError` for a query with nothing to search and
        :class:`~kiosk.errors.CacheNotReady` while the cache cannot answer truthfully."""
        limit = limit or self.limit
        parts = runs(check_query(query))
        require_indexed(self.cache)
        q = "".join(parts)
        filters = _Filters(record_type, year)
        found: dict[int, None] = {}
        # Each tier's new hits score below every earlier tier's, so once ``limit`` are found the rest cannot
        # outrank them. A tier asks for ``limit`` more than already found: if it returns that many, at least
        # ``limit`` are new; if fewer, it was exhaustive and the next tier may follow.
        for tier in self._tiers(q, parts, filters):
            for doc in tier(limit + len(found)):
                found.setdefault(doc)
            if len(found) >= limit:
                break
        else:
            for doc in self._fuzzy(q, filters):
                found.setdefault(doc)
        ranked = sorted(self._scored(list(found), q, resident_id))[:limit]
        records = self.cache.records_by_doc([doc for *_k, doc in ranked])
        return [Hit(records[doc], not others, -neg_score) for neg_score, others, _y, _rid, doc in ranked]

    def _scored(self, docs: list[int], q: str, resident_id: str | None) -> list[tuple[float, bool, int, str, int]]:
        """Sort keys, best first: score, the resident's own before others', newest. Read from the few columns
        scoring needs; full records are read for the winners only."""
        out = []
        for i in range(0, len(docs), _CHUNK):
            part = docs[i:i + _CHUNK]
            marks = ",".join("?" * len(part))
            for doc, rid, names, title, body, year, subject in self.cache.conn.execute(
                    f"SELECT doc, record_id, names, title, body, year, subject_id FROM records WHERE doc IN ({marks})",
                    part):
                others = not resident_id or subject != resident_id
                out.append((-_score(json.loads(names), title, body, q), others, -year, rid, doc))
        return out

    def _tiers(self, q: str, parts: Sequence[str], f: _Filters) -> list[Callable[[int], list[int]]]:
        if len(parts) > 1:  # several words: each must occur, in any column; scores vary, so take a wide pick
            match = " AND ".join(bigram_phrase(p) for p in parts)
            return [lambda k: self._fts("search_bigram", match, f, max(k, self.candidates))]
        upper = q[:-1] + chr(ord(q[-1]) + 1)
        table, phrase = ("search_trigram", f'"{q}"') if len(q) >= 3 else ("search_bigram", bigram_phrase(q))
        return [
            lambda k: self._names("rn.name = ?", [q], f, k),  # 100: the name
            lambda k: self._names("rn.name > ? AND rn.name < ?", [q, upper], f, k),  # 60: a surname
            lambda k: self._names_fts(names_phrase(q), f, k),  # 40: inside a name
            # 20 in a title, 10 in the text. One tier, not two: a column filter that matches nothing reads the
            # whole token list, and a word of every text (a district's name) is in few titles.
            lambda k: self._fts(table, f"{{title body}} : {phrase}", f, k),
        ]

    def _names(self, where: str, params: list[Any], f: _Filters, k: int) -> list[int]:
        sql = f"SELECT rn.doc FROM record_names rn JOIN records r ON r.doc = rn.doc WHERE {where}{f.sql} LIMIT ?"
        return [d for (d,) in self.cache.conn.execute(sql, [*params, *f.params, k])]

    def _names_fts(self, phrase: str, f: _Filters, k: int) -> list[int]:
        match = " AND ".join([f"names : {phrase}", *(f'facets : "{t}"' for t in f.tokens)])
        sql = "SELECT rowid FROM search_names WHERE search_names MATCH ? LIMIT ?"
        return [d for (d,) in self.cache.conn.execute(sql, [match, k])]

    def _fts(self, table: str, match: str, f: _Filters, k: int) -> list[int]:
        if f.sql:
            sql = (f"SELECT r.doc FROM {table} s JOIN records r ON r.doc = s.rowid "
                   f"WHERE {table} MATCH ?{f.sql} LIMIT ?")
        else:  # no join needed: the FTS rowid is the record's doc
            sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?"
        return [d for (d,) in self.cache.conn.execute(sql, [match, *f.params, k])]

    def _fuzzy(self, q: str, f: _Filters) -> list[int]:
        """Records sharing a two-character window with the query: in names first, then anywhere."""
        if len(q) <= 2:  # the query's only window is the query itself: found already
            return []
        windows = sorted({q[i:i + 2] for i in range(len(q) - 1)})
        any_window = "(" + " OR ".join(f'"{w}"' for w in windows) + ")"
        docs = self._names_fts(any_window, f, self.candidates)
        if len(docs) < self.candidates:
            docs += self._fts("search_bigram", any_window, f, self.candidates - len(docs))
        return docs


@dataclass(frozen=True)
class _Filters:
    record_type: str | None
    year: int | None

    @property
    def sql(self) -> str:
        return (" AND r.record_type = ?" if self.record_type else "") + (" AND r.year = ?" if self.year else "")

    @property
    def params(self) -> list[Any]:
        return [p for p in (self.record_type, self.year) if p]

    @property
    def tokens(self) -> list[str]:
        """The filters as tokens of the names index's facets column."""
        return ([facet_token("t", self.record_type)] if self.record_type else []) + \
            ([facet_token("y", self.year)] if self.year else [])


def _score(names: list[str], title: str, body: str, q: str) -> float:
    """What the record holds, not which tier found it: exact name > surname > name part > title > text."""
    names = [n.lower() for n in names]
    if q in names:
        return 100.0
    if any(n.startswith(q) for n in names):
        return 60.0
    if any(q in n for n in names):
        return 40.0
    title, body = title.lower(), body.lower()
    if q in title:
        return 20.0
    if q in body:
        return 10.0
    windows = {q[i:i + 2] for i in range(len(q) - 1)} or {q}
    text = " ".join(names) + title + body
    return 5.0 * sum(w in text for w in windows) / len(windows)
