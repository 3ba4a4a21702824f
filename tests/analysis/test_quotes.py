from __future__ import annotations

import itertools

import pandas as pd
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
    text = (
        "Namazov believes that “the worst is near\n\nThe outlet then wrote about Baku."
        "\n\n“Another quote here,” he said."
    )
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
    assert quotes["speaker_entity"].tolist() == [
        "Gurgen Simonyan",
        "Gurgen Simonyan",
        "Russian Foreign Ministry",
        "Russian Foreign Ministry",
    ]
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
    """Floors two statements under what the extractor reaches on the 71 gold statements (measured on the
    seeds_tables fixture: 69 of 71 found, all 66 predictions useful; 62 credited to the right speaker,
    6 predictions credited wrongly; kind right for 63), so losing a handful of statements fails."""
    texts = dict(zip(seeds_tables.documents["doc_id"], seeds_tables.documents["text"]))
    scores = score_quotes(seeds_tables.quotes, read_gold(ROOT / "tests/gold/seeds_quotes.jsonl"), texts=texts)
    found = round(scores.recall * scores.n_gold)
    useless = scores.n_predicted - round(scores.precision * scores.n_predicted)
    right_speaker = round(scores.speaker_recall * scores.n_gold)
    wrong_speaker = scores.n_predicted - round(scores.speaker_precision * scores.n_predicted)
    assert scores.n_gold == 71, "the floors count statements of this gold: update them with it"
    assert found >= 67 and useless <= 2, scores.misses
    assert right_speaker >= 60 and wrong_speaker <= 8, scores.misses
    assert round(scores.kind_accuracy * found) >= 61


@pytest.mark.parametrize("speaker", ["Gurgen Simonyan", "Haji Namazov", "Hakob Badalyan"])
def test_the_commentators_are_quoted_as_experts(seeds_tables, speaker):
    kinds = seeds_tables.quotes.loc[seeds_tables.quotes["speaker_entity"] == speaker, "kind"]
    assert len(kinds) >= 3 and set(kinds) == {"expert"}


# Text made of the characters the extractor reacts to, so quotes, cues and names actually occur.
QUOTEY = st.lists(
    st.sampled_from(
        [
            *'“”"‘’,.:;!? \n\t-abcdeHJN',
            *("he said", " told ", " that ", "according to ", "Namazov", "It is reported from "),
            *("''", " ― ", "Mr. ", ", who said ", ", adding that ", "WALLACE: ", " she said the ", "Namazov argued."),
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=QUOTEY, data=st.data())
def test_any_text_gives_quotes_that_are_spans_of_it(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    bounds = [0, *cuts, len(text)]
    sentences = [(a, b) for a, b in itertools.pairwise(bounds) if a < b]
    mentions = []
    for start in (i for i in range(len(text)) if text.startswith("Namazov", i)):
        sent = next(((a, b) for a, b in sentences if a <= start < b), (start, start + 7))
        mentions.append(
            Mention(
                doc_id="d",
                start=start,
                end=start + 7,
                surface="Namazov",
                label="PERSON",
                sent_start=sent[0],
                sent_end=max(sent[1], start + 7),
                entity="Haji Namazov",
            )
        )
    for q in extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.quote
        assert q.sent_start <= q.start and q.end <= q.sent_end
        assert q.kind in ("official", "expert", "media", "anonymous", "unspecified")
        assert q.speaker != UNATTRIBUTED or q.speaker_entity is None


def statements(nlp, gazetteer, text: str) -> list[tuple[str, str, str | None]]:
    """(quote, speaker as written, speaker entity) of each statement, in text order."""
    quotes = analysed(nlp, gazetteer, text).sort_values("start")
    return [(q.quote, q.speaker, None if pd.isna(q.speaker_entity) else q.speaker_entity) for q in quotes.itertuples()]


COST = "The budget will cost taxpayers billions of dollars"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # Reported speech without "that", the speaker before, after or inside the sentence.
        (
            "Senator John Smith said the government would raise taxes next year.",
            "the government would raise taxes next year.",
            "John Smith",
        ),
        (
            "Mary Jones told reporters on Monday she would vote against the budget.",
            "she would vote against the budget.",
            "Mary Jones",
        ),
        ("The budget will cost taxpayers billions of dollars, John Smith argued.", COST, "John Smith"),
        ("The budget will cost taxpayers billions of dollars, argued John Smith, a former aide.", COST, "John Smith"),
        (
            "The budget, John Smith said, would cost taxpayers billions of dollars.",
            "The budget, John Smith said, would cost taxpayers billions of dollars.",
            "John Smith",
        ),
    ],
)
def test_reported_speech_is_found_wherever_the_speaker_stands(nlp, gazetteer, text, quote, speaker):
    assert statements(nlp, gazetteer, text) == [(quote, speaker, speaker)]


def test_reported_speech_stops_at_the_next_clause_when_officials_are_cited_mid_sentence(nlp, gazetteer):
    text = "The bridge will close for repairs in May, officials said, as traffic grows every year."
    found = statements(nlp, gazetteer, text)
    assert len(found) == 1 and found[0][1] == "officials" and "bridge will close for repairs" in found[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "Mary Jones welcomed the talks with the union leaders on Monday.",  # a noun object, not a clause
        "John Smith was declared the winner of the primary by the networks.",  # passive: nobody speaks
        "Mary Jones asked John Smith to lead the delegation to Paris next week.",  # a request
    ],
)
def test_cue_words_without_a_statement_give_none(nlp, gazetteer, text):
    assert statements(nlp, gazetteer, text) == []


