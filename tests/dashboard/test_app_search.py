"""The search page through AppTest: a word or phrase across the selection, kept in the URL, on the memory store and on
a DuckDB build of the same synthetic corpus."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis import read_tables
from dashboard.focus import MAX_VALUE_CHARS
from tests.dashboard.test_app import APP, TIMEOUT, run_view


@pytest.fixture(params=["memory", "duckdb"])
def corpus(request, synthetic_build, monkeypatch):
    """The synthetic corpus's tables, the dashboard showing them from memory or answered by DuckDB."""
    monkeypatch.setenv("NEWS_DASHBOARD_TABLES", str(synthetic_build))
    if request.param == "duckdb":
        monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 0)
    return read_tables(synthetic_build)


def holding(documents, word: str) -> int:
    return int(documents["text"].str.contains(rf"(?<!\w){re.escape(word)}(?!\w)", case=False, regex=True).sum())


def lines_table(at):
    return next(d.value for d in at.dataframe if "match" in d.value.columns)


def test_a_typed_word_lists_its_lines_and_counts_every_document_holding_it(corpus):
    at = run_view("search")
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key="q").input("azerbaijan").run()
    expected = holding(corpus.documents, "azerbaijan")
    assert expected > 0
    assert any(f"occurs in {expected:,} documents" in h.value for h in at.subheader), [h.value for h in at.subheader]
    lines = lines_table(at)
    assert len(lines) == 500 and set(lines["match"].str.lower()) == {"azerbaijan"}
    share = at.sidebar.get("popover")[0].code[0].value if at.sidebar.get("popover") else at.sidebar.code[0].value
    assert "q=azerbaijan" in share


def test_a_search_link_restores_the_term_within_its_filters(corpus):
    outlet = corpus.documents["outlet"].value_counts().index[-1]
    at = run_view("search", q="Azerbaijan", outlet=outlet)
    assert at.text_input(key="q").value == "Azerbaijan"
    mine = corpus.documents[corpus.documents["outlet"] == outlet]
    assert any(f"occurs in {holding(mine, 'azerbaijan'):,} documents" in h.value for h in at.subheader)
    assert set(lines_table(at)["outlet"]) == {outlet}


def test_a_phrase_matches_as_typed(corpus):
    text = corpus.documents["text"].iloc[0]
    phrase = " ".join(text.split()[:3])
    at = run_view("search", q=phrase)
    assert not at.exception
    lines = lines_table(at)
    assert len(lines) and (lines["match"].str.lower() == phrase.lower()).all()


@pytest.mark.parametrize("value", ["!!!", "bad\x07term"])
def test_a_link_with_nothing_searchable_says_so(corpus, value):
    at = run_view("search", q=value)
    assert not at.exception
    assert any("Nothing to search for" in w.value for w in at.warning)
    assert not [d for d in at.dataframe if "match" in d.value.columns]


def test_a_link_with_an_overlong_term_is_cut_to_the_inputs_limit(corpus):
    at = run_view("search", q="x" * 300)
    assert not at.exception
    assert at.text_input(key="q").value == "x" * MAX_VALUE_CHARS


def test_a_word_no_document_holds_says_so(corpus):
    at = run_view("search", q="zzyzxqy")
    assert any("occurs in no selected document" in h.value for h in at.subheader)


def test_every_view_offers_its_report(corpus):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.sidebar.get("download_button")]
    assert "Report of this view (HTML)" in labels


def test_a_report_of_the_search_holds_its_lines_term_and_link(corpus, tmp_path):
    """The report of the search page, made as its button makes it, lists the lines shown and the term searched."""

    def script(path: str) -> None:
        from pathlib import Path

        from dashboard import interact, sidebar
        from dashboard.views import search

        view = sidebar.prepare()
        interact.start_report()
        search.render(view)
        Path(path).write_bytes(interact.view_report(view, title="Search")())

    written = tmp_path / "report.html"
    at = AppTest.from_function(script, args=(str(written),), default_timeout=TIMEOUT)
    at.query_params["q"] = "Azerbaijan"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    made = written.read_text(encoding="utf-8")
    assert "Search</dt><dd>Azerbaijan" in made and "q=Azerbaijan" in made
    assert made.count("<td>Azerbaijan</td>") == 500


def test_a_clicked_line_opens_its_document_even_beyond_those_listed(corpus, monkeypatch):
    """The reader lists the first documents only; a line of a later one still opens it, with the term searched."""
    monkeypatch.setattr("dashboard.views.documents.MAX_LISTED", 5)

    def script() -> None:
        from dashboard import sidebar
        from dashboard.views import documents

        view = sidebar.prepare()
        documents.render(view)

    doc_id = corpus.documents["doc_id"].iloc[-1]
    at = AppTest.from_function(script, default_timeout=TIMEOUT)
    at.session_state["_read"] = (doc_id, "Azerbaijan")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="reader_doc").value == doc_id
    assert at.text_input(key="reader_search").value == "Azerbaijan"
    assert any("match" in d.value.columns and len(d.value) for d in at.dataframe)
