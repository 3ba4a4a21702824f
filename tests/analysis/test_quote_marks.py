"""The README's contract for direct quotes: the statement is the text between the quotation marks, the marks
themselves excluded. Checked on the characters around each span, since ``text[start:end] == quote`` holds by
construction whatever the span is."""

from __future__ import annotations

import pytest

from analysis.quote_marks import joined_sentences, outermost, quote_spans, sentence_stop
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


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # A straight mark closes a curly quotation when no ” does in its paragraph, after a word, before a space.
        ('“We will stay here," he said. Then he left.', ['“We will stay here,"']),
        ('A “word" here.', ['“word"']),
        # An inch mark inside a word closes nothing; the one before the space does.
        ('“The 12"-long pipe is new," he said.', ['“The 12"-long pipe is new,"']),
        # A ” later in the paragraph closes the quotation: the straight mark before it does not.
        ('Intro.\n“We stay here," he said, “and fight.”', ['“We stay here," he said, “and fight.”']),
        # ... in the same paragraph: one in a later paragraph belongs to another quotation.
        ('“We stay here," he said.\n\nLater “another” one.', ['“We stay here,"', "“another”"]),
        ('“We stay here," he said.\n\nLater “another” one.\n\nThe end.', ['“We stay here,"', "“another”"]),
        # A mixed pair's straight mark is not paired again with a straight mark after it, in any paragraph.
        ('Intro.\n\n“We stay here," he said, "and fight on."', ['“We stay here,"', '"and fight on."']),
        # Straight marks pair in order; one left open before a word runs to its paragraph's end.
        ('He said "we stay" and she said "we go" today.', ['"we stay"', '"we go"']),
        ("Intro.\n\nHe said ‘we stay here’ today.", ["‘we stay here’"]),
        ('"We stay here and fight on\n\nThe outlet went on.', ['"We stay here and fight on']),
        ('He said "we will stay here and fight\n\nThe outlet went on.', ['"we will stay here and fight']),
        # A “ after a space opens; it does not close the quotation before it, which runs to the paragraph's end.
        ("“We will stay here “ he said.", ["“We will stay here “ he said."]),
        # An apostrophe inside a word is no closing mark.
        ("“It’s over for the region,” she said.", ["“It’s over for the region,”"]),
        # Some editors open with ” at a paragraph's start; in the middle of one it opens nothing.
        ("”We are ready,” he said.", ["”We are ready,”"]),
        ("”I am ready,” he said.", ["”I am ready,”"]),
        ("He said ”we are ready” today.", []),
        # A long quotation reopens with “ at each paragraph and closes once.
        ("“First part of it.\n\n“Second part of it,” he said.", ["“First part of it.\n\n“Second part of it,”"]),
        (
            "“One part of it.\n\n“Two part of it.\n\n“Three part of it,” he said.",
            ["“One part of it.\n\n“Two part of it.\n\n“Three part of it,”"],
        ),
        # Continued on the next line and closed there: one quotation.
        ("“First line of it\nsecond line of it,” he said.", ["“First line of it\nsecond line of it,”"]),
        # Left open: it ends with its paragraph, and a later quotation is a new one.
        ("“Nobody closed this one\n\nThe outlet went on.", ["“Nobody closed this one"]),
        ("“Nobody closed this one\n", ["“Nobody closed this one"]),
        ("The word “so\n\nand then “another” one.", ["“so", "“another”"]),
        # After a finished sentence, a second “ starts a new quotation, not a nested one.
        ("He said: “A win. “He’s back,” she said.", ["“A win. ", "“He’s back,”"]),
        ("Then “a “nested” quote” here.", ["“a “nested” quote”"]),
        ("Then “a “nested” quote” here.\nMore.", ["“a “nested” quote”"]),
    ],
)
def test_quoted_spans_open_and_close_where_outlets_mark_them(text, quoted):
    assert [text[start:end] for start, end in quote_spans(text)] == quoted


@pytest.mark.parametrize(
    ("clause", "first_sentence"),
    [
        ("He left. Then more", "He left."),
        ("Mr. Smith left. Then", "Mr. Smith left."),
        ("Gen. J. Smith left! Then", "Gen. J. Smith left!"),
        ("U.S. troops left. Then", "U.S. troops left."),
        ("Calif. officials said so. Then", "Calif. officials said so."),
    ],
)
def test_a_sentence_ends_at_its_first_stop_that_is_no_abbreviation(clause, first_sentence):
    assert clause[: sentence_stop(clause)] == first_sentence


def test_a_clause_without_a_stop_or_with_an_initial_only_has_no_sentence_end():
    assert sentence_stop("No stop here") is None
    assert sentence_stop("A. Then") is None


@pytest.mark.parametrize(
    ("text", "sentences", "joined"),
    [
        ("Mr. Smith left. Then he came back.", [(0, 3), (4, 15), (16, 34)], [(0, 15), (16, 34)]),
        ("Troops left the U.S.\n\nChris Smith said so.", [(0, 20), (22, 42)], [(0, 20), (22, 42)]),
        ("Intro. First line\nSecond line", [(0, 6), (7, 29)], [(0, 6), (7, 17), (18, 29)]),
    ],
    ids=["cut after an abbreviation", "an abbreviation ending a paragraph", "a line break"],
)
def test_sentences_join_after_an_abbreviation_and_part_at_a_line_break(text, sentences, joined):
    assert joined_sentences(text, sentences) == joined


def test_the_outer_quotation_holds_a_nested_one_and_the_next_quotation_stands_alone():
    text = "“He said ‘we will stay here for good’ today,” she said. “We will never leave this valley.”"
    assert [text[s:e] for s, e in outermost(quote_spans(text))] == [
        "“He said ‘we will stay here for good’ today,”",
        "“We will never leave this valley.”",
    ]


@pytest.mark.parametrize(
    "text", ["''We will stay here for good'' she said.", "“ We will stay here for good ,” he said."]
)
def test_doubled_apostrophes_and_spaces_inside_the_marks_are_left_out(text):
    assert [q.quote for q in direct_quotes(text)] == ["We will stay here for good"]
