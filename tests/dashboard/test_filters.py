"""The global filters: the URL round trip and hostile query strings (store/test_memory.py applies them)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis import Tables
from analysis.outlets import canonical_outlet
from dashboard.filters import (
    MAX_VALUES,
    Filters,
    from_query,
    to_query,
)
from dashboard.store.memory import date_bounds


@pytest.fixture(scope="module")
def tables(small_tables: Tables) -> Tables:
    return small_tables


def known(tables: Tables) -> dict[str, object]:
    return {
        "known_docs": tables.documents["doc_id"].tolist(),
        "known_outlets": tables.outlets["outlet"].tolist(),
        "known_labels": ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"],
        "date_bounds": date_bounds(tables.documents),
    }


def test_filters_round_trip_through_the_query_string(tables):
    filters = Filters(
        docs=("jam-sept", "sputnik-june"),
        outlets=("Sputnik", "JAMnews"),
        date_from=dt.date(2023, 6, 10),
        date_to=dt.date(2023, 8, 31),
        labels=("PERSON", "GPE"),
        min_mentions=2,
    )
    assert from_query(to_query(filters), **known(tables)) == (filters, [])


def test_including_undated_documents_round_trips_with_a_date_range_only(tables):
    filters = Filters(date_from=dt.date(2023, 6, 10), undated=True)
    assert to_query(filters)["undated"] == ["include"]
    assert from_query(to_query(filters), **known(tables)) == (filters, [])
    assert from_query({"undated": "include"}, **known(tables)) == (Filters(), [])
    parsed, notices = from_query({"from": "2023-06-10", "undated": "<b>yes</b>"}, **known(tables))
    assert not parsed.undated and notices and "<" not in notices[0]


def test_an_outlet_named_by_an_alias_reads_as_the_outlet_with_a_notice():
    known_outlets = ["Trend", "AzerNews", "JAMnews"]
    params = {"outlet": ["Trend News Agency", "azernews.az", "JAMnews", "Nonexistent Gazette"]}
    filters, notices = from_query(
        params,
        known_docs=[],
        known_outlets=known_outlets,
        known_labels=[],
        date_bounds=None,
        outlet_name=canonical_outlet,
    )
    assert filters.outlets == ("Trend", "AzerNews", "JAMnews")
    assert any("'Trend News Agency' as 'Trend'" in n for n in notices)
    assert any("unknown outlet" in n and "Nonexistent" in n for n in notices)


def test_default_filters_make_an_empty_query_and_back(tables):
    assert to_query(Filters()) == {}
    assert from_query({}, **known(tables)) == (Filters(), [])


def test_query_lists_only_what_differs_from_the_defaults():
    assert to_query(Filters(outlets=("Sputnik",))) == {"outlet": ["Sputnik"]}


def test_a_single_string_value_reads_like_a_one_item_list(tables):
    filters, notices = from_query({"outlet": "Sputnik", "doc": "sputnik-june"}, **known(tables))
    assert (filters.outlets, filters.docs, notices) == (("Sputnik",), ("sputnik-june",), [])


@pytest.mark.parametrize(
    "params",
    [
        {"doc": "../../etc/passwd"},
        {"doc": "/etc/passwd"},
        {"outlet": "x" * 10_000},
        {"outlet": "RT"},
        {"label": "<script>alert(1)</script>"},
        {"from": "2023-13-01"},
        {"from": "yesterday"},
        {"to": "20230601"},
        {"to": "2023-06-01T00:00"},
        {"from": "2023-07-01", "to": "2023-06-15"},
        {"from": "2030-01-01"},
        {"to": "1990-01-01"},
        {"from": ["2023-06-02", "2023-06-03"]},
        {"min": "abc"},
        {"min": "0"},
        {"min": "-3"},
        {"min": "1e9"},
        {"min": "٥"},
        {"min": "99999"},
    ],
)
def test_hostile_values_are_dropped_with_a_notice(tables, params):
    filters, notices = from_query(params, **known(tables))
    assert filters == Filters()
    assert notices
    assert all(len(n) < 200 for n in notices)


def test_five_hundred_repeated_values_are_capped_with_a_notice(tables):
    params = {"doc": ["jam-june"] * 250 + ["../secret"] * 250}
    filters, notices = from_query(params, **known(tables))
    assert filters.docs == ("jam-june",)
    assert any(str(MAX_VALUES) in n and "500" in n for n in notices)


def test_unknown_values_are_dropped_but_known_ones_kept(tables):
    filters, notices = from_query({"outlet": ["Sputnik", "Sputnik News", "RT"]}, **known(tables))
    assert filters.outlets == ("Sputnik",)
    assert len(notices) == 1 and "2 unknown outlet" in notices[0]


def test_notices_do_not_carry_markdown_or_html(tables):
    _, notices = from_query(
        {"outlet": ["[click](https://evil.example)", "![](https://evil.example/x.png)", "<img src=x>"]}, **known(tables)
    )
    text = " ".join(notices)
    assert "](" not in text and "<" not in text and "[" not in text


def test_keys_that_are_not_filters_are_left_alone(tables):
    assert from_query({"page": "map", "embed": "true"}, **known(tables)) == (Filters(), [])


@pytest.mark.parametrize(("first", "last"), [("2000-01-01", "2030-01-01"), ("2023-06-01", "2023-09-12")])
def test_date_bounds_that_select_everything_read_as_no_bound(tables, first, last):
    filters, notices = from_query({"from": first, "to": last}, **known(tables))
    assert (filters, notices) == (Filters(), [])


def test_dates_are_dropped_when_the_corpus_has_none(tables):
    filters, notices = from_query({"from": "2023-06-01"}, **{**known(tables), "date_bounds": None})
    assert filters == Filters() and "no dates" in notices[0]


def test_invalid_filters_cannot_be_built():
    with pytest.raises(ValueError, match="min_mentions"):
        Filters(min_mentions=0)
    with pytest.raises(ValueError, match="after"):
        Filters(date_from=dt.date(2023, 7, 1), date_to=dt.date(2023, 6, 1))


def test_a_language_link_round_trips_and_an_unknown_language_is_named_in_its_notice(tables):
    filters = Filters(languages=("ru",))
    assert from_query(to_query(filters), **known(tables), known_languages=["en", "ru"]) == (filters, [])
    parsed, notices = from_query({"lang": ["ru", "xx"]}, **known(tables), known_languages=["en", "ru"])
    assert parsed.languages == ("ru",) and notices == ["Ignored 1 unknown language(s): 'xx'."]


def test_an_alias_notice_lists_three_readings_then_marks_the_rest():
    aliases = {f"Outlet {i} Agency": f"Outlet {i}" for i in range(5)}
    known_outlets = list(aliases.values())

    def notice(count: int) -> str:
        _, notices = from_query(
            {"outlet": list(aliases)[:count]},
            known_docs=[],
            known_outlets=known_outlets,
            known_labels=[],
            date_bounds=None,
            outlet_name=lambda value: aliases.get(value, value),
        )
        return notices[0]

    three = "'Outlet 0 Agency' as 'Outlet 0', 'Outlet 1 Agency' as 'Outlet 1', 'Outlet 2 Agency' as 'Outlet 2'"
    assert notice(3) == f"Read `outlet` {three}."
    assert notice(5) == f"Read `outlet` {three}, …."


def test_a_repeated_undated_value_is_read_with_a_notice(tables):
    parsed, notices = from_query({"from": "2023-06-10", "undated": ["include", "include"]}, **known(tables))
    assert parsed.date_from == dt.date(2023, 6, 10) and len(notices) == 1 and "undated" in notices[0]


def test_exactly_the_cap_of_values_is_read_without_a_notice(tables):
    filters, notices = from_query({"doc": ["jam-june"] * MAX_VALUES}, **known(tables))
    assert (filters.docs, notices) == (("jam-june",), [])
