"""The filters a user meets next to the corpus: uploads shown at once, undated documents never left out silently, an
outlet named by any of its names. Through AppTest, on the memory store and on a DuckDB build."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import Tables, write_tables
from tests.dashboard.test_app import metric, run_view


@pytest.fixture(scope="session")
def small_build(small_tables, tmp_path_factory):
    out = tmp_path_factory.mktemp("small-build")
    write_tables(small_tables, out, manifest={"inputs": ["small"]})
    return out


@pytest.fixture(params=["memory", "duckdb"])
def small(request, small_build, monkeypatch):
    """The dashboard on the four small documents (one undated), in memory or answered by DuckDB."""
    monkeypatch.setenv("NEWS_DASHBOARD_TABLES", str(small_build))
    if request.param == "duckdb":
        monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 0)
    return request.param


def test_a_date_range_says_how_many_undated_documents_it_leaves_out(small):
    at = run_view("overview", **{"from": "2023-07-01"})
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Documents") == "1 of 4"
    assert any("leaves out 1 undated" in c.value for c in at.sidebar.caption)
    at.sidebar.toggle(key="f_undated").set_value(True).run()
    assert metric(at, "Documents") == "2 of 4"
    assert at.query_params["undated"] in ("include", ["include"])


def test_a_share_link_that_includes_undated_documents_is_restored(small):
    at = run_view("overview", **{"from": "2023-07-01", "undated": "include"})
    assert metric(at, "Documents") == "2 of 4"
    assert at.sidebar.toggle(key="f_undated").value is True


def test_without_a_date_range_undated_documents_are_counted_and_no_toggle_shown(small):
    at = run_view("overview", undated="include")
    assert metric(at, "Documents") == "4 of 4"
    assert not at.sidebar.toggle
    assert "undated" not in at.query_params


def _uploads(small_tables: Tables) -> Tables:
    """The small documents as uploads: ids apart from the seeds', dated years before them, one undated."""
    frames = {name: frame.copy() for name, frame in small_tables.as_dict().items()}
    for frame in frames.values():
        if "doc_id" in frame.columns:
            frame["doc_id"] = "upload:" + frame["doc_id"]
    documents = frames["documents"]
    documents["published"] = documents["published"] - pd.DateOffset(years=3)
    for frame in (documents, frames["outlets"]):
        frame["outlet"] = frame["outlet"].replace({"Sputnik": "Uploaded Herald"})
    return Tables.from_frames(frames)


def test_uploads_outside_the_bundled_dates_are_counted_without_touching_a_filter(small_tables):
    at = run_view("overview", outlet="JAMnews")
    assert metric(at, "Documents") == "3 of 5"
    uploads = _uploads(small_tables)
    at.session_state["_uploads"] = uploads
    at.session_state["_added"] = uploads
    at.session_state["f_source"] = "Both"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # The three seed articles of JAMnews and every upload of a named outlet: its outlets join the chosen one.
    assert metric(at, "Documents") == "6 of 9"
    assert any("name no outlet" in i.value for i in at.info)
    assert "Uploaded Herald" in at.sidebar.multiselect(key="f_outlets").value
    added = next(s.value for s in at.success)
    assert "Added 4 article(s)" in added and "1 undated" in added


def test_a_share_links_date_range_wins_over_the_widened_default(small_tables):
    at = run_view("overview", **{"from": "2023-06-01"})
    before = metric(at, "Documents")
    uploads = _uploads(small_tables)
    at.session_state["_uploads"] = uploads
    at.session_state["_added"] = uploads
    at.session_state["f_source"] = "Both"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Documents") == before.replace("of 5", "of 9"), "the link's start date still applies"
    assert at.query_params["from"] in ("2023-06-01", ["2023-06-01"])


def test_a_share_link_naming_an_outlet_by_an_alias_selects_the_outlet(small):
    at = run_view("overview", outlet="Sputnik Armenia")
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Documents") == "1 of 4"
    assert at.sidebar.multiselect(key="f_outlets").value == ["Sputnik"]
    assert any("'Sputnik Armenia' as 'Sputnik'" in i.value for i in at.sidebar.info)
    assert at.query_params["outlet"] in ("Sputnik", ["Sputnik"])


def test_the_timeline_draws_the_period_a_link_asks_for(small):
    at = run_view("timeline", period="year")
    assert not at.exception, [e.value for e in at.exception]
    counts = next(d.value for d in at.dataframe if "period" in d.value.columns)
    assert len(counts) and (counts["period"].dt.day_of_year == 1).all()
    assert at.query_params["period"] in ("year", ["year"])
    assert any("period=year" in c.value for c in at.sidebar.code), "the share link carries the period"


def test_a_finer_period_than_the_dates_allow_is_drawn_coarser_and_said(small):
    at = run_view("timeline", period="week")
    counts = next(d.value for d in at.dataframe if "period" in d.value.columns)
    assert (counts["period"].dt.day == 1).all(), "month-only dates make every bar at least a month"
    assert any("Each bar is a month, not a week" in c.value for c in at.caption)


def test_a_period_the_timeline_does_not_offer_is_dropped(small):
    at = run_view("timeline", period="<script>")
    assert not at.exception, [e.value for e in at.exception]
    assert "period" not in at.query_params


def _trace_colours(at) -> dict[str, set[str]]:
    """Each named trace's single colour, over every chart of a view."""
    found: dict[str, set[str]] = {}
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            colour = (trace.get("marker") or {}).get("color")
            if isinstance(colour, str) and trace.get("name"):
                found.setdefault(trace["name"], set()).add(colour)
    return found


def test_an_outlet_has_one_colour_in_every_view():
    seen: dict[str, set[str]] = {}
    for name in ("overview", "entities", "keywords", "naming", "timeline", "distinctive"):
        for outlet, colours in _trace_colours(run_view(name)).items():
            seen.setdefault(outlet, set()).update(colours)
    outlets = {"JAMnews", "Sputnik", "OBC Transeuropa"}
    assert outlets <= set(seen)
    assert all(len(seen[o]) == 1 for o in outlets), {o: seen[o] for o in outlets}
    assert len({next(iter(seen[o])) for o in outlets}) == len(outlets)
