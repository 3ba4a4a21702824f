"""The quotation and attribution rules the quotes module documents, each on a short text with the names
given as mentions (no model): where a quotation ends across paragraphs, who a quote is credited to when an
introduction ends with a colon, an interview header names the speaker or the quote goes on in the same
paragraph, and the kind of voice."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.quotes import UNATTRIBUTED, extract_quotes, in_quotes, quote_spans, voices
from analysis.types import Mention


def mention(text: str, surface: str, label: str, entity: str | None = None) -> Mention:
    start = text.index(surface)
    return Mention(doc_id="d", start=start, end=start + len(surface), surface=surface, label=label,
                   sent_start=0, sent_end=len(text), entity=entity or surface)  # fmt: skip


def credited(text: str, *mentions: Mention) -> list[tuple[str, str | None, str]]:
    """(speaker, speaker's entity, kind) of each quote, in text order."""
    quotes = extract_quotes(text, doc_id="d", mentions=list(mentions), sentences=[(0, len(text))])
    return [(q.speaker, q.speaker_entity, q.kind) for q in quotes]


@pytest.mark.parametrize(
    "text",
    [
        "“Outer starts here\n\nthe “inner” words go on and end,” she said.",
        "“First part of a quote\n\nsecond part ends here,” he said.",
        "“Quote one goes on\n\n  “continues here after an indent.”",
    ],
    ids=["nested marks in the next paragraph", "closed in the next paragraph", "reopened after an indent"],
)
def test_a_quote_runs_over_a_paragraph_break_to_its_closing_mark(text):
    assert quote_spans(text) == [(0, text.rindex("”") + 1)]


def test_an_unclosed_quote_stops_at_its_paragraph_when_a_later_one_opens_a_new_quote():
    text = "“Unclosed words run on\n\nThe outlet wrote about Baku.\n\n“A new quote begins,” he said."
    spans = quote_spans(text)
    assert spans[0] == (0, text.index("\n"))
    assert not in_quotes(spans, text.index("Baku"), text.index("Baku") + 4)


def test_a_span_holds_what_lies_within_it_bounds_included():
    spans = [(10, 20)]
    assert in_quotes(spans, 10, 20) and in_quotes(spans, 12, 15)
    assert not in_quotes(spans, 9, 20) and not in_quotes(spans, 10, 21) and not in_quotes([], 0, 1)


@pytest.mark.parametrize(
    ("written", "who", "label", "kind"),
    [
        ("Haji Namazov", "Haji Namazov", "PERSON", "unspecified"),
        ("the Foreign Ministry", "Foreign Ministry", "ORG", "official"),
    ],
)
def test_a_quote_after_an_introduction_ending_with_a_colon_is_said_by_whom_it_names(written, who, label, kind):
    text = f"A statement from {written}:\n\n“We will never accept such terms from them.”"
    assert credited(text, mention(text, who, label)) == [(who, who, kind)]


def test_without_the_colon_the_paragraph_before_credits_no_one():
    text = "A statement from Haji Namazov.\n\n“We will never accept such terms from them.”"
    assert credited(text, mention(text, "Haji Namazov", "PERSON")) == [(UNATTRIBUTED, None, "unspecified")]


def test_an_interview_header_names_the_speaker_of_the_answers():
    text = "Hakob Badalyan, political commentator\n\n“Armenia will not sign the treaty this year.”"
    quotes = credited(text, mention(text, "Hakob Badalyan", "PERSON"), mention(text, "Armenia", "GPE"))
    assert quotes == [("Hakob Badalyan", "Hakob Badalyan", "expert")]


def test_a_second_quote_in_the_paragraph_goes_on_in_the_same_voice_and_a_new_paragraph_does_not():
    # A quotation its attribution splits is one statement (the README's quotes contract); a closed quote
    # does not carry its speaker into the next paragraph.
    text = (
        "“The first quote has words,” said Haji Namazov. “The second quote has more words here.”\n\n"
        "“A third one in a new paragraph here.”"
    )
    quotes = extract_quotes(
        text, doc_id="d", mentions=[mention(text, "Haji Namazov", "PERSON")], sentences=[(0, len(text))]
    )
    assert [q.speaker for q in quotes] == ["Haji Namazov", UNATTRIBUTED]
    assert quotes[0].quote.startswith("The first quote") and quotes[0].quote.endswith("more words here.")


@pytest.mark.parametrize(
    ("text", "who", "label", "entity", "expected"),
    [
        ("“We will not accept it at all,” Baku said.", "Baku", "GPE", "Baku", ("Baku", "Baku", "official")),
        ("“It is nearly done by now,” the Armenians said.", "Armenians", "NORP", "Armenian",
         ("Armenians", "Armenian", "official")),
        ("“The deal is almost done now,” a diplomatic source said.", None, None, None,
         ("a diplomatic source", None, "anonymous")),
    ],
    ids=["a capital speaks for its government", "a people", "an anonymous source"],
)  # fmt: skip
def test_the_kind_of_voice(text, who, label, entity, expected):
    mentions = [mention(text, who, label, entity)] if who else []
    assert credited(text, *mentions) == [expected]


SPLIT = "“We will not leave the region,” {gap} “We will stay here for good.”"


@pytest.mark.parametrize(
    ("gap", "statements"),
    [
        ("the minister told reporters.", 1),
        ("the minister said —", 1),
        # One attribution sentence, however long its apposition, still splits one statement.
        ("the minister told reporters in the capital on a cold and rainy Monday morning after the long meeting.", 1),
        # More than an attribution between the two: two statements.
        (
            "the minister told reporters on Monday. He then left the room in a great hurry without a single word to "
            "anyone at all.",
            2,
        ),
        (
            "the minister told reporters in the capital on a cold and rainy Monday morning after the long meeting of "
            "the cabinet that had lasted for many hours and then went on and on until late at night with no end.",
            2,
        ),
        # "said … that" reports what follows it; it is not the attribution of the quotation before.
        ("the minister said in a statement that day.", 2),
    ],
    ids=["short", "dash", "long apposition", "two sentences", "too long", "that"],
)
def test_a_quotation_split_by_its_attribution_alone_is_one_statement(gap, statements):
    text = SPLIT.format(gap=gap)
    quotes = extract_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))])
    assert len(quotes) == statements
    assert quotes[0].quote.startswith("We will not leave") and quotes[-1].quote.endswith("for good.")
    assert {q.speaker for q in quotes} == {"the minister"}


