"""`kiosk bench search`, run small: a bulk-built cache that searches like one written record by record,
reused on the second run, and figures that add up."""

from __future__ import annotations

import json

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.search import CatalogueSearch
from kiosk.cli import main


def bench(capsys, db_dir, *extra: str) -> dict:
    assert main(["bench", "search", "--records", "600", "--queries", "8", "--like-runs", "1", "--db-dir",
                 str(db_dir), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_bench_builds_once_then_reuses_and_reports_every_figure(capsys, tmp_path):
    first = bench(capsys, tmp_path)
    assert first["build"]["reused"] is False and first["records"] == 600 and first["residents"] > 100
    second = bench(capsys, tmp_path)
    assert second["build"] == {"reused": True} and second["cache"] == first["cache"]
    for key in ("own_list", "search_1char", "search_2char", "search_3char"):
        assert second[f"{key}_p95_ms"] >= 0.001
        assert second[f"{key}_speedup"] == round(second["like_scan_ms"] / second[f"{key}_p95_ms"], 1)
    assert second["like_scan_runs"] == 2 and second["like_scan_ms"] > 0
    assert second["mean_hits"]["2char"] > 0 and second["mean_hits"]["own"] > 0
    assert second["meets_goals"] == (second["own_list_p95_ms"] <= 5 and second["search_2char_p95_ms"] <= 20
                                     and second["search_3char_p95_ms"] <= 20
                                     and min(second["own_list_speedup"], second["search_2char_speedup"],
                                             second["search_3char_speedup"]) >= 100)
    assert not list(tmp_path.glob("*.building"))


def test_the_bulk_built_cache_is_a_complete_cache(capsys, tmp_path):
    out = bench(capsys, tmp_path)
    from kiosk.storage import load_key

    cache = ArchiveCache(out["cache"], key=load_key(tmp_path / "bench-storage.key", env={}, create=False))
    try:
        assert cache.count() == 600 and cache.integrity_ok()
        names = [n for (n,) in cache.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
        assert "records_subject" in names  # dropped for the load, built again after it
        rid, names_json = cache.conn.execute("SELECT record_id, names FROM records WHERE doc = 123").fetchone()
        name = json.loads(names_json)[0]
        hits = CatalogueSearch(cache, limit=100).search(name)
        assert rid in [h.record.record_id for h in hits] and hits[0].score == 100
    finally:
        cache.close()
