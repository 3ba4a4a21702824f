"""The README's contract for direct quotes: the statement is the text between the quotation marks, the marks
themselves excluded. Checked on the characters around each span, since ``text[start:end] == quote`` holds by
construction whatever the span is."""

from __future__ import annotations

import pytest

from analysis.quotes import extract_quotes

OPENING = '“"‘«'
CLOSING = '”"’»'
MARKS = set(OPENING + CLOSING)

TEXTS = [
    "“The talks will go on next week in Brussels,” he said.",
    'The minister said: "We will not give up the corridor at any price." Then he left.',
    "Namazov believes that “the worst is over for the region now”.",
    "“A long quote opens here and runs on.\n\n“It reopens at each paragraph and closes once.”",
    "“Nobody closed this quotation about the border in time\n\nThe outlet went on.",
]


def direct_quotes(text: str):
    return [q for q in extract_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))]) if q.mode == "direct"]


def assert_marks_left_out(text: str, start: int, end: int) -> None:
    quote = text[start:end]
    assert quote[:1] not in MARKS and quote[-1:] not in MARKS, f"a mark kept in {quote!r}"
    assert quote == quote.strip(), f"white space kept in {quote!r}"
    before = text[:start].rstrip()
    assert before[-1:] in OPENING, f"{quote[:30]!r} does not start right after its opening mark"


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_a_direct_quote_is_the_text_between_its_marks(text):
    quotes = direct_quotes(text)
    assert quotes, "each of these texts holds a direct quote"
    for q in quotes:
        assert_marks_left_out(text, q.start, q.end)


def test_a_closed_quote_ends_right_before_its_closing_mark():
    text = "“The talks will go on next week in Brussels,” he said."
    (quote,) = direct_quotes(text)
    assert quote.quote == "The talks will go on next week in Brussels"
    assert text[quote.end :].lstrip(",")[:1] in CLOSING


def test_every_direct_quote_on_the_seeds_leaves_its_marks_out(seeds_tables):
    texts = dict(zip(seeds_tables.documents["doc_id"], seeds_tables.documents["text"]))
    direct = seeds_tables.quotes[seeds_tables.quotes["mode"] == "direct"]
    assert len(direct) >= 40
    for q in direct.itertuples():
        assert_marks_left_out(texts[q.doc_id], q.start, q.end)
