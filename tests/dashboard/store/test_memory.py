"""The in-memory store's filtering: what applying the filters to the tables leaves, and the corpus's date bounds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import Tables
from dashboard.filters import Filters
from dashboard.store import aggregate
from dashboard.store.memory import apply, date_bounds


@pytest.fixture(scope="module")
def tables(small_tables: Tables) -> Tables:
    return small_tables


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


def test_timeline_periods_group_days_into_weeks_from_monday_and_into_years():
    frame = pd.DataFrame(
        {
            "term": "talks",
            # A Sunday, the Monday after, and that Wednesday; then a day of the next year.
            "published": pd.to_datetime(["2023-06-04", "2023-06-05", "2023-06-07", "2024-01-02"]),
            "date_precision": "day",
            "outlet": "JAMnews",
            "n": 1,
        }
    )
    weeks = aggregate.timeline_periods(frame, order=["talks"], period="week")
    assert weeks["period"].dt.strftime("%Y-%m-%d").tolist() == ["2023-05-29", "2023-06-05", "2024-01-01"]
    assert weeks["n"].tolist() == [1, 2, 1] and set(weeks["precision"]) == {"week"}
    years = aggregate.timeline_periods(frame, order=["talks"], period="year")
    assert years["n"].tolist() == [3, 1] and set(years["precision"]) == {"year"}
    coarser = aggregate.timeline_periods(frame.assign(date_precision="month"), order=["talks"], period="week")
    assert set(coarser["precision"]) == {"month"}
