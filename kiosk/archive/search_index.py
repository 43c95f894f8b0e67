"""Keeps the search indexes (names B-tree, names FTS, trigram, two-character) in step with the records table.

Callers hand rows as ``(doc, names_json, title, body, record_type, year)``; removal needs the values that were
indexed, which is why updates read the old row first. The names index also holds each record's type and
year (facets); a row without them (``(doc, names_json, title, body)``) has them read from the records table,
so index and unindex then run while the record's row is still there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import orjson

from kiosk.archive.grams import bigram_text, facet_text, names_tokens
from kiosk.storage import Connection

IndexRow = Sequence  # (doc, names_json, title, body[, record_type, year])
#: The parts of the search indexes a record's values feed: its text (the trigram and two-character indexes,
#: from names, title and text) and its names (the names index with its facets, and ``record_names``).
TEXT, NAMES = "text", "names"
INDEX_PARTS = (TEXT, NAMES)
FTS_TABLES = ("search_trigram", "search_bigram", "search_names")
_CHUNK = 500  # bound on SQL parameters per IN (...) lookup
_REBUILD_ROWS = 20_000  # records read, tokenised and indexed at a time by a rebuild
# Terms FTS5 gathers in memory before writing them out as a segment (its default is 1 MB). A rebuild that
# keeps them all writes each index as a few large segments, with no merging of small ones afterwards.
_PENDING_TERMS_BYTES = 64 * 2**20


def _names(names_json: str) -> list[str]:
    try:
        names = orjson.loads(names_json or "[]")
    except ValueError:
        try:  # what orjson refuses (a lone surrogate, NaN) the standard parser may still read
            names = json.loads(names_json)
        except ValueError:
            return []
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and n]


def _facets(db: Connection, docs: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(docs), _CHUNK):
        part = docs[i:i + _CHUNK]
        marks = ",".join("?" * len(part))
        for doc, record_type, year in db.execute(f"SELECT doc, record_type, year FROM records WHERE doc IN ({marks})",
                                                 part):
            out[doc] = facet_text(record_type, year)
    return out


def part_values(part: str, row: IndexRow) -> tuple:
    """The values of a full ``(doc, names_json, title, body, record_type, year)`` row that ``part`` indexes."""
    return (row[1], row[2], row[3]) if part == TEXT else (row[1], row[4], row[5])


class _Entries:
    """Column values of the trigram, two-character and names FTS tables, and the ``record_names`` pairs, for
    a set of rows: each row's names are parsed once and its windows made once for all of them."""

    def __init__(self, db: Connection, rows: Iterable[IndexRow], names_fts: bool,
                 parts: Sequence[str] = INDEX_PARTS):
        rows = list(rows)
        text, named = TEXT in parts, NAMES in parts
        names_fts = names_fts and named
        self.trigram: list[tuple] = []
        self.bigram: list[tuple] = []
        self.named: list[tuple] = []
        self.names: list[tuple[str, int]] = []
        looked_up = _facets(db, [r[0] for r in rows if len(r) < 6]) if names_fts else {}
        titles: dict[str, str] = {}  # titles repeat (a form's name, a certificate's): their windows are reused
        for row in rows:
            doc, names_json, title, body = row[:4]
            names = _names(names_json)
            bigram_names, name_tokens = names_tokens(names)
            if text:
                title_tokens = titles.get(title)
                if title_tokens is None:
                    title_tokens = titles[title] = bigram_text((title,))
                self.trigram.append((doc, " ".join(names), title, body))
                self.bigram.append((doc, bigram_names, title_tokens, bigram_text((body,))))
            if names_fts:
                facets = facet_text(row[4], row[5]) if len(row) >= 6 else looked_up.get(doc, "")
                self.named.append((doc, name_tokens, facets))
            if named:
                self.names += [(n, doc) for n in names]


def index_rows(db: Connection, rows: Iterable[IndexRow], *, names_fts: bool = True,
               parts: Sequence[str] = INDEX_PARTS) -> None:
    """Index records whose rows are in the records table, in the given parts of the indexes. ``names_fts``
    is off only for a migration that runs before the names FTS table exists."""
    rows = list(rows)
    if rows:
        entries = _Entries(db, rows, names_fts, parts)
        _insert(db, entries)
        if entries.names:
            db.executemany("INSERT OR IGNORE INTO record_names(name, doc) VALUES (?, ?)", entries.names)


def _insert(db: Connection, entries: _Entries) -> None:
    if entries.trigram:
        db.executemany("INSERT INTO search_trigram(rowid, names, title, body) VALUES (?, ?, ?, ?)", entries.trigram)
        db.executemany("INSERT INTO search_bigram(rowid, names, title, body) VALUES (?, ?, ?, ?)", entries.bigram)
    if entries.named:
        db.executemany("INSERT INTO search_names(rowid, names, facets) VALUES (?, ?, ?)", entries.named)


def unindex_rows(db: Connection, rows: Iterable[IndexRow], *, parts: Sequence[str] = INDEX_PARTS) -> None:
    rows = list(rows)
    if not rows:
        return
    entries = _Entries(db, rows, True, parts)
    if entries.trigram:
        db.executemany("INSERT INTO search_trigram(search_trigram, rowid, names, title, body) "
                       "VALUES ('delete', ?, ?, ?, ?)", entries.trigram)
        db.executemany("INSERT INTO search_bigram(search_bigram, rowid, names, title, body) "
                       "VALUES ('delete', ?, ?, ?, ?)", entries.bigram)
    if entries.named:
        db.executemany("INSERT INTO search_names(search_names, rowid, names, facets) VALUES ('delete', ?, ?, ?)",
                       entries.named)
    if entries.names:
        db.executemany("DELETE FROM record_names WHERE name = ? AND doc = ?", entries.names)


def index_names(db: Connection) -> None:
    """Fill the names FTS index from the records table (a migration, a bulk load)."""
    db.create_function("kiosk_names_text", 1, lambda s: names_tokens(_names(s))[1], deterministic=True)
    db.create_function("kiosk_facet_text", 2, facet_text, deterministic=True)
    db.execute("INSERT INTO search_names(rowid, names, facets) SELECT doc, kiosk_names_text(names), "
               "kiosk_facet_text(record_type, year) FROM records ORDER BY doc")


def rebuild_indexes(db: Connection) -> None:
    """Refill every index from the records table.

    A bulk load (a fresh snapshot, a benchmark archive) writes the records first and indexes afterwards, in
    ``doc`` order: FTS5 then builds large sorted segments instead of many small ones to merge, and
    ``record_names`` is written in key order. Each record is read and tokenised once for all three full-text
    indexes. Runs inside the caller's transaction.
    """
    db.execute("DELETE FROM record_names")
    for table in FTS_TABLES:
        db.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {_PENDING_TERMS_BYTES})")
    db.execute("INSERT INTO record_names(name, doc) SELECT DISTINCT j.value, r.doc "
               "FROM records r, json_each(r.names) j WHERE j.type = 'text' AND j.value <> '' ORDER BY 1, 2")
    after = 0
    while True:
        rows = db.execute("SELECT doc, names, title, body, record_type, year FROM records WHERE doc > ? "
                          "ORDER BY doc LIMIT ?", [after, _REBUILD_ROWS]).fetchall()
        if not rows:
            break
        _insert(db, _Entries(db, rows, True))
        after = rows[-1][0]
    for table in FTS_TABLES:
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