def test_a_quote_split_by_its_attribution_is_one_statement(nlp, gazetteer):
    text = "“We will win this state by a lot,” John Smith said. “Nobody believes the polls any more.”"
    [(quote, _, entity)] = statements(nlp, gazetteer, text)
    assert quote.startswith("We will win") and quote.endswith("any more.") and entity == "John Smith"


def test_the_speaker_after_a_finished_question_and_a_dash_credit_are_found(nlp, gazetteer):
    text = (
        "“How many times do we have to see this in our country?” Mary Jones said on Tuesday.\n\n"
        "“The debate showed us who he really is, and it was not pretty.” ― Ana Lopez"
    )
    found = statements(nlp, gazetteer, text)
    assert [s for _, s, _ in found] == ["Mary Jones", "Ana Lopez"]


def test_abbreviations_do_not_cut_the_attribution_off(nlp, gazetteer):
    text = (
        "“This agency has failed the travelling public,” Rep. John Mica (R-Fla.) said. "
        "“If you continue like this, we will act.”"
    )
    [(quote, _, entity)] = statements(nlp, gazetteer, text)
    assert entity == "John Mica" and quote.endswith("we will act.")


def test_a_paragraph_of_quotation_continues_the_previous_speaker(nlp, gazetteer):
    text = (
        '"The economy is in trouble and the people know it," John Smith said. "We need a new direction.\n\n'
        '"We need it now, before the election, and we will fight for it.'
    )
    found = statements(nlp, gazetteer, text)
    assert [entity for _, _, entity in found] == ["John Smith", "John Smith"]


@pytest.mark.parametrize("surname_label", [None, "GPE"])
def test_a_bare_surname_is_the_full_name_named_before(surname_label):
    """The model may miss the bare surname after a quote, or take it for a country ("Jordan")."""
    text = "Police Chief Chuck Jordan met the press.\n\n“We will achieve justice in this case,” Jordan said."
    sentences = [(0, 40), (42, len(text))]
    full = text.index("Chuck Jordan")
    mentions = [Mention("d", full, full + 12, "Chuck Jordan", "PERSON", 0, 40, entity="Chuck Jordan")]
    if surname_label:
        bare = text.rindex("Jordan")
        mentions.append(Mention("d", bare, bare + 6, "Jordan", surname_label, 42, len(text), entity="Jordan"))
    [quote] = extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences)
    assert (quote.speaker, quote.speaker_entity) == ("Jordan", "Chuck Jordan")


