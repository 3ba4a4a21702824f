"""A clicked entity, place, keyword or speaker, and any typed word, lead to every sentence behind them: the count
in the heading is the number of occurrences in the articles, and each row shows the occurrence in its sentence."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.quotes import voices
from analysis.tables import Tables
from dashboard import data

TIMEOUT = 300


def script(view_name: str) -> None:
    import importlib

    from dashboard import sidebar

    view = sidebar.prepare()
    if view is not None:
        importlib.import_module(f"dashboard.views.{view_name}").render(view)


def run(view: str, **params: str) -> AppTest:
    at = AppTest.from_function(script, args=(view,), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.sidebar.info] == [], "the focus names something loaded"
    return at


def shown_tables() -> Tables:
    """The tables the app shows (the seeds as the dashboard analyses them)."""
    return data.seed_tables(data.seeds_key())


def heading_count(at: AppTest, start: str) -> int:
    heading = next(s.value for s in at.subheader if s.value.replace("\\", "").startswith(start))
    return int(re.search(r"\(([\d,]+)\)$", heading)[1].replace(",", ""))


def rows(at: AppTest, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def whole_words(term: str, texts: list[str]) -> int:
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    return sum(len(pattern.findall(text)) for text in texts)


def assert_in_their_sentences(frame: pd.DataFrame) -> None:
    for match, sentence in zip(frame["match"], frame["sentence"]):
        assert " ".join(match.split()) in sentence and len(sentence) > len(match) + 10, (match, sentence)


def test_an_entity_leads_to_each_of_its_mentions():
    at = run("entities", focus="entity:Haji Namazov")
    mentions = shown_tables().mentions
    mentions = mentions[mentions["entity"] == "Haji Namazov"]
    frame = rows(at, "match")
    assert heading_count(at, "Where entity: Haji Namazov occurs") == len(frame) == len(mentions) > 1
    assert set(frame["match"]) == set(mentions["surface"])
    assert_in_their_sentences(frame)


def test_a_place_leads_to_every_name_it_goes_by():
    place_id = "curated:nagorno-karabakh"
    at = run("places", focus=f"place:{place_id}")
    places = shown_tables().places
    places = places[places["place_id"] == place_id]
    frame = rows(at, "match")
    assert heading_count(at, "Where place:") == len(frame) == len(places)
    assert set(frame["match"]) == set(places["surface"]) and len(set(frame["match"])) > 1, "NK, Karabakh, …"
    assert_in_their_sentences(frame)


def test_a_keyword_leads_to_its_whole_word_occurrences_in_the_documents_that_have_it():
    written = "Lachin corridor"
    at = run("keywords", focus=f"keyword:{written}")
    tables = shown_tables()
    having = set(tables.keywords.loc[tables.keywords["keyword"].str.lower() == written.lower(), "doc_id"])
    texts = tables.documents.loc[tables.documents["doc_id"].isin(having), "text"].tolist()
    frame = rows(at, "match")
    assert heading_count(at, "Where keyword") == len(frame) == whole_words(written, texts) > 0
    assert {m.lower() for m in frame["match"]} == {written.lower()}
    assert_in_their_sentences(frame)


def test_a_speaker_leads_to_every_statement_credited_to_them():
    at = run("sources", focus="speaker:Haji Namazov")
    quotes = shown_tables().quotes
    theirs = quotes[voices(quotes) == "Haji Namazov"]
    frame = rows(at, "quote")
    assert heading_count(at, "Statements credited to Haji Namazov") == len(frame) == len(theirs) > 1
    assert set(frame["quote"]) == set(theirs["quote"])


def test_a_typed_word_finds_every_whole_word_occurrence():
    at = run("documents")
    at.text_input(key="reader_search").input("lachin").run()
    frame = rows(at, "match")
    assert len(frame) == whole_words("lachin", shown_tables().documents["text"].tolist()) > 0
    assert {m.lower() for m in frame["match"]} == {"lachin"}
    assert_in_their_sentences(frame)


@pytest.mark.parametrize(
    ("kind", "value"),
    [("entity", "Haji Namazov"), ("place", "curated:lachin-corridor"), ("speaker", "Haji Namazov")],
)
def test_a_focus_narrows_the_counts_to_the_documents_that_hold_it(kind, value):
    at = run("overview", focus=f"{kind}:{value}")
    tables = shown_tables()
    holding = {
        "entity": tables.mentions.loc[tables.mentions["entity"] == value, "doc_id"],
        "place": tables.places.loc[tables.places["place_id"] == value, "doc_id"],
        "speaker": tables.quotes.loc[voices(tables.quotes) == value, "doc_id"],
    }[kind]
    assert next(m.value for m in at.metric if m.label == "Documents") == f"{holding.nunique()} of 5"
    assert 0 < holding.nunique() < 5


def test_a_focused_place_is_named_on_its_clear_button():
    at = run("places", focus="place:curated:nagorno-karabakh")
    labels = [b.label for b in at.sidebar.button if b.label.startswith("✕ Clear focus")]
    shown = [label.replace("\\", "") for label in labels]
    assert shown == ["✕ Clear focus (place: Nagorno-Karabakh)"], "the place's name, not its id"
