"""The global filters: the URL round trip, hostile query strings, and what applying them leaves."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import Tables
from dashboard.filters import (
    MAX_VALUES,
    Filters,
    apply,
    date_bounds,
    from_query,
    to_query,
)

DOCS = pd.DataFrame(
    {
        "doc_id": ["jam-june", "jam-sept", "sputnik-june", "undated"],
        "title": ["Talks resume", "Khankendi", "Stepanakert", None],
        "outlet": ["JAMnews", "JAMnews", "Sputnik", None],
        "published": pd.to_datetime(["2023-06-01", "2023-09-12", "2023-06-01", None]),
        "date_precision": ["month", "day", "month", None],
        "n_words": [120, 80, 60, 10],
    }
)
# (doc_id, start, end, surface, entity, label)
MENTIONS = [
    ("jam-june", 0, 12, "Haji Namazov", "Haji Namazov", "PERSON"),
    ("jam-june", 20, 29, "Khankendi", "Khankendi", "GPE"),
    ("jam-sept", 0, 12, "Hagi Namazov", "Haji Namazov", "PERSON"),
    ("jam-sept", 15, 24, "Khankendi", "Khankendi", "GPE"),
    ("sputnik-june", 0, 11, "Stepanakert", "Khankendi", "GPE"),
    ("sputnik-june", 20, 28, "Kremlin", "Kremlin", "ORG"),
    ("undated", 0, 4, "Baku", "Baku", "GPE"),
]


@pytest.fixture(scope="module")
def tables() -> Tables:
    mentions = pd.DataFrame(MENTIONS, columns=["doc_id", "start", "end", "surface", "entity", "label"])
    places = mentions[mentions["label"] == "GPE"].assign(
        place_id=lambda f: f["entity"], name=lambda f: f["entity"], lat=40.0, lon=47.0, n_candidates=1
    )
    return Tables.from_frames(
        {
            "documents": DOCS,
            "mentions": mentions.assign(sent_start=0, sent_end=50),
            "places": places.drop(columns=["entity", "label"]).assign(sent_start=0, sent_end=50),
            "keywords": pd.DataFrame({"doc_id": DOCS["doc_id"], "keyword": "talks", "score": 0.1, "rank": 1, "weight": 1.0}),
            "sentences": pd.DataFrame({"doc_id": DOCS["doc_id"], "sent_id": 0, "start": 0, "end": 50}),
            "outlets": pd.DataFrame(
                {"outlet": ["JAMnews", "Sputnik", "(unknown)"], "n_docs": [2, 1, 1], "n_words": [200, 60, 10]}
            ),
        }
    )


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
    _, notices = from_query({"outlet": ["[click](https://evil.example)", "![](https://evil.example/x.png)", "<img src=x>"]}, **known(tables))
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


def test_date_bounds_cover_the_whole_period_of_a_month_date(tables):
    assert date_bounds(tables.documents) == (dt.date(2023, 6, 1), dt.date(2023, 9, 12))
    june_only = tables.documents[tables.documents["doc_id"] == "sputnik-june"]
    assert date_bounds(june_only) == (dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert date_bounds(tables.documents[tables.documents["published"].isna()]) is None


def test_an_outlet_filter_leaves_only_that_outlets_documents_and_mentions(tables):
    out = apply(tables, Filters(outlets=("Sputnik",)))
    assert out.documents["outlet"].tolist() == ["Sputnik"]
    sputnik_ids = {"sputnik-june"}
    for name in ("mentions", "places", "keywords", "sentences"):
        frame = getattr(out, name)
        assert not frame.empty and set(frame["doc_id"]) == sputnik_ids, name
    assert out.outlets[["outlet", "n_docs", "n_words"]].values.tolist() == [["Sputnik", 1, 60]]


def test_the_unknown_outlet_selects_documents_without_one(tables):
    out = apply(tables, Filters(outlets=("(unknown)",)))
    assert out.documents["doc_id"].tolist() == ["undated"]


def test_a_document_filter_recounts_the_outlets(tables):
    out = apply(tables, Filters(docs=("jam-sept", "sputnik-june")))
    assert dict(zip(out.outlets["outlet"], out.outlets["n_docs"])) == {"JAMnews": 1, "Sputnik": 1}
    assert set(out.mentions["doc_id"]) == {"jam-sept", "sputnik-june"}


def test_a_date_range_keeps_documents_whose_period_overlaps_it(tables):
    out = apply(tables, Filters(date_from=dt.date(2023, 6, 15), date_to=dt.date(2023, 6, 30)))
    # Both June documents are month-precision: June 15-30 may hold them; September and undated may not.
    assert sorted(out.documents["doc_id"]) == ["jam-june", "sputnik-june"]
    out = apply(tables, Filters(date_from=dt.date(2023, 7, 1)))
    assert out.documents["doc_id"].tolist() == ["jam-sept"]


def test_an_entity_type_filter_narrows_mentions_and_places(tables):
    out = apply(tables, Filters(labels=("PERSON",)))
    assert set(out.mentions["label"]) == {"PERSON"}
    assert out.places.empty
    assert len(out.documents) == len(tables.documents)


def test_minimum_mentions_keeps_entities_mentioned_often_enough(tables):
    out = apply(tables, Filters(min_mentions=3))
    assert set(out.mentions["entity"]) == {"Khankendi"}
    assert set(out.places["surface"]) == {"Khankendi", "Stepanakert"}
    # Counted in the filtered set: within JAMnews, Khankendi has only two mentions.
    assert apply(tables, Filters(outlets=("JAMnews",), min_mentions=3)).mentions.empty


def test_default_filters_change_nothing(tables):
    out = apply(tables, Filters())
    assert out.counts() == tables.counts()


def test_invalid_filters_cannot_be_built():
    with pytest.raises(ValueError, match="min_mentions"):
        Filters(min_mentions=0)
    with pytest.raises(ValueError, match="after"):
        Filters(date_from=dt.date(2023, 7, 1), date_to=dt.date(2023, 6, 1))
