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
