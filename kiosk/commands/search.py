"""`kiosk search`: a resident's own records by ID number, or the catalogue by names, titles and text.

``--id-number`` alone lists that resident's own records. ``--query`` searches the catalogue; with
``--id-number`` as well, the search is made as that resident, so their own hits come in full and everyone
else's masked (张*英, no ID number) with the action "request".
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.storage_key import add_storage_key_flag, storage_key_from
from kiosk.errors import CacheError, UsageError
from kiosk.storage import DatabaseError, StorageKey, is_plain_sqlite, open_db

HELP = "search the local archive cache: own records by ID number, the catalogue by names, titles and text"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache", required=True, type=at.existing_file,
                   help="the archive cache (SQLite file written by kiosk sync)")
    add_storage_key_flag(p)
    p.add_argument("--id-number", type=at.code,
                   help="the resident's ID number: their own records, or whose search it is")
    p.add_argument("--query", type=at.utf8_text, help="names, words of a title or text, 1 or more Chinese characters")
    p.add_argument("--type", dest="record_type", type=at.utf8_text,
                   help="only this record type (key such as marriage, or 婚姻登记)")
    p.add_argument("--year", type=at.utf8_text, help="only records of this year")
    p.add_argument("--limit", type=at.number(int, minimum=1, maximum=1000), default=20,
                   help="catalogue hits at most (default 20)")
    add_json_flag(p)


def _check_is_cache(path: Path, key: StorageKey) -> None:
    """Refuse a missing file (opening would create an empty cache) or a database that is not a cache."""
    if not path.is_file():
        raise CacheError(f"no archive cache at {path}", detail={"path": str(path)}, code="CACHE_NOT_FOUND")
    try:
        # A plain SQLite file is judged as it is: a kiosk cache left unencrypted by an older kiosk is
        # encrypted when the cache opens it; any other database is refused untouched.
        conn = open_db(path, None if is_plain_sqlite(path) else key, readonly=True)
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except DatabaseError as e:
        raise CacheError(f"{path} is not an archive cache: {e}", detail={"path": str(path)},
                         code="CACHE_NOT_A_CACHE") from None
    if tables and "schema_migrations" not in tables:
        raise CacheError(f"{path} is a database but not an archive cache", detail={"path": str(path)},
                         code="CACHE_NOT_A_CACHE")


def _text(results: list[dict[str, Any]]) -> str:
    if not results:
        return "no records found"
    return "\n".join(f"{r['year']}  {r['type_label']}  {r['title']}  {'、'.join(r['names'])}  [{r['action']}]"
                     for r in results)


def run(args: argparse.Namespace) -> int:
    from kiosk.archive.cache import ArchiveCache
    from kiosk.archive.readiness import require_ready
    from kiosk.archive.search import (CatalogueSearch, check_id_number, check_query, check_record_type,
                                      check_year)

    if args.id_number is None and args.query is None:
        raise UsageError("give --id-number (own records) or --query (catalogue search), or both")
    if not 1 <= args.limit <= 200:
        raise UsageError("--limit must be from 1 to 200")
    id_number = check_id_number(args.id_number) if args.id_number is not None else None
    query = check_query(args.query) if args.query is not None else None
    record_type, year = check_record_type(args.record_type), check_year(args.year)
    path = Path(args.cache)
    key = storage_key_from(args)
    _check_is_cache(path, key)
    cache = ArchiveCache(path, key=key)
    try:
        require_ready(cache)  # a cache never synced holds no answer, not the answer "nothing"
        search = CatalogueSearch(cache, limit=args.limit)
        if query is None:
            hits = search.own(id_number or "", record_type, year)
        else:
            hits = search.search(query, record_type=record_type, year=year, resident_id=id_number)
    finally:
        cache.close()
    results = [h.to_public() for h in hits]
    emit(args, {"results": results, "count": len(results)}, _text(results))
    return 0