def test_a_pronoun_goes_to_the_person_of_its_sex(nlp, gazetteer):
    text = (
        "Ms. Mary Jones met John Smith in Boston on Monday. John Smith said the meeting went well.\n\n"
        "“We will not sign this deal under any circumstances,” she said."
    )
    assert statements(nlp, gazetteer, text)[-1][1:] == ("she", "Mary Jones")


def test_a_byline_is_not_an_interview_header(nlp, gazetteer):
    text = "John Smith, The Associated Press\n\n“The storm destroyed everything we had built here.”"
    assert statements(nlp, gazetteer, text)[-1][1] == UNATTRIBUTED


def test_a_description_is_not_resolved_to_the_place_it_names(nlp, gazetteer):
    text = "“The water is not safe to drink any more,” said a resident of Cambridge."
    [(_, speaker, entity)] = statements(nlp, gazetteer, text)
    assert speaker == "a resident of Cambridge" and entity is None


def test_single_quotes_and_doubled_apostrophes_are_quotations(nlp, gazetteer):
    text = (
        "‘We have never seen a storm like this one,’ John Smith said.\n\n"
        "''The water came up to the roof of the house,'' Mary Jones said."
    )
    assert [(q, e) for q, _, e in statements(nlp, gazetteer, text)] == [
        ("We have never seen a storm like this one", "John Smith"),
        ("The water came up to the roof of the house", "Mary Jones"),
    ]


def test_scare_quotes_and_titles_are_not_statements(nlp, gazetteer):
    text = (
        "On Tuesday’s episode of “The Steve Harvey Morning Show,” the host laughed. "
        "Critics say the policy treats the case as if “boys will be boys” were a rule."
    )
    assert all("Steve Harvey" not in q and q != "boys will be boys" for q, _, _ in statements(nlp, gazetteer, text))


def test_a_quoted_fragment_inside_a_reported_clause_gives_the_whole_clause(nlp, gazetteer):
    text = "John Smith said he was “totally against the war in Iraq” because it destabilized the Middle East."
    [(quote, _, entity)] = statements(nlp, gazetteer, text)
    assert quote == "he was “totally against the war in Iraq” because it destabilized the Middle East."
    assert entity == "John Smith"


@pytest.mark.parametrize("closing", ['"', "“"])
def test_a_curly_quotation_closed_by_the_wrong_mark_ends_there(closing):
    text = f'“We can win this state by a mile,{closing} said John Smith. "Nobody thought so a year ago."'
    spans = quote_spans(text)
    said = text.index("said")
    assert not in_quotes(spans, said, said + 4)
    assert in_quotes(spans, text.index("Nobody"), text.index("ago"))


def test_a_colon_introduces_the_speaker_named_before_it(nlp, gazetteer):
    text = "Here is Mary Jones in December 1992: “Our new direction must rest on the new realities of competition.”"
    assert statements(nlp, gazetteer, text)[-1][2] == "Mary Jones"


def test_a_quote_after_a_short_split_one_has_its_speaker(nlp, gazetteer):
    text = "“Elections matter,” Mary Jones said. “Look at the records of the two candidates on the economy.”"
    assert statements(nlp, gazetteer, text)[-1][2] == "Mary Jones"


def test_an_outlets_credit_to_itself_is_not_a_voice(nlp, gazetteer):
    text = "JAMnews reported that the talks in Brussels would resume next week after a long pause."
    corpus = Corpus(documents=(Document(doc_id="d", text=text, source="d.txt", outlet="JAMnews"),), errors=())
    assert analyze(corpus, nlp=nlp, gazetteer=gazetteer).quotes.empty
    assert statements(nlp, gazetteer, text)[0][1] == "JAMnews", "another outlet's report is a voice"
