"""Fuzzed input: any query and filter text either searches or raises the typed SearchInputError; and any
piece of any record's names, title or text finds exactly the records that hold it."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.archive.search import (CatalogueSearch, SearchInputError, check_id_number, check_query,
                                  check_record_type, check_year)
from tests.kiosk.archive.test_search import all_rows, containing

# FTS5 syntax, the characters of the archive, and anything else Unicode has (including lone surrogates,
# which a command line can hand over from undecodable bytes).
_SPECIAL = list('"*():^-+{}.,，。、 ') + ["AND", "OR", "NOT", "NEAR", "names", "title:", "\x00", "\ud800", "\U0010ffff"]
_CHINESE = list("张王李刘陈欧阳司徒上官诸葛秀英建国丽娜章雅琴婚姻登记退休养老保险西湖区")
QUERIES = st.lists(st.one_of(st.sampled_from(_SPECIAL), st.sampled_from(_CHINESE),
                             st.characters(), st.characters(categories=["Cs", "Co", "Cn", "Mn", "Nd"])),
                   max_size=70).map("".join)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(query=QUERIES, record_type=st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["marriage", "婚姻登记"])),
       year=st.one_of(st.none(), st.text(max_size=8), st.integers(-10**6, 10**6)),
       resident=st.one_of(st.none(), st.text(max_size=20), st.just("330106195203142627")))
def test_any_input_searches_or_raises_a_typed_error(search, query, record_type, year, resident):
    try:
        hits = search.search(check_query(query), record_type=check_record_type(record_type), year=check_year(year),
                             resident_id=check_id_number(resident) if resident is not None else None)
    except SearchInputError as e:
        assert e.code.startswith("SEARCH_") and e.exit_code == 2 and e.message
        return
    assert len(hits) <= search.limit
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    json.dumps([h.to_public() for h in hits], ensure_ascii=False)


@pytest.fixture(scope="module")
def rows(cache):
    return all_rows(cache)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_any_piece_of_a_record_finds_exactly_the_records_holding_it(cache, rows, data):
    _rid, names, title, body = data.draw(st.sampled_from(rows))
    text = data.draw(st.sampled_from([*names, title, body]))
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start:start + data.draw(st.integers(1, 6))]
    if not piece.isalnum():  # punctuation splits a query into words: the exact comparison needs one word
        return
    engine = CatalogueSearch(cache, limit=5000, candidates=5000)
    assert {h.record.record_id for h in engine.search(piece) if h.score >= 10} == containing(rows, piece)
