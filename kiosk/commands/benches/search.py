"""`kiosk bench search`: own records by ID number and catalogue searches on a large synthetic cache.

The cache is the synthetic district archive (the same generator as ``kiosk gateway seed``), loaded the way
a fresh snapshot would be: records in big transactions first, the search indexes built afterwards. Built
caches are kept under ``--db-dir`` (named by size, seed and index format), so a rerun measures at once.

Every figure is a full call of the kiosk's own search (SQL, records read back, scored, ranked), with
queries drawn from the archive's residents: given names and two-character words, full names and title
phrases. ``like_scan_ms`` is the plain ``LIKE`` scan over names, titles and text for the same queries,
timed in the same run against the same file, so the ratios compare like with like.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.benches.parts.storage_cost import alternate, plain_twin
from kiosk.errors import UsageError
from kiosk.storage import StorageKey, load_key

HELP = "own list and 1/2/3+-character catalogue search p95 on N records, against a plain LIKE scan"
OWN_GOAL_MS = 5.0
SEARCH_GOAL_MS = 20.0
SPEEDUP_GOAL = 100.0
#: Bumped whenever the stored index format changes, so an old benchmark cache is rebuilt, not reused.
BUILD_FORMAT = 4  # 4: the cache is encrypted, as a kiosk's is
_LOAD_BATCH = 50_000
# Two-character and longer words that occur in very many titles and texts: the worst case for a bounded
# candidate list is a query everybody matches.
_COMMON_2 = ("退休", "结婚", "学籍", "保险", "劳动", "西湖")
_COMMON_3 = ("养老保险", "独生子女", "房屋所有权", "最低生活保障", "劳动合同书")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--records", type=at.number(int, minimum=1, maximum=100_000_000), default=100_000,
                   help="records in the cache (default 100000)")
    p.add_argument("--seed", type=at.non_negative_int, default=1, help="seed of the synthetic archive and the queries")
    p.add_argument("--queries", type=at.number(int, minimum=1, maximum=1_000_000), default=200,
                   help="queries of each kind (default 200)")
    p.add_argument("--like-runs", type=at.number(int, minimum=1, maximum=1000), default=3,
                   help="LIKE scans per query kind (default 3)")
    p.add_argument("--db-dir", type=at.creatable_dir, default=str(Path(tempfile.gettempdir()) / "kiosk-bench-search"),
                   help="where built caches are kept for reruns (default: a folder in the temp dir)")
    p.add_argument("--rebuild", action="store_true", help="build the cache again even if it is kept")
    add_json_flag(p)


def _synthetic_records(seed: int, count: int, residents: list[int]) -> Iterator[Any]:
    """The first ``count`` records of the archive; ``residents`` ends up holding how many people they cover."""
    from kiosk.archive.synthetic import resident

    made, index = 0, 0
    while made < count:
        for record in resident(seed, index).records[:count - made]:
            yield record
            made += 1
        index += 1
    residents.append(index)


def build_cache(path: Path, records: int, seed: int, key: StorageKey) -> dict[str, Any]:
    """Bulk-load ``records`` synthetic records into a new cache at ``path``; returns what it took."""
    from kiosk.archive.cache import ArchiveCache
    from kiosk.archive.models import RECORD_COLUMNS
    from kiosk.archive.search_index import rebuild_indexes

    partial = path.with_suffix(".building")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    cache = ArchiveCache(partial, key=key)  # the kiosk's own schema, through its migrations
    conn = cache.conn
    # Nothing here needs to survive a crash: a half-built file is thrown away and built again.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")  # 1 GB: index pages stay in memory while they are written
    # B-tree indexes are built once after the load (a sort) rather than kept up to date row by row.
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
                           "AND sql IS NOT NULL").fetchall()
    for name, _sql in indexes:
        conn.execute(f"DROP INDEX {name}")
    marks = ",".join("?" * (len(RECORD_COLUMNS) + 1))
    insert = f"INSERT INTO records(doc, {', '.join(RECORD_COLUMNS)}) VALUES ({marks})"
    start = time.perf_counter()
    batch: list[tuple[Any, ...]] = []
    residents: list[int] = []
    for doc, record in enumerate(_synthetic_records(seed, records, residents), 1):
        row = record.to_row()
        batch.append((doc, *(row[c] for c in RECORD_COLUMNS)))
        if len(batch) == _LOAD_BATCH:
            with cache.transaction():
                conn.executemany(insert, batch)
            batch.clear()
    with cache.transaction():
        conn.executemany(insert, batch)
    loaded = time.perf_counter()
    with cache.transaction():
        for _name, sql in indexes:
            conn.execute(sql)
        rebuild_indexes(conn)
        conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                         [("bench_format", str(BUILD_FORMAT)), ("bench_residents", str(residents[0]))])
    conn.execute("ANALYZE")
    indexed = time.perf_counter()
    conn.execute("PRAGMA journal_mode=WAL")
    cache.close()
    partial.rename(path)
    return {"load_s": round(loaded - start, 1), "index_s": round(indexed - loaded, 1),
            "records_per_s": round(records / max(indexed - start, 1e-9))}


def _queries(seed: int, residents: int, count: int) -> dict[str, list[Any]]:
    """Own-list ID numbers and 1/2/3+-character queries, drawn from the archive's residents."""
    from kiosk.archive.synthetic import resident

    rng = random.Random(f"bench-search:{seed}")
    out: dict[str, list[Any]] = {"own": [], "1char": [], "2char": [], "3char": [], "filtered": []}
    for _ in range(count):
        person = resident(seed, rng.randrange(residents))
        name = person.name
        out["own"].append(person.id_number)
        out["1char"].append(rng.choice(name))
        given = name[-2:] if len(name) >= 3 else name
        out["2char"].append(rng.choice(_COMMON_2) if rng.random() < 0.2 else given)
        out["3char"].append(rng.choice(_COMMON_3) if rng.random() < 0.2 or len(name) < 3 else name)
        record = rng.choice(person.records)  # a given name narrowed by a type or a year the person has
        out["filtered"].append((given, {"record_type": record.record_type} if rng.random() < 0.5 else
                                {"year": record.year}))
    return out


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _timed_ms(calls: list[Callable[[], Any]]) -> list[float]:
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _like_scan(cache: Any, query: str) -> list[Any]:
    """What the kiosk would do without its indexes: a LIKE over every record, newest first."""
    like = f"%{query}%"
    return cache.conn.execute("SELECT * FROM records WHERE names LIKE ? OR title LIKE ? OR body LIKE ? "
                              "ORDER BY year DESC LIMIT 50", [like, like, like]).fetchall()


