"""Attention as a share: counts per outlet set against the outlet's articles or words, kept in the link."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import read_tables
from dashboard import attention, charts
from tests.dashboard.test_app import run_view


@pytest.mark.parametrize(
    ("value", "measure", "noticed"),
    [("articles", "articles", False), ("words", "words", False), ("count", "count", True), ("WORDS", "count", True)],
)
def test_the_link_value_is_one_of_the_offered_or_dropped_with_a_notice(value, measure, noticed):
    parsed, notices = attention.from_query({"share": value})
    assert parsed == measure and bool(notices) is noticed
    if measure != "count":
        assert attention.from_query(attention.to_query(parsed)) == (measure, [])


def test_two_values_are_dropped_and_counts_leave_the_link():
    assert attention.from_query({"share": ["articles", "words"]})[0] == "count"
    assert attention.to_query("count") == {}


def test_a_share_divides_by_the_outlets_own_volume(small_tables):
    rows = pd.DataFrame({"outlet": ["JAMnews", "Sputnik", "(unknown)", "Gone"], "n": [4, 4, 1, 3]})
    per_article = attention.per_outlet(rows, small_tables.outlets, measure="articles")
    # JAMnews has two articles, Sputnik one: the same four mentions are half the attention.
    assert per_article["n"].tolist() == [200.0, 400.0, 100.0, 0.0]
    per_word = attention.per_outlet(rows, small_tables.outlets, measure="words")
    assert per_word["n"].tolist() == [20.0, 4 / 60 * 1000, 100.0, 0.0]
    assert attention.per_outlet(rows, small_tables.outlets, measure="count") is rows


def test_a_share_of_an_empty_selection_is_zero():
    assert attention.per_selection(pd.Series([3, 0]), docs=0, words=0, measure="articles").tolist() == [0.0, 0.0]


def test_a_chart_of_shares_names_its_unit():
    rows = pd.DataFrame({"label": "GPE", "entity": ["Baku"], "outlet": ["JAMnews"], "n": [2 / 3], "total": [2]})
    figure = charts.entity_bars(rows, unit="per 100 articles")
    assert figure.data[0].x[0] == pytest.approx(2 / 3)
    assert "per 100 articles" in figure.data[0].hovertext[0]
    assert "per 100 articles" in json.dumps(figure.to_plotly_json()["layout"])


def bars(at: AppTest, key: str) -> dict[tuple[str, str], float]:
    """(outlet, bar) -> length, of the chart with widget ``key``."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id)
    spec = json.loads(chart.proto.spec)
    return {(t["name"], y): x for t in spec["data"] for x, y in zip(t["x"], t["y"])}


def test_the_control_sets_the_link_and_every_count_view_draws_shares():
    at = run_view("entities", share="articles")
    assert at.sidebar.radio(key="f_share").value == "articles"
    assert any("share=articles" in c.value for c in at.sidebar.code)
    shares = bars(at, "entities_chart")
    at.sidebar.radio(key="f_share").set_value("count").run()
    counts = bars(at, "entities_chart")
    assert "share" not in at.query_params
    articles = {"JAMnews": 3, "Sputnik": 1, "OBC Transeuropa": 1}
    assert counts and shares.keys() == counts.keys()
    for (outlet, bar), n in counts.items():
        assert shares[(outlet, bar)] == pytest.approx(n * 100 / articles[outlet])
    for name in ("sources", "naming", "compare"):
        at = run_view(name, share="words")
        assert not at.exception, (name, [e.value for e in at.exception])
        assert at.sidebar.radio(key="f_share").value == "words"


@pytest.fixture
def large(synthetic_build, monkeypatch):
    """The dashboard on a stored build answered by DuckDB (the size threshold lowered below it)."""
    monkeypatch.setenv("NEWS_DASHBOARD_TABLES", str(synthetic_build))
    monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 0)
    return read_tables(synthetic_build)


def test_shares_on_a_large_store_divide_by_each_outlets_words(large):
    at = run_view("sources", share="words")
    assert not at.exception
    shares = bars(at, "voices_chart")
    at.sidebar.radio(key="f_share").set_value("count").run()
    counts = bars(at, "voices_chart")
    words = large.documents.groupby("outlet")["n_words"].sum()
    assert counts and shares.keys() == counts.keys()
    for (outlet, bar), n in counts.items():
        assert shares[(outlet, bar)] == pytest.approx(n * 1000 / words[outlet])


def columns(at: AppTest, key: str) -> dict[tuple[str, str], float]:
    """(outlet, period) -> height, of the timeline chart with widget ``key``."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id)
    spec = json.loads(chart.proto.spec)
    return {(t["name"], x[:10]): y for t in spec["data"] for x, y in zip(t["x"], t["y"])}


def monthly(documents: pd.DataFrame, column: str | None) -> pd.Series:
    """Articles (``column`` None) or words per (outlet, month) of ``documents``."""
    dated = documents[documents["published"].notna()]
    month = pd.to_datetime(dated["published"]).dt.to_period("M").dt.start_time.dt.strftime("%Y-%m-%d")
    values = dated[column] if column else pd.Series(1, index=dated.index)
    return values.groupby([dated["outlet"], month]).sum()


def test_a_timeline_of_shares_divides_by_the_outlets_articles_of_each_period(seeds_tables):
    at = run_view("timeline", share="articles")
    assert not at.exception
    shares = columns(at, "timeline_chart")
    at.sidebar.radio(key="f_share").set_value("count").run()
    counts = columns(at, "timeline_chart")
    articles = monthly(seeds_tables.documents, None)
    assert counts and shares.keys() == counts.keys()
    for (outlet, month), n in counts.items():
        assert shares[(outlet, month)] == pytest.approx(n * 100 / articles[(outlet, month)])


def test_keyword_panels_per_outlet_are_set_against_the_outlets_articles():
    at = run_view("keywords", share="articles")
    shares = bars(at, "keywords_chart_outlet")
    at.sidebar.radio(key="f_share").set_value("count").run()
    weights = bars(at, "keywords_chart_outlet")
    articles = {"JAMnews": 3, "Sputnik": 1, "OBC Transeuropa": 1}
    assert weights and shares.keys() == weights.keys()
    for (panel, keyword), weight in weights.items():
        outlet = next(o for o in articles if panel.startswith(o))
        assert shares[(panel, keyword)] == pytest.approx(weight * 100 / articles[outlet])


def test_a_timeline_of_shares_on_a_large_store_divides_by_each_months_words(large):
    at = run_view("timeline", share="words", period="month")
    assert not at.exception
    shares = columns(at, "timeline_chart")
    at.sidebar.radio(key="f_share").set_value("count").run()
    counts = columns(at, "timeline_chart")
    words = monthly(large.documents, "n_words")
    assert counts and shares.keys() == counts.keys()
    for (outlet, month), n in counts.items():
        assert shares[(outlet, month)] == pytest.approx(n * 1000 / words[(outlet, month)])
