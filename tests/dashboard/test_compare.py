"""Compare A and B: the link's two sides, the differences of shares, and the view on both stores."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import read_tables
from dashboard import compare, compare_charts
from tests.dashboard.test_app import run_view

OUTLETS = {"JAMnews", "Sputnik", "OC Media"}
BOUNDS = (dt.date(2023, 3, 1), dt.date(2023, 9, 30))


def parse(**params: str):
    return compare.from_query(params, known_outlets=OUTLETS, date_bounds=BOUNDS)


@pytest.fixture
def large(synthetic_build, monkeypatch):
    """The dashboard on a stored build answered by DuckDB (the size threshold lowered below it)."""
    monkeypatch.setenv("NEWS_DASHBOARD_TABLES", str(synthetic_build))
    monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 0)
    return read_tables(synthetic_build)


def test_a_link_names_both_sides_and_round_trips():
    pair, notices = parse(a_outlet="JAMnews", b_outlet="Sputnik", b_from="2023-06-01", compare_by="naming")
    assert not notices
    assert pair is not None and pair.a.outlets == ("JAMnews",) and pair.b.date_from == dt.date(2023, 6, 1)
    again, _ = compare.from_query(compare.to_query(pair), known_outlets=OUTLETS, date_bounds=BOUNDS)
    assert again == pair


def test_hostile_side_values_are_dropped_with_one_notice_naming_the_side():
    pair, notices = parse(a_outlet="Nonexistent Gazette", b_from="not a date", compare_by="<script>")
    assert pair is not None and pair.a.outlets == () and pair.b.date_from is None
    assert len(notices) == 3
    assert notices[0].startswith("Compare A:") and notices[1].startswith("Compare B:")
    assert "<script>" not in " ".join(notices)


def test_a_link_without_sides_asks_for_the_default():
    assert parse(outlet="JAMnews") == (None, [])


def test_the_difference_puts_what_a_says_more_first_and_counts_missing_terms_as_zero():
    a = compare.shares(
        pd.DataFrame({"term": ["Baku", "Yerevan"], "n": [10, 2]}), docs=10, words=1000, measure="articles"
    )
    b = compare.shares(
        pd.DataFrame({"term": ["Yerevan", "Moscow"], "n": [40, 4]}), docs=40, words=9000, measure="articles"
    )
    rows = compare.difference(a, b)
    assert rows["term"].tolist() == ["Baku", "Moscow", "Yerevan"]
    assert rows.set_index("term").loc["Moscow", "n_a"] == 0
    # Yerevan: 20 per 100 articles in A, 100 in B, although B's count is twenty times A's.
    assert rows.set_index("term").loc["Yerevan", "difference"] == -80
    assert (rows["difference"].diff().dropna() <= 0).all()


def test_naming_shares_are_of_the_places_mentions():
    table = pd.DataFrame(
        {
            "place": ["Khankendi", "Khankendi", "Khankendi"],
            "written as": ["Khankendi", "Stepanakert", "Khankendi"],
            "outlet": ["x", "y", "z"],
            "bureau": "",
            "voice": "",
            "mentions": [2, 1, 1],
        }
    )
    shares = compare.naming_shares(table).set_index("term")["share"]
    assert shares["Khankendi: Khankendi"] == 75 and shares["Khankendi: Stepanakert"] == 25


def test_the_chart_draws_each_side_in_its_colour_and_escapes_terms():
    rows = compare.difference(
        pd.DataFrame({"term": ["<b>x</b>", "y"], "n": [3, 0], "share": [30.0, 0.0]}),
        pd.DataFrame({"term": ["y"], "n": [5], "share": [50.0]}),
    )
    figure = compare_charts.difference_bars(rows, unit="per 100 articles")
    assert [t.marker.color for t in figure.data] == ["#0072B2", "#D55E00"]
    assert "<b>x</b>" not in str(figure.data[0].y)
    assert [d[0] for t in figure.data for d in t.customdata] == ["<b>x</b>", "y"]


def test_the_view_opens_on_the_two_largest_outlets_and_shows_a_difference():
    at = run_view("compare")
    assert not at.exception and not at.error
    assert at.multiselect(key="cmp_a_outlets").value and at.multiselect(key="cmp_b_outlets").value
    assert at.query_params["a_outlet"] and at.query_params["b_outlet"]
    table = next(d.value for d in at.dataframe if "difference" in d.value.columns)
    assert (table["difference"].diff().dropna() <= 0).all()


def test_a_compare_link_restores_both_sides_and_each_control_changes_the_view():
    at = run_view("compare", a_outlet="JAMnews", b_outlet="Sputnik", compare_by="keywords")
    assert at.multiselect(key="cmp_a_outlets").value == ["JAMnews"]
    assert at.multiselect(key="cmp_b_outlets").value == ["Sputnik"]
    for by in ("naming", "voices", "places", "entities"):
        at.segmented_control(key="cmp_by").set_value(by).run()
        assert not at.exception, by
        assert at.query_params["compare_by"] in (by, [by])
    at.multiselect(key="cmp_b_outlets").set_value(["JAMnews"]).run()
    assert any("same selection" in i.value for i in at.info)
    assert any("b_outlet=JAMnews" in c.value for c in at.sidebar.code)


def test_a_side_that_matches_nothing_says_so():
    at = run_view("compare", a_outlet="JAMnews", b_from="2023-09-30", b_to="2023-09-30")
    at.slider(key="cmp_b_dates").set_value((dt.date(2023, 7, 1), dt.date(2023, 8, 1))).run()
    assert not at.exception
    assert any("matches no document" in w.value for w in at.warning)


def test_the_compare_view_on_a_large_store(large):
    outlets = large.documents["outlet"].value_counts().index[:2].tolist()
    at = run_view("compare", a_outlet=outlets[0], b_outlet=outlets[1])
    assert not at.exception and not at.error
    for by in compare.BY:
        at.segmented_control(key="cmp_by").set_value(by).run()
        assert not at.exception, by
    table = next(d.value for d in at.dataframe if "difference" in d.value.columns)
    assert len(table) > 0
    at.segmented_control(key="cmp_by").set_value("entities").run()
    low, high = at.slider(key="cmp_a_dates").value
    middle = low + (high - low) / 2
    at.slider(key="cmp_a_dates").set_value((low, middle)).run()
    at.multiselect(key="cmp_b_outlets").set_value([outlets[0]]).run()
    assert not at.exception
    assert "a_to" in at.query_params and at.query_params["b_outlet"] in (outlets[0], [outlets[0]])
    # Every count of the table is the whole side's: A is the first outlet up to the middle date, B all of it.
    table = next(d.value for d in at.dataframe if "difference" in d.value.columns).set_index("term")
    docs = large.documents
    published = pd.to_datetime(docs["published"]).dt.date
    a_docs = docs.loc[(docs["outlet"] == outlets[0]) & published.notna() & (published <= middle), "doc_id"]
    b_docs = docs.loc[docs["outlet"] == outlets[0], "doc_id"]
    for side, chosen in (("n_a", a_docs), ("n_b", b_docs)):
        expected = large.mentions.loc[large.mentions["doc_id"].isin(chosen), "entity"].value_counts()
        assert table[side].to_dict() == {term: expected.get(term, 0) for term in table.index}


def test_uploads_and_the_bundled_articles_compare_side_by_side(small_tables, seeds_tables):
    def script() -> None:
        from dashboard import sidebar
        from dashboard.views import compare as view

        shown = sidebar.prepare()
        if shown is not None:
            view.render(shown)

    at = AppTest.from_function(script, default_timeout=300)
    # As after "Analyse uploads": the uploads shown beside the bundled articles.
    at.session_state["_uploads"] = small_tables
    at.session_state["f_source"] = "Both"
    at.query_params["a_articles"] = "uploads"
    at.query_params["b_articles"] = "bundled"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="cmp_a_articles").value == "uploads" and at.radio(key="cmp_b_articles").value == "bundled"
    table = next(d.value for d in at.dataframe if "difference" in d.value.columns).set_index("term")
    # A counts the uploads' mentions only, B the bundled articles' only.
    for entity, n in small_tables.mentions["entity"].value_counts().items():
        assert table.loc[entity, "n_a"] == n
        assert table.loc[entity, "n_b"] == (seeds_tables.mentions["entity"] == entity).sum()
    assert at.query_params["a_articles"] in ("uploads", ["uploads"])
    at.radio(key="cmp_b_articles").set_value("uploads").run()
    assert any("same selection" in i.value for i in at.info)


def test_a_link_asking_for_uploads_without_any_says_it_reads_all_articles():
    at = run_view("compare", a_articles="uploads", b_articles="everything")
    notices = [i.value for i in at.info]
    assert any("no uploads are shown" in n for n in notices)
    assert any("`b_articles`" in n for n in notices)
