"""Keeps the search indexes (names B-tree, names FTS, trigram, two-character) in step with the records table.

Callers hand rows as ``(doc, names_json, title, body)``; removal needs the values that were indexed, which
is why updates read the old row first. The names index also holds each record's type and year (facets),
read from the records table, so index and unindex run while the record's row is still there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from kiosk.archive.grams import bigram_text, facet_text, names_text

IndexRow = Sequence  # (doc, names_json, title, body)
_CHUNK = 500  # bound on SQL parameters per IN (...) lookup


def _names(names_json: str) -> list[str]:
    try:
        names = json.loads(names_json or "[]")
    except ValueError:
        return []
    return [n for n in names if isinstance(n, str) and n]


def _facets(db: sqlite3.Connection, docs: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(docs), _CHUNK):
        part = docs[i:i + _CHUNK]
        marks = ",".join("?" * len(part))
        for doc, record_type, year in db.execute(f"SELECT doc, record_type, year FROM records WHERE doc IN ({marks})",
                                                 part):
            out[doc] = facet_text(record_type, year)
    return out


def _parsed(rows: list[IndexRow]) -> list[tuple[int, list[str], str, str]]:
    return [(doc, _names(names), title, body) for doc, names, title, body in rows]


def _fts_rows(db: sqlite3.Connection, rows: list[tuple[int, list[str], str, str]],
              names_fts: bool) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Column values of the trigram, two-character and names FTS tables for each row."""
    trigram = [(doc, " ".join(names), title, body) for doc, names, title, body in rows]
    bigram = [(doc, bigram_text(names), bigram_text([title]), bigram_text([body])) for doc, names, title, body in rows]
    if not names_fts:
        return trigram, bigram, []
    facets = _facets(db, [r[0] for r in rows])
    named = [(doc, names_text(names), facets.get(doc, "")) for doc, names, _t, _b in rows]
    return trigram, bigram, named


def index_rows(db: sqlite3.Connection, rows: Iterable[IndexRow], *, names_fts: bool = True) -> None:
    """Index records whose rows are in the records table. ``names_fts`` is off only for a migration that
    runs before the names FTS table exists."""
    parsed = _parsed(list(rows))
    if not parsed:
        return
    trigram, bigram, named = _fts_rows(db, parsed, names_fts)
    db.executemany("INSERT INTO search_trigram(rowid, names, title, body) VALUES (?, ?, ?, ?)", trigram)
    db.executemany("INSERT INTO search_bigram(rowid, names, title, body) VALUES (?, ?, ?, ?)", bigram)
    if names_fts:
        db.executemany("INSERT INTO search_names(rowid, names, facets) VALUES (?, ?, ?)", named)
    db.executemany("INSERT OR IGNORE INTO record_names(name, doc) VALUES (?, ?)",
                   [(n, doc) for doc, names, _t, _b in parsed for n in names])


def unindex_rows(db: sqlite3.Connection, rows: Iterable[IndexRow]) -> None:
    parsed = _parsed(list(rows))
    if not parsed:
        return
    trigram, bigram, named = _fts_rows(db, parsed, True)
    db.executemany("INSERT INTO search_trigram(search_trigram, rowid, names, title, body) "
                   "VALUES ('delete', ?, ?, ?, ?)", trigram)
    db.executemany("INSERT INTO search_bigram(search_bigram, rowid, names, title, body) VALUES ('delete', ?, ?, ?, ?)",
                   bigram)
    db.executemany("INSERT INTO search_names(search_names, rowid, names, facets) VALUES ('delete', ?, ?, ?)", named)
    db.executemany("DELETE FROM record_names WHERE name = ? AND doc = ?",
                   [(n, doc) for doc, names, _t, _b in parsed for n in names])


def index_names(db: sqlite3.Connection) -> None:
    """Fill the names FTS index from the records table (a migration, a bulk load)."""
    db.create_function("kiosk_names_text", 1, lambda s: names_text(_names(s)), deterministic=True)
    db.create_function("kiosk_facet_text", 2, facet_text, deterministic=True)
    db.execute("INSERT INTO search_names(rowid, names, facets) SELECT doc, kiosk_names_text(names), "
               "kiosk_facet_text(record_type, year) FROM records ORDER BY doc")


def rebuild_indexes(db: sqlite3.Connection) -> None:
    """Refill every index from the records table, one set-based pass each.

    A bulk load (a fresh snapshot, a benchmark archive) writes the records first and indexes afterwards:
    FTS5 then builds large sorted segments instead of many small ones to merge, and ``record_names`` is
    written in key order. Runs inside the caller's transaction.
    """
    db.create_function("kiosk_joined_names", 1, lambda s: " ".join(_names(s)), deterministic=True)
    db.create_function("kiosk_bigram_names", 1, lambda s: bigram_text(_names(s)), deterministic=True)
    db.create_function("kiosk_bigram_text", 1, lambda s: bigram_text([s or ""]), deterministic=True)
    db.execute("DELETE FROM record_names")
    for table in ("search_trigram", "search_bigram", "search_names"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
    db.execute("INSERT INTO record_names(name, doc) SELECT DISTINCT j.value, r.doc "
               "FROM records r, json_each(r.names) j WHERE j.type = 'text' AND j.value <> '' ORDER BY 1, 2")
    db.execute("INSERT INTO search_trigram(rowid, names, title, body) "
               "SELECT doc, kiosk_joined_names(names), title, body FROM records ORDER BY doc")
    db.execute("INSERT INTO search_bigram(rowid, names, title, body) SELECT doc, kiosk_bigram_names(names), "
               "kiosk_bigram_text(title), kiosk_bigram_text(body) FROM records ORDER BY doc")
    index_names(db)
    for table in ("search_trigram", "search_bigram", "search_names"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
