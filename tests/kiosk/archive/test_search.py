"""Catalogue search and the own list on a real cache file: 1, 2 and 3+ characters, ranking, masking, filters."""

from __future__ import annotations

import json
import re

import pytest

from kiosk.archive.search import CatalogueSearch, SearchInputError
from kiosk.privacy import ID_NUMBER_RE
from tests.kiosk.archive.conftest import CRAFTED, OTHER, OUYANG


def ids(hits) -> list[str]:
    return [h.record.record_id for h in hits]


def all_rows(cache) -> list[tuple[str, list[str], str, str]]:
    return [(rid, json.loads(names), title, body)
            for rid, names, title, body in cache.conn.execute("SELECT record_id, names, title, body FROM records")]


def containing(rows, text: str) -> set[str]:
    """Brute force: every record whose names, title or text hold ``text``."""
    return {rid for rid, names, title, body in rows if any(text in n for n in names) or text in title or text in body}


# --- own records ---------------------------------------------------------------------------------------


def test_own_list_holds_exactly_the_residents_linked_records(cache, search):
    own = search.own(OUYANG)
    linked = {rid for (rid,) in cache.conn.execute("SELECT record_id FROM records WHERE subject_id = ?", [OUYANG])}
    assert len(own) >= 5 and set(ids(own)) == linked
    assert all(h.linked and h.to_public()["action"] == "view" for h in own)
    # Her older record indexed by names only is not linked to her ID number, so it is not on her own list.
    assert "ouyang-names-only" not in ids(own)
    keys = [(h.record.record_type, -h.record.year) for h in own]
    assert keys == sorted(keys)


def test_own_list_of_an_unknown_resident_is_empty(search):
    assert search.own("330106200001010014") == []


def test_own_list_filters_by_type_and_year(search):
    marriage = search.own(OUYANG, "marriage")
    assert [h.record.record_type for h in marriage] == ["marriage"]
    assert [h.record.year for h in search.own(OUYANG, year=1982)] == [1982]
    assert search.own(OUYANG, "marriage", 1982) == []


# --- 1, 2, 3+ characters -------------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ("司徒", "situ-names-only"),  # compound surname, two characters
    ("上官", "situ-names-only"),  # the second name of the record
    ("雅琴", "situ-names-only"),  # two-character given name
    ("徒雅", "situ-names-only"),  # a window across surname and given name
    ("司徒雅琴", "situ-names-only"),  # four characters, exact
    ("诸葛亮", "zhuge-one-char-given"),  # compound surname + one-character given name
    ("葛亮", "zhuge-one-char-given"),
    ("丝绸厂", "zhuge-one-char-given"),  # three characters of a title
])
def test_two_and_more_characters_find_names_only_and_compound_surname_records(search, query, expected):
    assert expected in ids(search.search(query))


@pytest.mark.parametrize("query", ["章英", "司徒", "秀英", "建国", "丽", "琴", "章", "雅琴", "婚姻", "退休审批",
                                   "养老保险缴费", "西湖区民政局", "2012"])
def test_every_record_holding_the_query_is_found(cache, query):
    """The indexes against a brute-force scan: no silent misses at any length (trigram alone finds nothing
    below three characters)."""
    engine = CatalogueSearch(cache, limit=5000, candidates=5000)
    found = {h.record.record_id for h in engine.search(query) if h.score >= 10}
    assert found == containing(all_rows(cache), query) and found


def test_one_character_query_finds_the_character_anywhere_in_a_name(search):
    found = ids(search.search("琴"))
    assert "situ-names-only" in found  # last character of 司徒雅琴
    hits = search.search("章")
    assert {"exact-zhangying", "surname-zhangying", "inside-zhangying", "fuzzy-zhang"} <= set(ids(hits))


def test_words_are_searched_together(search):
    hits = search.search("司徒 上官")
    assert ids(hits)[0] == "situ-names-only"
    assert all({"司徒", "上官"} <= set("".join(h.record.names + (h.record.title, h.record.body)))
               or h.score < 10 for h in hits)


def test_a_query_nobody_matches_finds_nothing(search):
    assert search.search("魑魅魍魉") == []


# --- ranking -------------------------------------------------------------------------------------------


def test_exact_name_before_surname_before_part_before_title_before_text(search):
    hits = search.search("章英")
    assert ids(hits)[:5] == ["exact-zhangying", "surname-zhangying", "inside-zhangying", "title-zhangying",
                             "body-zhangying"]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_fuzzy_hits_come_after_every_exact_one(search):
    hits = search.search("章英天")  # nobody is called that: records sharing 章英 or 英天 come as fuzzy hits
    assert hits and all(h.score < 10 for h in hits)
    assert "exact-zhangying" in ids(hits)
    filtered = search.search("章英天", year=1980)
    assert "exact-zhangying" in ids(filtered) and all(h.record.year == 1980 for h in filtered)
    exact = search.search("章天")
    assert ids(exact)[0] == "fuzzy-zhang" and exact[0].score == 100


