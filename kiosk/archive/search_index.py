"""Keeps the search indexes (names, trigram, two-character) in step with the records table.

Callers hand rows as ``(doc, names_json, title, body)``; removal needs the values that were indexed, which
is why updates read the old row first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from kiosk.archive.grams import bigram_text

IndexRow = Sequence  # (doc, names_json, title, body)


def _names(names_json: str) -> list[str]:
    try:
        names = json.loads(names_json or "[]")
    except ValueError:
        return []
    return [n for n in names if isinstance(n, str) and n]


def index_rows(db: sqlite3.Connection, rows: Iterable[IndexRow]) -> None:
    rows = list(rows)
    if not rows:
        return
    db.executemany("INSERT INTO search_trigram(rowid, names, title, body) VALUES (?, ?, ?, ?)",
                   [(doc, " ".join(_names(names)), title, body) for doc, names, title, body in rows])
    db.executemany("INSERT INTO search_bigram(rowid, names, title, body) VALUES (?, ?, ?, ?)",
                   [(doc, bigram_text(_names(names)), bigram_text([title]), bigram_text([body]))
                    for doc, names, title, body in rows])
    db.executemany("INSERT OR IGNORE INTO record_names(name, doc) VALUES (?, ?)",
                   [(n, doc) for doc, names, _t, _b in rows for n in _names(names)])


def unindex_rows(db: sqlite3.Connection, rows: Iterable[IndexRow]) -> None:
    rows = list(rows)
    if not rows:
        return
    db.executemany("INSERT INTO search_trigram(search_trigram, rowid, names, title, body) "
                   "VALUES ('delete', ?, ?, ?, ?)",
                   [(doc, " ".join(_names(names)), title, body) for doc, names, title, body in rows])
    db.executemany("INSERT INTO search_bigram(search_bigram, rowid, names, title, body) VALUES ('delete', ?, ?, ?, ?)",
                   [(doc, bigram_text(_names(names)), bigram_text([title]), bigram_text([body]))
                    for doc, names, title, body in rows])
    db.executemany("DELETE FROM record_names WHERE name = ? AND doc = ?",
                   [(n, doc) for doc, names, _t, _b in rows for n in _names(names)])


def rebuild_indexes(db: sqlite3.Connection) -> None:
    """Refill all three indexes from the records table, one set-based pass each.

    A bulk load (a fresh snapshot, a benchmark archive) writes the records first and indexes afterwards:
    FTS5 then builds large sorted segments instead of many small ones to merge, and ``record_names`` is
    written in key order. Runs inside the caller's transaction.
    """
    db.create_function("kiosk_joined_names", 1, lambda s: " ".join(_names(s)), deterministic=True)
    db.create_function("kiosk_bigram_names", 1, lambda s: bigram_text(_names(s)), deterministic=True)
    db.create_function("kiosk_bigram_text", 1, lambda s: bigram_text([s or ""]), deterministic=True)
    db.execute("DELETE FROM record_names")
    for table in ("search_trigram", "search_bigram"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
    db.execute("INSERT INTO record_names(name, doc) SELECT DISTINCT j.value, r.doc FROM records r, json_each(r.names) j "
               "WHERE j.type = 'text' AND j.value <> '' ORDER BY 1, 2")
    db.execute("INSERT INTO search_trigram(rowid, names, title, body) "
               "SELECT doc, kiosk_joined_names(names), title, body FROM records ORDER BY doc")
    db.execute("INSERT INTO search_bigram(rowid, names, title, body) SELECT doc, kiosk_bigram_names(names), "
               "kiosk_bigram_text(title), kiosk_bigram_text(body) FROM records ORDER BY doc")
    for table in ("search_trigram", "search_bigram"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
