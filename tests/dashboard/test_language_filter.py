"""The language filter: kept in the URL like the other filters, checked against the corpus's languages, and
applied by the app on the memory store and on a DuckDB build."""

from __future__ import annotations

import pytest

from analysis import Tables, write_tables
from dashboard.filters import LANGUAGE, Filters, from_query, to_query
from tests.dashboard.test_app import metric, run_view

KNOWN = {
    "known_docs": ["a", "b"],
    "known_outlets": ["JAMnews"],
    "known_labels": ["PERSON"],
    "date_bounds": None,
    "known_languages": ("en", "ru"),
}


def test_languages_round_trip_through_the_query_string():
    filters = Filters(languages=("ru",), outlets=("JAMnews",))
    assert to_query(filters)[LANGUAGE] == ["ru"]
    assert from_query(to_query(filters), **KNOWN) == (filters, [])


@pytest.mark.parametrize("value", ["xx", "RU", "ru' OR '1'='1", "<script>", "r" * 500])
def test_a_language_the_corpus_lacks_is_dropped_with_a_notice(value):
    parsed, notices = from_query({LANGUAGE: [value, "en"]}, **KNOWN)
    assert parsed.languages == ("en",)
    assert len(notices) == 1 and "<" not in notices[0] and "'" not in notices[0].split(":", 1)[-1].strip("'. ")


def test_without_known_languages_no_language_is_kept():
    parsed, notices = from_query({LANGUAGE: "ru"}, **{**KNOWN, "known_languages": ()})
    assert parsed == Filters() and notices


@pytest.fixture(scope="session")
def mixed_build(small_tables: Tables, tmp_path_factory):
    frames = {name: frame.copy() for name, frame in small_tables.as_dict().items()}
    frames["documents"]["language"] = ["en", "ru", "ru", "en"]
    out = tmp_path_factory.mktemp("mixed-language-build")
    write_tables(Tables.from_frames(frames), out, manifest={"inputs": ["small"]})
    return out


@pytest.fixture(params=["memory", "duckdb"])
def mixed(request, mixed_build, monkeypatch):
    monkeypatch.setenv("NEWS_DASHBOARD_TABLES", str(mixed_build))
    if request.param == "duckdb":
        monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 0)
    return request.param


def test_a_share_link_with_a_language_shows_only_its_documents(mixed):
    at = run_view("overview", lang="ru")
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Documents") == "2 of 4"
    assert at.sidebar.multiselect(key="f_languages").value == ["ru"]


def test_choosing_a_language_writes_it_to_the_url(mixed):
    at = run_view("overview")
    assert metric(at, "Documents") == "4 of 4"
    at.sidebar.multiselect(key="f_languages").set_value(["en"]).run()
    assert metric(at, "Documents") == "2 of 4"
    assert at.query_params[LANGUAGE] in ("en", ["en"])