def _encryption_cost(cache: Any, plain_path: Path, queries: dict[str, list[Any]]) -> dict[str, Any]:
    from kiosk.archive.cache import ArchiveCache
    from kiosk.archive.search import CatalogueSearch

    plain = ArchiveCache(plain_path, key=None)  # the baseline: the same cache unencrypted

    def mix(c: Any) -> None:
        search = CatalogueSearch(c)
        for i in queries["own"][:50]:
            search.own(i)
        for kind in ("1char", "2char", "3char"):
            for q in queries[kind][:50]:
                search.search(q)

    try:
        return alternate(lambda: mix(cache), lambda: mix(plain))
    finally:
        plain.close()


def run(args: argparse.Namespace) -> int:
    if args.records < 10 or args.queries < 1 or args.like_runs < 1:
        raise UsageError("--records ≥ 10, --queries ≥ 1 and --like-runs ≥ 1, please")
    from kiosk.archive.cache import ArchiveCache
    from kiosk.archive.search import CatalogueSearch

    db_dir = Path(args.db_dir)
    db_dir.mkdir(parents=True, exist_ok=True)
    path = db_dir / f"search-{args.records}-seed{args.seed}-f{BUILD_FORMAT}.sqlite"
    key = load_key(db_dir / "bench-storage.key", env={})
    build: dict[str, Any] = {"reused": path.exists() and not args.rebuild}
    if not build["reused"]:
        path.unlink(missing_ok=True)
        build.update(build_cache(path, args.records, args.seed, key))
    cache = ArchiveCache(path, key=key)
    try:
        residents = int(cache.meta("bench_residents") or 0)
        if residents < 1:
            raise UsageError(f"{path} is not a finished benchmark cache; run again with --rebuild")
        queries = _queries(args.seed, residents, args.queries)
        search = CatalogueSearch(cache)
        for q in queries["2char"][:10] + queries["own"][:10]:  # warm the page cache as a running kiosk is
            search.search(q) if not q[0].isdigit() else search.own(q)
        own = _timed_ms([lambda i=i: search.own(i) for i in queries["own"]])
        kinds = {kind: _timed_ms([lambda q=q: search.search(q) for q in queries[kind]])
                 for kind in ("1char", "2char", "3char")}
        filtered = _timed_ms([lambda q=q, f=f: search.search(q, **f) for q, f in queries["filtered"]])
        like_queries = [queries["2char"][i % len(queries["2char"])] if i % 2 == 0 else
                        queries["3char"][i % len(queries["3char"])] for i in range(args.like_runs * 2)]
        like = _timed_ms([lambda q=q: _like_scan(cache, q) for q in like_queries])
        found = {kind: statistics.fmean(len(search.search(q)) for q in queries[kind][:20]) for kind in kinds}
        own_found = statistics.fmean(len(search.own(i)) for i in queries["own"][:20])
        encryption = _encryption_cost(cache, plain_twin(path, key), queries)
    finally:
        cache.close()
    like_ms = statistics.median(like)
    out: dict[str, Any] = {
        "records": args.records, "residents": residents, "queries_per_kind": args.queries, "cache": str(path),
        "cache_mb": round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20, 1),
        "build": build,
        "own_list_p95_ms": round(_p95(own), 3), "own_list_median_ms": round(statistics.median(own), 3),
        "search_1char_p95_ms": round(_p95(kinds["1char"]), 3),
        "search_2char_p95_ms": round(_p95(kinds["2char"]), 3),
        "search_3char_p95_ms": round(_p95(kinds["3char"]), 3),
        "search_filtered_p95_ms": round(_p95(filtered), 3),
        "search_median_ms": {**{k: round(statistics.median(v), 3) for k, v in kinds.items()},
                             "filtered": round(statistics.median(filtered), 3)},
        "mean_hits": {"own": round(own_found, 1), **{k: round(v, 1) for k, v in found.items()}},
        "like_scan_ms": round(like_ms, 2), "like_scan_runs": len(like),
        # The same query mix on this cache and on an unencrypted copy, in turn: the cost of encryption.
        "encryption": encryption, "encrypted_vs_plain": encryption["ratio"],
        "encrypted_vs_plain_cpu": encryption["cpu_ratio"],
    }
    for key in ("own_list", "search_1char", "search_2char", "search_3char"):  # from the figures as reported
        out[f"{key}_speedup"] = round(out["like_scan_ms"] / max(out[f"{key}_p95_ms"], 1e-3), 1)
    out["goals"] = {"own_list_ms": OWN_GOAL_MS, "search_ms": SEARCH_GOAL_MS, "speedup": SPEEDUP_GOAL}
    out["meets_goals"] = (out["own_list_p95_ms"] <= OWN_GOAL_MS
                          and all(out[f"search_{k}_p95_ms"] <= SEARCH_GOAL_MS for k in ("2char", "3char"))
                          and all(out[f"{k}_speedup"] >= SPEEDUP_GOAL
                                  for k in ("own_list", "search_2char", "search_3char")))
    text = (f"{args.records} records ({out['cache_mb']} MB): own list p95 {out['own_list_p95_ms']} ms; search p95 "
            f"1-char {out['search_1char_p95_ms']} ms, 2-char {out['search_2char_p95_ms']} ms, 3+-char "
            f"{out['search_3char_p95_ms']} ms; LIKE scan {out['like_scan_ms']} ms; encrypted/plain "
            f"{out['encrypted_vs_plain']}x; goals "
            f"{'met' if out['meets_goals'] else 'NOT met'}")
    emit(args, out, text)
    return 0

