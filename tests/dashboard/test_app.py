"""Every view through Streamlit's AppTest: what a user sees after loading, filtering and sharing a link."""

from __future__ import annotations

import pkgutil

import pytest
from streamlit.testing.v1 import AppTest

import dashboard.views
from analysis import read_tables
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 300
# Every page module of the dashboard, so a new view is rendered on both stores without being listed here.
VIEWS = sorted(module.name for module in pkgutil.iter_modules(dashboard.views.__path__))


def run_view(name: str, **params: str) -> AppTest:
    def script(view_name: str) -> None:
        import importlib

        from dashboard import sidebar

        view = sidebar.prepare()
        if view is not None:
            importlib.import_module(f"dashboard.views.{view_name}").render(view)

    at = AppTest.from_function(script, args=(name,), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_app_opens_on_the_seeds_without_errors():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    assert metric(at, "Documents") == "5 of 5"


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_renders_without_an_exception(name):
    at = run_view(name)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.title[0].value


def test_selecting_an_outlet_changes_the_counts():
    at = run_view("overview")
    assert metric(at, "Documents") == "5 of 5"
    at.sidebar.multiselect(key="f_outlets").select("JAMnews").run()
    assert metric(at, "Documents") == "3 of 5"
    assert at.query_params["outlet"] in ("JAMnews", ["JAMnews"])


def test_a_share_link_restores_the_filters():
    at = run_view("overview", outlet="Sputnik")
    assert metric(at, "Documents") == "1 of 5"
    assert at.sidebar.multiselect(key="f_outlets").value == ["Sputnik"]
    assert any("outlet=Sputnik" in c.value for c in at.sidebar.code)


def test_hostile_query_values_are_dropped_with_a_notice():
    at = run_view("overview", doc="../../etc/passwd", outlet="Nonexistent Gazette", focus="entity:" + "x" * 5000)
    assert not at.exception
    assert metric(at, "Documents") == "5 of 5"
    assert at.sidebar.info, "a notice should say which values were ignored"


def test_a_focused_entity_shows_its_sentences():
    at = run_view("entities", focus="entity:Haji Namazov")
    assert not at.exception
    shown = [df.value for df in at.dataframe]
    assert any("match" in frame.columns and set(frame["match"]) >= {"Haji Namazov", "Hagi Namazov"} for frame in shown)


def test_the_map_view_explains_each_place():
    at = run_view("places")
    why = next(df.value for df in at.dataframe if "rule" in df.value.columns)
    stepanakert = why[why["surface"].isin(["Khankendi", "Stepanakert"])]
    assert set(stepanakert["name"]) == {"Khankendi / Stepanakert"}


def test_a_filter_that_leaves_nothing_says_so():
    at = run_view("documents", outlet="Sputnik", doc="000_6c6c6295ee53b3af")
    assert not at.exception
    assert any("No document" in w.value for w in at.warning)


def test_the_naming_view_shows_who_says_khankendi_and_who_says_stepanakert():
    at = run_view("naming")
    counts = next(df.value for df in at.dataframe if "written as" in df.value.columns)
    city = counts[counts["place"] == "Khankendi / Stepanakert"]
    assert set(city["written as"]) == {"Khankendi", "Stepanakert"}
    assert set(city.loc[city["written as"] == "Stepanakert", "outlet"]) >= {"Sputnik"}


def test_the_naming_view_tells_quoted_names_from_the_outlets_own_words():
    at = run_view("naming")
    counts = next(df.value for df in at.dataframe if "voice" in df.value.columns)
    khankendi = counts[counts["written as"] == "Khankendi"]
    assert set(khankendi["voice"]) >= {"in a quotation"}
    assert (
        khankendi.loc[khankendi["voice"] == "in a quotation", "mentions"].sum()
        > khankendi.loc[khankendi["voice"] != "in a quotation", "mentions"].sum()
    )


def test_a_speaker_link_lists_their_statements_and_nobody_elses():
    at = run_view("sources", focus="speaker:Gurgen Simonyan")
    heading = next(h.value for h in at.subheader if h.value.startswith("Statements credited"))
    assert heading.startswith("Statements credited to Gurgen Simonyan")
    statements = next(d.value for d in at.dataframe if "quote" in d.value.columns)
    assert len(statements) >= 5
    assert statements["quote"].str.contains("ultimatum demand").any()
    assert not statements["quote"].str.contains("Several factors point to this").any()


def test_distinctive_terms_ask_for_two_outlets_when_one_is_chosen():
    at = run_view("distinctive", outlet="Sputnik")
    assert any("fewer than two" in i.value for i in at.info)
    at = run_view("distinctive")
    assert not at.info and not at.exception


def test_the_timeline_says_it_draws_months_for_month_only_dates():
    at = run_view("timeline")
    assert any("dated to the month only" in c.value for c in at.caption)
    counts = next(d.value for d in at.dataframe if "period" in d.value.columns)
    assert (counts["period"].dt.day == 1).all()


@pytest.fixture
def large(synthetic_build, monkeypatch):
    """The dashboard on a stored build answered by DuckDB (the size threshold lowered below it)."""
    monkeypatch.setenv("NEWS_DASHBOARD_TABLES", str(synthetic_build))
    monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 0)
    return read_tables(synthetic_build)


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_renders_on_a_large_store(large, name):
    at = run_view(name)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.title[0].value


