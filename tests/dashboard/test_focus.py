"""A search line or a focus line on its own: the words before and after the match within its sentence, the
document's title and outlet beside it, and a focus that survives its share link (on small hand-made tables)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.focus import CONTEXT_CHARS, Focus, contexts_of, from_param, search_in, to_param

LONG = "Far away from the capital and well beyond the last checkpoint on the old mountain road, " * 2
TEXTS = {
    "a": "Talks resume in Lachin\n\nLachin was quiet on Monday. Residents of the town said the road was open.",
    "b": f"{LONG}the convoy reached lachin before the rain came down on the valley and the roads around it all day.",
}


def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "title": ["Talks resume in Lachin", "The convoy"],
            "outlet": ["JAMnews", "Trend"],
            "text": [TEXTS["a"], TEXTS["b"]],
        }
    )
    a = TEXTS["a"]
    first = a.index("Lachin was")
    second = a.index("Residents")
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "start": [0, first, second, 0],
            "end": [len("Talks resume in Lachin"), second - 1, len(a), len(TEXTS["b"])],
        }
    )
    return documents, sentences


def test_each_line_shows_its_document_the_words_around_the_match_and_its_sentence():
    documents, sentences = tables()
    lines = search_in(documents, sentences, "Lachin")
    assert lines[["doc_id", "title", "outlet", "match"]].values.tolist() == [
        ["a", "Talks resume in Lachin", "JAMnews", "Lachin"],
        ["a", "Talks resume in Lachin", "JAMnews", "Lachin"],
        ["b", "The convoy", "Trend", "lachin"],
    ]
    # A headline ending with the word, a sentence opening with it: each line keeps its whole sentence.
    assert lines["sentence"].tolist()[:2] == ["Talks resume in Lachin", "Lachin was quiet on Monday."]
    assert lines[["left", "right"]].values.tolist()[:2] == [["Talks resume in", ""], ["", "was quiet on Monday."]]


def test_the_words_around_a_match_in_a_long_sentence_are_cut_to_a_readable_width():
    documents, sentences = tables()
    line = search_in(documents, sentences, "lachin").iloc[-1]
    assert LONG.split()[-1] in line["left"] and line["left"].endswith("the convoy reached")
    assert line["right"].startswith("before the rain") and 0 < len(line["right"]) <= CONTEXT_CHARS
    assert len(line["left"]) <= CONTEXT_CHARS and not line["sentence"].startswith(line["left"])


def test_a_match_outside_any_known_sentence_is_still_a_line():
    documents, sentences = tables()
    lines = search_in(documents, sentences[sentences["doc_id"] == "a"], "convoy")
    assert lines[["doc_id", "match", "sentence"]].values.tolist() == [["b", "convoy", "convoy"]]


@pytest.mark.parametrize("term", ["Stepanakert", "   "])
def test_a_search_that_finds_nothing_is_an_empty_table_with_every_column(term):
    documents, sentences = tables()
    lines = search_in(documents, sentences, term)
    assert lines.empty and {"title", "outlet", "left", "match", "right", "sentence"} <= set(lines.columns)


def test_lines_of_documents_left_out_of_the_selection_are_skipped_and_the_rest_kept():
    documents, _ = tables()
    spans = pd.DataFrame(
        {"doc_id": ["gone", "b"], "start": [0, 0], "end": [3, 3], "sent_start": [0, 0], "sent_end": [10, 10]}
    )
    assert contexts_of(spans, documents)["doc_id"].tolist() == ["b"]


def test_a_focus_goes_into_its_share_link_and_comes_back():
    focus = Focus("entity", "Ilham Aliyev")
    assert to_param(focus) == {"focus": ["entity:Ilham Aliyev"]}
    assert from_param(to_param(focus)["focus"], is_known=lambda kind, value: True) == (focus, [])


def test_the_notice_for_an_unknown_focus_shows_its_first_forty_characters():
    value = "entity:" + "Nobody" * 20
    focus, notices = from_param([value], is_known=lambda kind, value: False)
    assert focus is None and len(notices) == 1
    # The colon is escaped for Markdown; the name is cut after the link's fortieth character.
    assert f"{value[7:40]}'" in notices[0] and value[7:41] not in notices[0]