# --- masking -------------------------------------------------------------------------------------------


def test_others_hits_are_masked_and_lead_to_a_request(search):
    hits = search.search("章英", resident_id=OUYANG)
    public = [h.to_public() for h in hits]
    assert public and all(p["action"] == "request" and not p["linked"] for p in public)
    first = public[0]
    assert first["names"] == ["章*"] and "subject_id" not in first and "pages" not in first and "date" not in first
    masked = {p["record_id"]: p for p in public}
    assert masked["surname-zhangying"]["names"] == ["章*华"] and masked["inside-zhangying"]["names"] == ["李*英"]
    title_hit = next(p for p in public if p["record_id"] == "title-zhangying")
    assert title_hit["names"] == ["王*二"]


def test_the_residents_own_hits_are_shown_in_full(search):
    hits = search.search("欧阳秀英", resident_id=OUYANG)
    public = {p["record_id"]: p for p in (h.to_public() for h in hits)}
    own = [p for p in public.values() if p["linked"]]
    assert own and all(p["names"] == ["欧阳秀英"] and p["subject_id"] == OUYANG and p["action"] == "view"
                       for p in own)
    # Her own names-only record is not linked to her ID number: masked, and asked for like anyone else's.
    assert public["ouyang-names-only"]["names"] == ["欧**英"]
    assert public["ouyang-names-only"]["action"] == "request"


def test_no_id_number_and_no_full_name_leaves_in_someone_elses_hit(search):
    for query in ("秀英", "建国", "丽", "养老保险"):
        for hit in search.search(query, resident_id=OTHER):
            if hit.linked:
                continue
            text = json.dumps(hit.to_public(), ensure_ascii=False)
            assert not ID_NUMBER_RE.search(text)
            assert not any(len(n) >= 2 and n in text for n in hit.record.names)


def test_among_equal_scores_the_residents_own_come_first(search):
    hits = search.search("秀英", record_type="marriage", year=1975, resident_id=OUYANG)
    assert len({h.score for h in hits}) == 1 and len(hits) > 1  # all hold 秀英 inside a name
    assert hits[0].linked and hits[0].record.subject_id == OUYANG and not any(h.linked for h in hits[1:])
    unranked = search.search("秀英", record_type="marriage", year=1975)
    assert unranked[0].record.record_id != hits[0].record.record_id


def test_without_a_resident_every_hit_is_masked(search):
    assert all(h.to_public()["action"] == "request" for h in search.search("欧阳秀英"))


# --- filters -------------------------------------------------------------------------------------------


def test_type_and_year_filters_apply_to_every_tier(search):
    hits = search.search("秀英", record_type="marriage")
    assert hits and all(h.record.record_type == "marriage" for h in hits)
    hits = search.search("章英", year=1999)
    assert ids(hits) == ["title-zhangying"]
    hits = search.search("司徒", record_type="school", year=1962)
    assert ids(hits) == ["situ-names-only"]
    assert search.search("司徒", record_type="marriage") == []


@pytest.mark.parametrize("query, record_type, year", [("雅琴", None, 1962), ("琴", "school", None),
                                                     ("秀英", "marriage", None), ("丽", None, 1998),
                                                     ("养老保险", "social_insurance", 2012), ("章英", "real_estate", None)])
def test_filtered_search_finds_exactly_the_matching_records_of_that_type_and_year(cache, query, record_type, year):
    rows = {rid: (t, y) for rid, t, y in cache.conn.execute("SELECT record_id, record_type, year FROM records")}
    wanted = {rid for rid in containing(all_rows(cache), query)
              if (record_type is None or rows[rid][0] == record_type) and (year is None or rows[rid][1] == year)}
    engine = CatalogueSearch(cache, limit=5000, candidates=5000)
    hits = engine.search(query, record_type=record_type, year=year)
    assert {h.record.record_id for h in hits if h.score >= 10} == wanted and wanted
    assert all((record_type is None or h.record.record_type == record_type) and (year is None or h.record.year == year)
               for h in hits)


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query, code", [("", "SEARCH_EMPTY_QUERY"), ("  ，。！", "SEARCH_EMPTY_QUERY"),
                                         ("___", "SEARCH_EMPTY_QUERY"), ("张" * 65, "SEARCH_QUERY_TOO_LONG")])
def test_unsearchable_queries_are_typed_errors(search, query, code):
    with pytest.raises(SearchInputError) as caught:
        search.search(query)
    assert caught.value.code == code and caught.value.exit_code == 2


def test_the_limit_bounds_the_hits(cache):
    assert len(CatalogueSearch(cache, limit=3).search("丽")) == 3


def test_crafted_records_are_in_the_cache(cache):
    assert {r.record_id for r in CRAFTED} <= {rid for (rid,) in cache.conn.execute("SELECT record_id FROM records")}
    assert re.fullmatch(r"\d{17}[\dX]", OUYANG)