def test_a_large_store_counts_what_the_tables_hold(large):
    outlet = large.documents["outlet"].value_counts().index[-1]
    n_docs = len(large.documents)
    at = run_view("overview", outlet=outlet)
    assert metric(at, "Documents") == f"{(large.documents['outlet'] == outlet).sum():,} of {n_docs:,}"
    outlet_docs = large.documents.loc[large.documents["outlet"] == outlet, "doc_id"]
    entities = large.mentions[large.mentions["doc_id"].isin(outlet_docs)]["entity"].nunique()
    assert metric(at, "Entities") == f"{entities:,}"


def test_a_share_link_to_a_document_of_a_large_store_is_restored(large):
    doc_id = large.documents["doc_id"].iloc[-1]
    at = run_view("documents", doc=doc_id)
    assert at.sidebar.multiselect(key="f_docs").value == [doc_id]
    assert metric(run_view("overview", doc=doc_id), "Documents").startswith("1 of")


def test_hostile_query_values_are_dropped_on_a_large_store(large):
    at = run_view(
        "overview",
        doc="x' OR '1'='1",
        outlet="'; DROP TABLE docs; --",
        label="PERSON') OR ('a'='a",
        focus="entity:' UNION SELECT doc_id FROM docs --",
    )
    assert not at.exception
    assert metric(at, "Documents") == f"{len(large.documents):,} of {len(large.documents):,}"
    assert len(at.sidebar.info) >= 3, "a notice should say which values were ignored"


def test_a_focus_on_a_large_store_lists_its_sentences(large):
    entity = large.mentions["entity"].value_counts().index[0]
    at = run_view("entities", focus=f"entity:{entity}")
    assert not at.exception
    assert any(f"({(large.mentions['entity'] == entity).sum():,})" in h.value for h in at.subheader)
    assert any("match" in df.value.columns and len(df.value) == 500 for df in at.dataframe)


def test_the_timeline_of_a_large_store_counts_the_whole_selection(large, monkeypatch):
    monkeypatch.setattr("dashboard.sidebar.FRAME_DOCS", 50)
    at = run_view("timeline")
    assert not at.exception
    assert not any("computed from the first" in i.value for i in at.info)
    counts = next(d.value for d in at.dataframe if "period" in d.value.columns)
    top = large.mentions["entity"].value_counts().index[0]
    assert at.multiselect(key="timeline_entities").value[0] == top
    assert counts.loc[counts["term"] == top, "n"].sum() == (large.mentions["entity"] == top).sum()


def test_the_voices_of_a_large_store_are_counted_in_the_whole_selection(large, monkeypatch):
    monkeypatch.setattr("dashboard.sidebar.FRAME_DOCS", 50)
    at = run_view("sources")
    assert not at.exception
    assert not any("computed from the first" in i.value for i in at.info)
    assert any(h.value == f"All statements ({len(large.quotes):,})" for h in at.subheader)


def test_distinctive_terms_of_a_large_store_count_the_whole_selection(large, monkeypatch):
    monkeypatch.setattr("dashboard.sidebar.FRAME_DOCS", 50)
    at = run_view("distinctive")
    assert not at.exception
    assert not any("computed from the first" in i.value for i in at.info)
    scores = next(d.value for d in at.dataframe if "z" in d.value.columns)
    mentions = large.mentions["entity"].value_counts()
    assert len(scores) and ((scores["n"] + scores["n_rest"]) == scores["term"].map(mentions)).all()


def test_a_view_on_whole_frames_of_a_large_store_says_they_are_capped(large, monkeypatch):
    monkeypatch.setattr("dashboard.sidebar.FRAME_DOCS", 50)

    def script() -> None:
        import streamlit as st

        from dashboard import interact, sidebar

        view = sidebar.prepare()
        if view is not None:
            interact.frames_notice(view)
            st.metric("Frame documents", len(view.tables.documents))

    at = AppTest.from_function(script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert metric(at, "Frame documents") == "50"
    assert any(f"first 50 of the {len(large.documents):,}" in i.value for i in at.info)


def test_a_view_on_whole_frames_of_the_seeds_gets_them_all():
    def script() -> None:
        import streamlit as st

        from dashboard import interact, sidebar

        view = sidebar.prepare()
        if view is not None:
            interact.frames_notice(view)
            st.metric("Frame documents", len(view.tables.documents))
            st.metric("Frame mentions", len(view.tables.mentions))

    at = AppTest.from_function(script, default_timeout=TIMEOUT).run()
    assert metric(at, "Frame documents") == "5"
    assert int(metric(at, "Frame mentions")) > 100
    assert not at.info
