"""The quotation scores the evaluation bench prints: found, credited to the right voice, the right kind,
and what is listed as missed or extra. Small hand-made tables, no model: each figure is checked on a case
where it must move."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.quote_scoring import (
    Attribution,
    GoldQuote,
    read_attributions,
    read_gold,
    score_attributions,
    score_quotes,
)
from analysis.quotes import UNATTRIBUTED

TEXT = (
    "“We will open the border next week,” Mary Jones said. "
    "Officials in the capital said the talks had failed. "
    "“Nobody knows what comes next,” a diplomatic source said. "
    "“The port stays closed,” someone wrote."
)


def row(quote: str, speaker: str, entity: str | None = None, *, kind: str = "direct", doc_id: str = "d") -> dict:
    start = TEXT.index(quote)
    return {"doc_id": doc_id, "start": start, "end": start + len(quote), "quote": quote, "speaker": speaker,
            "speaker_entity": entity, "kind": kind}  # fmt: skip


def table(*rows: dict) -> pd.DataFrame:
    columns = ["doc_id", "start", "end", "quote", "speaker", "speaker_entity", "kind"]
    return pd.DataFrame(list(rows), columns=columns)


GOLD = [
    GoldQuote("d", "open the border", "Mary Jones", named=True, kind="direct"),
    GoldQuote("d", "the talks had failed", "officials", named=False, kind="indirect"),
    GoldQuote("d", "what comes next", "diplomatic source", named=False, kind="direct"),
    GoldQuote("d", "port stays closed", UNATTRIBUTED, named=False, kind="direct"),
]


def test_every_statement_found_and_credited_scores_one_throughout():
    predicted = table(
        row("We will open the border next week", "Jones", "Mary Jones"),
        row("the talks had failed", "Officials in the capital", kind="indirect"),
        row("Nobody knows what comes next", "a diplomatic source"),
        row("The port stays closed", UNATTRIBUTED),
    )
    scores = score_quotes(predicted, GOLD, texts={"d": TEXT})
    assert (scores.n_gold, scores.n_predicted) == (4, 4)
    assert (scores.precision, scores.recall, scores.speaker_precision, scores.speaker_recall) == (1, 1, 1, 1)
    assert scores.kind_accuracy == 1 and scores.misses == ()


def test_a_wrong_voice_is_found_but_not_credited_and_listed_with_both_speakers():
    predicted = table(
        row("We will open the border next week", "John Smith", "John Smith"),
        row("the talks had failed", "she", "Mary Jones", kind="direct"),
        row("Nobody knows what comes next", UNATTRIBUTED),
        row("The port stays closed", "someone", "Someone"),
    )
    scores = score_quotes(predicted, GOLD, texts={"d": TEXT})
    assert (scores.precision, scores.recall) == (1, 1)
    assert (scores.speaker_precision, scores.speaker_recall) == (0, 0)
    assert scores.kind_accuracy == 0.75, "one statement of four is reported, not direct"
    assert len(scores.misses) == 4
    assert "gold 'Mary Jones', predicted John Smith" in scores.misses[0]
    assert scores.misses[1].endswith("predicted Mary Jones"), "a resolved speaker is named by its entity"
    assert "predicted unattributed" in scores.misses[2]


def test_every_prediction_overlapping_a_missed_statement_is_listed():
    predicted = table(
        row("We will open the border", "John Smith", "John Smith"),
        row("the border next week", "Tom Baker"),
    )
    scores = score_quotes(predicted, GOLD[:1], texts={"d": TEXT})
    assert scores.misses == ("d 'open the border': gold 'Mary Jones', predicted John Smith, Tom Baker",)


def test_a_snippet_opening_its_document_is_found():
    gold = [GoldQuote("d", "“We will open", "Mary Jones", named=True, kind="direct")]
    predicted = table(row("We will open the border next week", "Mary Jones", "Mary Jones"))
    assert score_quotes(predicted, gold, texts={"d": TEXT}).speaker_recall == 1


def test_a_missed_statement_lowers_recall_and_an_extra_one_precision():
    predicted = table(
        row("We will open the border next week", "Mary Jones", "Mary Jones"),
        row("a diplomatic source said", "nobody"),
    )
    scores = score_quotes(predicted, GOLD[:2], texts={"d": TEXT})
    assert (scores.recall, scores.precision) == (0.5, 0.5)
    assert (scores.speaker_recall, scores.speaker_precision) == (0.5, 0.5)
    assert scores.misses == ("d 'the talks had failed': gold 'officials', predicted not found",)


def test_a_span_overlapping_the_snippet_by_one_character_finds_it_and_touching_does_not():
    snippet = TEXT.index("open the border")
    touching = {"doc_id": "d", "start": snippet - 8, "end": snippet, "quote": "We will ", "speaker": "Mary Jones",
                "speaker_entity": "Mary Jones", "kind": "direct"}  # fmt: skip
    overlapping = {**touching, "end": snippet + 1}
    after = {**touching, "start": snippet + len("open the border"), "end": snippet + 30}
    for rows, recall in (([touching], 0.0), ([overlapping], 1.0), ([after], 0.0)):
        assert score_quotes(table(*rows), GOLD[:1], texts={"d": TEXT}).recall == recall


def test_only_the_documents_given_are_scored():
    predicted = table(
        row("We will open the border next week", "Mary Jones", "Mary Jones"),
        row("The port stays closed", UNATTRIBUTED, doc_id="other"),
    )
    scores = score_quotes(predicted, GOLD[:1], texts={"d": TEXT})
    assert scores.n_predicted == 1 and scores.precision == 1


def test_a_gold_description_matches_a_speaker_holding_its_words_not_a_named_entity():
    gold = [GoldQuote("d", "the talks had failed", "Officials", named=False, kind="indirect")]
    for speaker, entity, right in (
        ("officials in the capital", None, 1.0),
        ("officials", None, 1.0),
        ("the capital", None, 0.0),
        ("Officials", "Officials", 0.0),
        (UNATTRIBUTED, None, 0.0),
    ):
        predicted = table(row("the talks had failed", speaker, entity, kind="indirect"))
        assert score_quotes(predicted, gold, texts={"d": TEXT}).speaker_recall == right, speaker


def test_nothing_predicted_or_no_gold_scores_zero_not_an_error():
    scores = score_quotes(table(), GOLD, texts={"d": TEXT})
    assert (scores.n_predicted, scores.precision, scores.recall, scores.kind_accuracy) == (0, 0, 0, 0)
    assert scores.speaker_precision == 0
    scores = score_quotes(table(row("The port stays closed", UNATTRIBUTED)), [], texts={"d": TEXT})
    assert (scores.n_gold, scores.recall, scores.speaker_recall, scores.precision) == (0, 0, 0, 0)


def test_a_snippet_not_in_its_document_is_an_error_naming_it():
    gold = [GoldQuote("d", "words nowhere in the text", "x", named=False, kind="direct")]
    with pytest.raises(InputError, match="words nowhere in the text"):
        score_quotes(table(), gold, texts={"d": TEXT})


def test_gold_files_are_read_and_a_bad_line_is_named(tmp_path):
    path = tmp_path / "gold.jsonl"
    record = {"doc_id": "d", "snippet": "open the border", "speaker": "Mary Jones", "named": True, "kind": "direct"}
    path.write_text(json.dumps(record) + "\n\n" + json.dumps({**record, "named": False}) + "\n", encoding="utf-8")
    assert read_gold(path) == [GOLD[0], GoldQuote("d", "open the border", "Mary Jones", False, "direct")]
    path.write_text(json.dumps(record) + "\n" + json.dumps({"doc_id": "d"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:2:"):
        read_gold(path)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":1:"):
        read_gold(path)


# The development sets' format: statements with content (in fragments when split), source and cue.
ARTICLE = {
    "id": "a",
    "text": "unused here",
    "attributions": [
        {"content": {"text": "the new bridge will open in the spring"}, "source": {"text": "Mayor Ana Lopez"},
         "cue": {"text": "said"}, "direct": False},
        {"content": {"text": "We will not raise taxes this year, not ever"}, "source": {"text": "the governor"},
         "cue": {"text": "told reporters"}, "direct": True,
         "fragments": [{"text": "We will not raise taxes this year"}, {"text": "not ever"}]},
        {"content": {"text": "prices will keep rising for months"}, "source": None, "cue": None, "direct": False},
        {"content": {"text": "the plan was a mistake from the start"}, "source": {"text": "critics"},
         "cue": {"text": "believe"}, "direct": False},
    ],
}  # fmt: skip


def test_annotated_statements_are_read_with_their_pieces_source_cue_and_speech_class(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n\n" + json.dumps({**ARTICLE, "id": "b"}) + "\n", encoding="utf-8")
    bridge, taxes, prices, plan, *second = read_attributions(path)
    assert [a.doc_id for a in second] == ["b"] * 4, "a blank line between articles is skipped"
    assert bridge == GOLD_ATTRIBUTIONS[0]
    assert taxes.pieces == ("We will not raise taxes this year", "not ever") and taxes.direct
    assert (prices.source, prices.cue) == (None, None)
    # Speech: indirect, four words or more, a plain speech cue ("believe" is a belief, not speech).
    assert [a.speech for a in (bridge, taxes, prices, plan)] == [True, False, False, False]
    short = Attribution("a", "it will open", ("it will open",), "x", "said", False)
    told = Attribution("a", "it will open soon", ("it will open soon",), "x", "Told", False)
    assert not short.speech and told.speech


def test_an_annotated_article_without_attributions_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n" + json.dumps({"id": "b", "text": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"dev\.jsonl:2:"):
        read_attributions(path)


def predictions(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"doc_id": "a", "quote": q, "speaker": s, "speaker_entity": e} for q, s, e in rows],
        columns=["doc_id", "quote", "speaker", "speaker_entity"],
    )


BRIDGE = "the new bridge will open in the spring"
GOLD_ATTRIBUTIONS = [
    Attribution("a", BRIDGE, (BRIDGE,), "Mayor Ana Lopez", "said", direct=False),
    Attribution("a", "We will not raise taxes this year, not ever", ("We will not raise taxes this year", "not ever"),
                "the governor", "told reporters", direct=True),
    Attribution("a", "prices will keep rising for months", ("prices will keep rising for months",), None, None,
                direct=False),
    Attribution("a", "the plan was a mistake from the start", ("the plan was a mistake from the start",), "critics",
                "believe", direct=False),
]  # fmt: skip


def test_attributions_found_by_words_credited_by_the_speakers_last_word_and_counted_by_class():
    quotes = predictions(
        ("The new bridge will open in the spring, she said", "she", "Ana Lopez"),
        ("We will not raise taxes this year", "the governor", None),
        ("prices will keep rising for months", UNATTRIBUTED, None),
        ("the plan was a mistake", "Mary Jones", "Mary Jones"),
        ("Something nobody annotated at all here", "John Smith", "John Smith"),
    )
    scores = score_attributions(quotes, GOLD_ATTRIBUTIONS)
    assert scores.n_predicted == 5
    assert scores.recall == {"all": (4, 4), "indirect": (3, 3), "speech": (1, 1), "direct": (1, 1)}
    assert scores.source_right == {"all": (3, 4), "indirect": (2, 3), "speech": (1, 1), "direct": (1, 1)}
    assert scores.precision == pytest.approx(0.8)
    assert scores.extras == ("a 'something nobody annotated at all here'",)
    assert scores.misses == ()


def test_an_attribution_under_half_its_words_is_missed_and_a_speech_miss_is_listed():
    quotes = predictions(
        ("the new bridge", "Ana Lopez", "Ana Lopez"),
        ("We will not raise taxes this year, not ever", "Lopez", "Ana Lopez"),
    )
    scores = score_attributions(quotes, GOLD_ATTRIBUTIONS)
    assert scores.recall["speech"] == (0, 1) and scores.recall["direct"] == (1, 1)
    assert scores.source_right["direct"] == (0, 1)
    assert scores.misses == (
        "a speech 'the new bridge will open in the spring': source 'Mayor Ana Lopez', not found",
        "a direct 'We will not raise taxes this year, not ever': source 'the governor', Lopez (Ana Lopez)",
    )


def test_a_statement_without_a_source_wants_no_speaker_and_a_speaker_needs_a_source():
    gold = GOLD_ATTRIBUTIONS
    for speaker, right in ((UNATTRIBUTED, (1, 1)), ("analysts", (0, 1))):
        scores = score_attributions(predictions(("prices will keep rising for months", speaker, None)), gold[2:3])
        assert scores.source_right["all"] == right, speaker
    scores = score_attributions(predictions(("the new bridge will open in the spring", UNATTRIBUTED, None)), gold[:1])
    assert scores.source_right["all"] == (0, 1)
    # The source's last word among the speaker's, or the speaker's last word among the source's.
    for speaker, entity in (("Lopez", None), ("the mayor", "Ana Lopez"), ("Mayor Ana Lopez of Springfield", None)):
        scores = score_attributions(predictions(("the new bridge will open in the spring", speaker, entity)), gold[:1])
        assert scores.source_right["all"] == (1, 1), speaker


def test_no_predictions_for_an_annotated_article_scores_zero():
    scores = score_attributions(predictions(), GOLD_ATTRIBUTIONS)
    assert scores.n_predicted == 0 and scores.precision == 0 and scores.recall["all"] == (0, 4)


def test_extras_are_listed_for_every_document():
    gold = [*GOLD_ATTRIBUTIONS[:1], Attribution("b", BRIDGE, (BRIDGE,), "Mayor Ana Lopez", "said", direct=False)]
    quotes = pd.concat([predictions(("Nothing annotated said here", "x", None)),
                        predictions(("Nor here in the other one", "y", None)).assign(doc_id="b")])  # fmt: skip
    assert score_attributions(quotes, gold).extras == (
        "a 'nothing annotated said here'",
        "b 'nor here in the other one'",
    )


@pytest.mark.parametrize(
    ("output", "extra"),
    [
        ("the new bridge will be very costly indeed", False),  # four of its eight words in one shared run
        ("the new bridge will be very costly indeed now", True),  # four of nine
        ("totally unrelated", True),  # no word shared
    ],
)
def test_an_output_is_right_when_half_its_words_run_in_an_annotated_statement(output, extra):
    scores = score_attributions(predictions((output, "x", None)), GOLD_ATTRIBUTIONS[:1])
    assert bool(scores.extras) is extra


@pytest.mark.parametrize(
    ("content", "output", "found"),
    [
        ("the new bridge will open in the spring", "the new bridge will be costly", True),  # four of eight
        ("the new bridge will open in the spring", "the new bridge is costly", False),  # three of eight
        ("No.", "No", True),  # one word
        ("—", "anything at all", False),  # no words: nothing to find
        ("we will win big", "we will lose now", True),  # the shared run opens both
        ("Never again", "something else", False),
    ],
)
def test_a_statement_is_found_when_one_output_runs_over_half_its_words(content, output, found):
    gold = [Attribution("a", content, (content,), None, "said", direct=False)]
    assert score_attributions(predictions((output, UNATTRIBUTED, None)), gold).recall["all"] == (int(found), 1)


def test_a_short_statement_is_not_found_in_an_article_with_no_output():
    gold = [Attribution("a", "Never again", ("Never again",), None, "said", direct=False)]
    assert score_attributions(predictions(("unrelated words", "x", None)).assign(doc_id="b"), gold).recall["all"] == (
        0,
        1,
    )


def test_a_long_statement_with_common_words_is_found_whole():
    # Difflib's "autojunk" would drop words as common as "the" from a sequence of 200 or more.
    content = " ".join(f"the word{i} of the day" for i in range(50))
    gold = [Attribution("a", content, (content,), None, "said", direct=False)]
    assert score_attributions(predictions((content, UNATTRIBUTED, None)), gold).recall["all"] == (1, 1)
