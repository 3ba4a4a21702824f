from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import Corpus, Document, analyze
from analysis.quote_scoring import read_gold, score_quotes
from analysis.quotes import UNATTRIBUTED, extract_quotes, in_quotes, quote_spans
from analysis.types import Mention
from tests.conftest import ROOT

TEXT = (
    "Baku said talks go on. “Khankendi will be finished,” he said.\n\n"
    "“A long quote opens here.\n\n“It reopens at each paragraph and closes once in Stepanakert.”\n\n"
    'The outlet wrote Stepanakert. A "short Lachin quote" ends here.'
)


def spans_of(word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def test_quoted_names_are_told_from_the_outlets_own_words():
    spans = quote_spans(TEXT)
    assert in_quotes(spans, *spans_of("Khankendi"))
    assert in_quotes(spans, *spans_of("Stepanakert", 0)), "a multi-paragraph quote runs to its closing mark"
    assert not in_quotes(spans, *spans_of("Stepanakert", 1))
    assert not in_quotes(spans, *spans_of("Baku"))
    assert in_quotes(spans, *spans_of("Lachin"))


def test_an_unclosed_quote_ends_with_its_paragraph():
    text = "Namazov believes that “the worst is near\n\nThe outlet then wrote about Baku.\n\n“Another quote here,” he said."
    spans = quote_spans(text)
    baku = text.index("Baku")
    assert not in_quotes(spans, baku, baku + 4)


def analysed(nlp, gazetteer, text: str):
    corpus = Corpus(documents=(Document(doc_id="d", text=text, source="d.txt"),), errors=())
    return analyze(corpus, nlp=nlp, gazetteer=gazetteer).quotes


def test_pronouns_and_roles_resolve_to_the_speaker_named_before(nlp, gazetteer):
    quotes = analysed(
        nlp,
        gazetteer,
        "Political scientist Gurgen Simonyan believes that the report is part of an information war.\n\n"
        "“The US can put forward an ultimatum demand, but I don’t think it was done,” he told JAMnews.\n\n"
        "Reports of Biden administration officials making threats of renewed bloodshed in Nagorno-Karabakh are "
        "troubling, a Russian Foreign Ministry spokesperson has told Sputnik.\n"
        "“We are concerned about the information which has appeared in the media,” the ministry said.",
    ).sort_values("start")
    assert quotes["speaker_entity"].tolist() == ["Gurgen Simonyan", "Gurgen Simonyan", "Russian Foreign Ministry", "Russian Foreign Ministry"]
    assert quotes["speaker"].tolist()[1::2] == ["he", "the ministry"]
    assert quotes["cue"].tolist() == ["believes", "told", "told", "said"]
    assert quotes["kind"].tolist() == ["expert", "expert", "official", "official"]


def test_unknown_speakers_stay_unattributed_and_sources_are_classified(nlp, gazetteer):
    quotes = analysed(
        nlp,
        gazetteer,
        "Armenia was left “to the mercy of Western sponsors and their plans” last year.\n\n"
        "Stepanakert will refuse the offer, according to informed sources.\n\n"
        "RIA Novosti reported that Washington is trying to force a meeting.",
    ).sort_values("start")
    assert quotes["speaker"].tolist() == [UNATTRIBUTED, "informed sources", "RIA Novosti"]
    assert quotes["speaker_entity"].isna().tolist() == [True, True, False]
    assert quotes["kind"].tolist() == ["unspecified", "anonymous", "media"]


def test_every_quote_is_its_span_of_the_text(seeds_tables):
    texts = dict(zip(seeds_tables.documents["doc_id"], seeds_tables.documents["text"]))
    quotes = seeds_tables.quotes
    assert len(quotes) > 0
    for q in quotes.itertuples():
        assert texts[q.doc_id][q.start : q.end] == q.quote
        assert q.sent_start <= q.start and q.end <= q.sent_end


def test_quotes_on_the_seeds_match_the_gold_with_their_speakers(seeds_tables):
    """Floors two statements under what the extractor reaches on the 70 gold statements (measured on the
    seeds_tables fixture: 67 of 70 found, 67 of 67 predictions useful; 60 credited to the right speaker,
    7 predictions credited wrongly; kind right for 61), so losing a handful of statements fails."""
    texts = dict(zip(seeds_tables.documents["doc_id"], seeds_tables.documents["text"]))
    scores = score_quotes(seeds_tables.quotes, read_gold(ROOT / "tests/gold/seeds_quotes.jsonl"), texts=texts)
    found = round(scores.recall * scores.n_gold)
    useless = scores.n_predicted - round(scores.precision * scores.n_predicted)
    right_speaker = round(scores.speaker_recall * scores.n_gold)
    wrong_speaker = scores.n_predicted - round(scores.speaker_precision * scores.n_predicted)
    assert scores.n_gold == 70, "the floors count statements of this gold: update them with it"
    assert found >= 65 and useless <= 2, scores.misses
    assert right_speaker >= 58 and wrong_speaker <= 9, scores.misses
    assert round(scores.kind_accuracy * found) >= 59


@pytest.mark.parametrize("speaker", ["Gurgen Simonyan", "Haji Namazov", "Hakob Badalyan"])
def test_the_commentators_are_quoted_as_experts(seeds_tables, speaker):
    kinds = seeds_tables.quotes.loc[seeds_tables.quotes["speaker_entity"] == speaker, "kind"]
    assert len(kinds) >= 3 and set(kinds) == {"expert"}


# Text made of the characters the extractor reacts to, so quotes, cues and names actually occur.
QUOTEY = st.lists(
    st.sampled_from([*"“”\"‘’,.:;!? \n\t-abcdeHJN", "he said", " told ", " that ", "according to ", "Namazov", "It is reported from "]),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=QUOTEY, data=st.data())
def test_any_text_gives_quotes_that_are_spans_of_it(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    bounds = [0, *cuts, len(text)]
    sentences = [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]
    mentions = []
    for start in (i for i in range(len(text)) if text.startswith("Namazov", i)):
        sent = next(((a, b) for a, b in sentences if a <= start < b), (start, start + 7))
        mentions.append(Mention(doc_id="d", start=start, end=start + 7, surface="Namazov", label="PERSON",
                                sent_start=sent[0], sent_end=max(sent[1], start + 7), entity="Haji Namazov"))
    for q in extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.quote
        assert q.sent_start <= q.start and q.end <= q.sent_end
        assert q.kind in ("official", "expert", "media", "anonymous", "unspecified")
        assert q.speaker != UNATTRIBUTED or q.speaker_entity is None