def test_two_quotations_with_their_own_attributions_are_two_statements_and_marks_alone_join_them():
    text = "“We will not leave the region,” the minister told reporters. “We will stay here,” the mayor replied."
    quotes = extract_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))])
    assert [(q.quote, q.speaker) for q in quotes] == [
        ("We will not leave the region", "the minister"),
        ("We will stay here", "the mayor"),
    ]
    text = "“We will not leave the region.” — “We will stay here for good.”"
    (quote,) = extract_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))])
    assert quote.quote.startswith("We will not leave") and quote.quote.endswith("for good.")


@pytest.mark.parametrize(
    "fragment", ["a gift to the richest families in the land", "a gift to the Walton family and their rich friends"]
)
def test_a_quoted_fragment_of_five_words_or_more_in_lower_case_is_a_statement_not_a_title(fragment):
    text = f"The senator called the plan “{fragment}” on Monday."
    (quote,) = extract_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))])
    assert (quote.quote, quote.mode) == (fragment, "direct")


def test_two_quotations_with_nothing_between_them_are_one_statement():
    text = "“We will not leave the region.”“We will stay here for good.”"
    (quote,) = extract_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))])
    assert quote.quote.startswith("We will not leave") and quote.quote.endswith("for good.")


def sentences_of(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S[^\n]*?(?:[.?!][”\"’]?(?=\s|$)|(?=\n)|$)", text)]


def statements(text: str) -> list[tuple[str, str, str, str | None, str]]:
    """(statement, speaker, mode, cue, document) of each quote, with no names given."""
    quotes = extract_quotes(text, doc_id="d7", mentions=[], sentences=sentences_of(text))
    return [(q.quote, q.speaker, q.mode, q.cue, q.doc_id) for q in quotes]


def test_a_reported_clause_ending_in_a_quotation_keeps_its_closing_mark():
    text = "John Smith said that the war was “a disaster for the whole region.”"
    assert statements(text) == [
        ("the war was “a disaster for the whole region.”", "John Smith", "reported", "said", "d7")
    ]


def test_a_fragment_after_an_earlier_reported_sentence_is_still_a_statement():
    text = (
        "John Smith said that the talks had failed badly. The senator called the plan “a gift to the rich” on Monday."
    )
    assert statements(text) == [
        ("the talks had failed badly.", "John Smith", "reported", "said", "d7"),
        ("a gift to the rich", UNATTRIBUTED, "direct", None, "d7"),
    ]


def test_the_sentence_a_colon_ends_is_the_quotations_introduction_not_a_statement():
    text = "Mary Jones said the government would answer as follows:\n\n“We will never accept such terms from them.”"
    assert statements(text) == [("We will never accept such terms from them.", "Mary Jones", "direct", "said", "d7")]


def test_a_quotation_split_by_its_attribution_keeps_the_attributions_cue():
    text = "“We will not leave the region,” the minister told reporters. “We will stay here for good.”"
    [(_, speaker, mode, cue, _)] = statements(text)
    assert (speaker, mode, cue) == ("the minister", "direct", "told")


def test_a_quote_is_credited_to_its_speakers_entity_else_to_the_speaker_as_written():
    text = "“We will never leave this valley,” Jones said. “The rain will come back soon,” a local farmer said."
    mentions = [mention(text, "Jones", "PERSON", "Mary Jones")]
    quotes = pd.DataFrame(extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences_of(text)))
    assert voices(quotes).tolist() == ["Mary Jones", "a local farmer"]
