"""Ordered schema migrations for the cache. Append only: a shipped migration is never edited."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.storage import Connection

#: A migration is a SQL script (run in one transaction with its bookkeeping row) or, for data changes, a
#: function that uses ``execute`` only (``executescript`` would commit half-way).
Migration = str | Callable[[Connection], None]

_M001_RECORDS = """
    CREATE TABLE records (
        record_id TEXT PRIMARY KEY,
        archive_code TEXT NOT NULL,
        fonds TEXT NOT NULL,
        reference TEXT NOT NULL,
        record_type TEXT NOT NULL,
        year INTEGER NOT NULL,
        title TEXT NOT NULL,
        retention TEXT NOT NULL DEFAULT '',
        office TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        subject_id TEXT,
        names TEXT NOT NULL DEFAULT '[]',
        pages TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL DEFAULT '',
        updated_seq INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX records_subject ON records(subject_id, record_type, year);
    CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL, mime TEXT NOT NULL DEFAULT '');
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# Search needs a stable integer key per record (FTS5 rows are addressed by rowid, and VACUUM may renumber
# the implicit rowid of a table without an INTEGER PRIMARY KEY), so the records table is rebuilt with one.
_M002_SEARCH_AND_SYNC = """
    CREATE TABLE records_new (
        doc INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE,
        archive_code TEXT NOT NULL,
        fonds TEXT NOT NULL,
        reference TEXT NOT NULL,
        record_type TEXT NOT NULL,
        year INTEGER NOT NULL,
        title TEXT NOT NULL,
        retention TEXT NOT NULL DEFAULT '',
        office TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        subject_id TEXT,
        names TEXT NOT NULL DEFAULT '[]',
        pages TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL DEFAULT '',
        updated_seq INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}'
    );
    INSERT INTO records_new (record_id, archive_code, fonds, reference, record_type, year, title, retention, office,
                             date, subject_id, names, pages, body, updated_seq, extra)
        SELECT record_id, archive_code, fonds, reference, record_type, year, title, retention, office, date,
               subject_id, names, pages, body, updated_seq, extra FROM records;
    DROP TABLE records;
    ALTER TABLE records_new RENAME TO records;
    CREATE INDEX records_subject ON records(subject_id, record_type, year);
    CREATE INDEX records_seq ON records(updated_seq);

    -- Exact and surname (prefix) lookups of the names a record is indexed by.
    CREATE TABLE record_names (name TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (name, doc)) WITHOUT ROWID;
    -- 3+ characters: substring search through trigrams. Contentless (rows are addressed by records.doc):
    -- the text lives in records once.
    CREATE VIRTUAL TABLE search_trigram USING fts5(names, title, body, content='', tokenize='trigram');
    -- 1-2 characters: trigram finds nothing below three characters, so every two-character window (and the
    -- last character of each run) is a token of its own. Contentless: the token text is derived.
    CREATE VIRTUAL TABLE search_bigram USING fts5(names, title, body, content='', tokenize='unicode61');

    CREATE TABLE documents (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_seq INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX documents_seq ON documents(updated_seq);
    -- Page blobs a record refers to that have not been fetched yet.
    CREATE TABLE blobs_wanted (sha256 TEXT PRIMARY KEY);
    CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        pushed_at TEXT
    );
    CREATE INDEX outbox_pending ON outbox(pushed_at, created_at);
"""


def _m003_index_existing(db: Connection) -> None:
    """Records that were in the cache before search existed get their index entries."""
    from kiosk.archive.search_index import index_rows

    rows = db.execute("SELECT doc, names, title, body FROM records").fetchall()
    index_rows(db, rows, names_fts=False)  # the names FTS table comes with 004, which indexes every record


def _m004_names_index(db: Connection) -> None:
    """Names get a full-text index of their own, with each record's type and year beside them: a names
    search then reads only names' token lists, never the long lists of words that fill every title and
    text, and a filtered one intersects lists instead of reading every match's row."""
    from kiosk.archive.search_index import index_names

    db.execute("CREATE VIRTUAL TABLE search_names USING fts5(names, facets, content='', tokenize='unicode61')")
    index_names(db)


def _m005_lean_full_text(db: Connection) -> None:
    """The full-text indexes without their per-row column sizes (only FTS5's bm25 ranking reads them, and
    search ranks by its own score), and the two-character and names indexes read by FTS5's plain ``ascii``
    tokenizer: their token strings are made in Python (``grams.py``) already split and lowercased, so
    unicode61's per-character folding only did that work again. Writing the indexes (every sync, every
    rebuild) costs a quarter less. Refilled from the records table."""
    from kiosk.archive.search_index import rebuild_indexes

    for table in ("search_trigram", "search_bigram", "search_names"):
        db.execute(f"DROP TABLE {table}")
    db.execute("CREATE VIRTUAL TABLE search_trigram USING fts5(names, title, body, content='', columnsize=0, "
               "tokenize='trigram')")
    db.execute("CREATE VIRTUAL TABLE search_bigram USING fts5(names, title, body, content='', columnsize=0, "
               "tokenize='ascii')")
    db.execute("CREATE VIRTUAL TABLE search_names USING fts5(names, facets, content='', columnsize=0, "
               "tokenize='ascii')")
    rebuild_indexes(db)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_records", _M001_RECORDS),
    ("002_search_and_sync", _M002_SEARCH_AND_SYNC),
    ("003_index_existing", _m003_index_existing),
    ("004_names_index", _m004_names_index),
    ("005_lean_full_text", _m005_lean_full_text),
]


def migrate(db: Connection, migrations: list[tuple[str, Migration]] | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction. Returns the names applied."""
    migrations = MIGRATIONS if migrations is None else migrations
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in db.execute("SELECT name FROM schema_migrations")}
    applied = []
    for name, fn in migrations:
        if name in done:
            continue
        if db.in_transaction:
            db.commit()
        record = f"INSERT INTO schema_migrations VALUES ('{name}', datetime('now'));"
        try:
            if isinstance(fn, str):
                db.executescript(f"BEGIN;\n{fn}\n;{record}\nCOMMIT;")
            else:
                db.execute("BEGIN")
                fn(db)
                db.execute(record)
                db.execute("COMMIT")
        except Exception:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        applied.append(name)
    db.commit()
    return applied
