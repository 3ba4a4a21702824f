"""The corpus search's rules: which terms are searched, and the same stopping rule in both stores."""

from __future__ import annotations

import pytest

from analysis import read_tables
from dashboard.store import Selection, search
from dashboard.store import questions as q
from dashboard.store.duck import DuckStore
from dashboard.store.memory import MemoryStore
from tests.dashboard.store.test_store import agree


@pytest.mark.parametrize(
    ("term", "cleaned"),
    [("  peace talks ", "peace talks"), ("Ереван", "Ереван"), ("!!!", None), ("", None), ("a\x00b", None), (7, None)],
)
def test_a_term_is_searched_only_with_a_word_and_no_control_characters(term, cleaned):
    assert search.clean_term(term) == cleaned


def test_a_long_term_is_refused():
    assert search.clean_term("x" * 201) is None and search.clean_term("x" * 200) == "x" * 200


def test_the_words_of_a_phrase_are_its_runs_of_letters_and_digits():
    assert search.words("U.S. peace-talks, U.S.") == ["u", "s", "peace", "talks"]
    assert search.one_word("Khankendi") and not search.one_word("peace talks") and not search.one_word("U.S.")


def test_both_stores_stop_at_the_same_document_when_candidates_are_many(synthetic_build, monkeypatch):
    """A phrase whose words many documents have but few hold: the search stops after MAX_SCANNED candidates in both
    stores, and says the document count is only an upper bound."""
    monkeypatch.setattr(search, "MAX_SCANNED", 7)
    memory, duckdb = MemoryStore(read_tables(synthetic_build)), DuckStore(synthetic_build)
    text = memory.tables.documents["text"].iloc[0]
    words = [w for w in text.split() if w.isalpha()]
    backwards = f"{words[3]} {words[2]}"
    mine = memory.ask(q.corpus_search, Selection(), term=backwards, limit=500)
    assert not mine.exact and not mine.lines.counted and mine.documents > 7
    agree(mine, duckdb.ask(q.corpus_search, Selection(), term=backwards, limit=500), backwards)


def test_every_line_holds_the_term_as_a_whole_word(synthetic_build):
    duckdb = DuckStore(synthetic_build)
    found = duckdb.ask(q.corpus_search, Selection(), term="AZERBAIJAN", limit=50)
    assert len(found.lines.rows) == 50 and found.exact
    assert (found.lines.rows["match"].str.lower() == "azerbaijan").all()
    rows = found.lines.rows
    assert all(match in sentence for match, sentence in zip(rows["match"], rows["sentence"]))
