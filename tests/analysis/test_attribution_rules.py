"""Who is credited with a statement, with the names given as mentions (no model): the speaker as written and
resolved, the kind of voice and the cue, for each rule of attribution the quotes module documents."""

from __future__ import annotations

import re

import pytest

from analysis.quotes import UNATTRIBUTED, extract_quotes
from analysis.types import Mention

WATER = "“The water is rising faster than anyone expected here,”"


def sentences_of(text: str) -> list[tuple[int, int]]:
    """A punctuation splitter's sentences, as the pipeline gives them (closing marks kept with the sentence)."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S[^\n]*?(?:[.?!][”\"’]?(?=\s|$)|(?=\n)|$)", text)]


def mentions_of(text: str, names: dict[str, tuple[str, str]]) -> list[Mention]:
    """Every occurrence of each surface, with its label and entity."""
    sentences = sentences_of(text)
    out = []
    for surface, (label, entity) in names.items():
        for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
            sent = next(((a, b) for a, b in sentences if a <= m.start() < b), (0, len(text)))
            out.append(Mention("d", m.start(), m.end(), surface, label, *sent, entity=entity))
    return out


def person(name: str) -> tuple[str, str]:
    return ("PERSON", name)


def credited(text: str, **names: tuple[str, str]) -> list[tuple[str, str | None, str, str | None]]:
    """(speaker as written, speaker's entity, kind, cue) of each statement, in text order; ``names`` maps a
    surface (spaces as underscores) to its (label, entity)."""
    found = extract_quotes(
        text,
        doc_id="d",
        mentions=mentions_of(text, {k.replace("_", " "): v for k, v in names.items()}),
        sentences=sentences_of(text),
    )
    return [(q.speaker, q.speaker_entity, q.kind, q.cue) for q in found]


MARY = {"Mary_Jones": person("Mary Jones")}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (f"{WATER} said Dr. Mary Jones, a hydrologist.", MARY, ("Mary Jones", "Mary Jones", "unspecified", "said")),
        (f"{WATER} Mary Jones, who runs the dam, said.", MARY, ("Mary Jones", "Mary Jones", "unspecified", "said")),
        (f"{WATER} said Mary Jones of Springfield.", {**MARY, "Springfield": ("GPE", "Springfield")},
         ("Mary Jones", "Mary Jones", "unspecified", "said")),
        (f"{WATER} Reuters reported.", {"Reuters": ("ORG", "Reuters")}, ("Reuters", "Reuters", "media", "reported")),
        (f"{WATER} sources said.", {}, ("sources", None, "anonymous", "said")),
        (f"{WATER} an official in Baku said.", {"Baku": ("GPE", "Baku")},
         ("an official in Baku", None, "official", "said")),
        (f"{WATER} Armenia said.", {"Armenia": ("GPE", "Armenia")}, ("Armenia", "Armenia", "official", "said")),
        (f"{WATER} Armenia’s Foreign Ministry said.",
         {"Armenia": ("GPE", "Armenia"), "Foreign_Ministry": ("ORG", "Foreign Ministry")},
         ("Foreign Ministry", "Foreign Ministry", "official", "said")),
        (f"{WATER} the prime minister said.", {}, ("the prime minister", None, "official", "said")),
        (f"{WATER} the members said.", {}, ("the members", None, "unspecified", "said")),
        (f"{WATER} his campaign said.", {}, ("his campaign", None, "unspecified", "said")),
        (f"{WATER} he later said.", {}, (UNATTRIBUTED, None, "unspecified", None)),
        (f"{WATER} Armenians said.", {"Armenians": ("NORP", "Armenians")},
         ("Armenians", "Armenians", "official", "said")),
        (f"{WATER} the Water Board said.", {}, ("the Water Board", None, "unspecified", "said")),
        (f"{WATER} Robert Peck, managing director and analyst at SunTrust Bank in the city, told me.",
         {"Robert_Peck": person("Robert Peck")}, ("Robert Peck", "Robert Peck", "expert", "told")),
        (f"{WATER} the people who came to the meeting in the town hall on Monday said.", {},
         (UNATTRIBUTED, None, "unspecified", None)),
        ("“The water is rising faster than anyone expected here”, said Mary Jones.", MARY,
         ("Mary Jones", "Mary Jones", "unspecified", "said")),
        (f"{WATER} said the engineer.", {}, ("the engineer", None, "unspecified", "said")),
        (f"{WATER} the envoy arrived and said.", {}, (UNATTRIBUTED, None, "unspecified", None)),
    ],
    ids=["name after the cue", "name and apposition", "name of a place", "an outlet", "anonymous",
         "an official described by a place", "a country", "a ministry of a country", "a role", "a noun phrase",
         "a possessive", "a pronoun with no one before", "a people", "an organisation the model missed",
         "a long apposition", "a long subject without a comma is no attribution", "a comma after the closing mark",
         "a description after the cue", "words that are no noun phrase"],
)  # fmt: skip
def test_the_speaker_after_a_quotation(text, names, expected):
    assert credited(text, **names) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Ministry of Water met. " + WATER + " the ministry said.", ("the ministry", "Ministry of Water")),
        ("The Ministry of Water met. " + WATER + " it said.", ("it", "Ministry of Water")),
        (WATER + " the ministry said.", ("the ministry", None)),
        ("The Ministry of Water met. The ministry said the dam would hold for a week.",
         ("The ministry", "Ministry of Water")),
        ("The Ministry of Water met. " + WATER + " said the ministry.", ("the ministry", "Ministry of Water")),
    ],
)  # fmt: skip
def test_an_institution_is_the_latest_organisation_of_its_kind_named_before(text, expected):
    names = {"Ministry_of_Water": ("ORG", "Ministry of Water")}
    assert credited(text, **names)[0][:2] == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Mary Jones and John Smith met on Monday. " + WATER + " he said.",
         {**MARY, "John_Smith": person("John Smith")}, ("he", "John Smith")),
        ("John Smith and Mary Jones met on Monday. " + WATER + " she said.",
         {**MARY, "John_Smith": person("John Smith")}, ("she", "Mary Jones")),
        ("Mr. Lee and Ms. Park met on Monday. " + WATER + " she said.",
         {"Lee": person("Tom Lee"), "Park": person("Ann Park")}, ("she", "Ann Park")),
        ("Ms. Park and Mr. Lee met on Monday. " + WATER + " he said.",
         {"Lee": person("Tom Lee"), "Park": person("Ann Park")}, ("he", "Tom Lee")),
        ("John Smith met the press. " + WATER + " they said.", {"John_Smith": person("John Smith")},
         ("they", "John Smith")),
        ("John Smith, a political analyst, spoke on Monday. " + WATER + " the analyst said.",
         {"John_Smith": person("John Smith")}, ("the analyst", "John Smith")),
    ],
    ids=["he: a man's first name", "she: a woman's first name", "she: Ms.", "he: Mr.", "they", "a role"],
)  # fmt: skip
def test_a_pronoun_or_role_is_the_person_named_before_whose_sex_agrees(text, names, expected):
    assert credited(text, **names)[0][:2] == expected


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("analyst", "expert"),
        ("a government analyst", "official"),
        ("an analyst for the government", "expert"),
    ],
    ids=["a role word alone", "the first kind word decides", "the first kind word decides, the other way"],
)
def test_the_kind_of_a_named_speaker_is_told_by_the_first_kind_word_the_text_describes_them_with(description, kind):
    text = f"Mary Jones, {description}, spoke on Monday. {WATER} she said."
    assert credited(text, **MARY) == [("she", "Mary Jones", kind, "said")]


def test_a_role_the_text_gave_a_person_makes_them_an_expert():
    text = "John Smith, a political analyst, spoke on Monday. " + WATER + " the analyst said."
    assert credited(text, John_Smith=person("John Smith"))[0][2] == "expert"


def test_a_bare_surname_is_the_full_name_named_before_even_as_a_place():
    text = "Mary Jones arrived. The dam will fail within a week, Jones said."
    assert credited(text, Mary_Jones=person("Mary Jones"), Jones=("GPE", "Jones"))[0][:2] == ("Jones", "Mary Jones")
    text = "Mary Jones and Tom Jones arrived. The dam will fail within a week, Jones said."
    found = credited(text, Mary_Jones=person("Mary Jones"), Tom_Jones=person("Tom Jones"), Jones=person("Jones"))
    assert found[0][:2] == ("Jones", "Jones"), "two full names end with it: neither is taken"


def test_a_bare_surname_taken_for_a_place_becomes_the_current_speaker_as_the_person():
    text = (
        "Mary Jones and Tom Baker arrived. The dam will fail within a week, Jones said. "
        "“We must act now before the rain comes back,” the official said."
    )
    found = credited(text, Mary_Jones=person("Mary Jones"), Tom_Baker=person("Tom Baker"), Jones=("GPE", "Jones"))
    assert [c[:2] for c in found] == [("Jones", "Mary Jones"), ("the official", "Mary Jones")]


@pytest.mark.parametrize(
    "attribution",
    [
        "the engineer, Mary Jones, 45, who runs the dam, said.",
        "Mary Jones, a former colleague of the poet John Smith, now 70, said.",
        "John Smith’s lawyer, Mary Jones, now 70, said.",
    ],
    ids=["after a description", "not a name in a long apposition", "not a name in a short one before"],
)
def test_the_speaker_is_the_name_standing_alone_in_a_part_of_the_attribution(attribution):
    names = {"John_Smith": person("John Smith"), **MARY}
    assert credited(f"{WATER} {attribution}", **names) == [("Mary Jones", "Mary Jones", "unspecified", "said")]


def test_a_surname_the_model_did_not_tag_is_the_full_name_named_before_and_becomes_the_current_speaker():
    assert credited("Mary Jones met the press. " + WATER + " Jones said.", **MARY)[0][:2] == ("Jones", "Mary Jones")
    text = (
        "Tom Baker and Mary Jones met. The dam will fail within a week, Baker said. "
        "“We must act now before the rain comes back,” the official said."
    )
    assert [c[:2] for c in credited(text, Tom_Baker=person("Tom Baker"), **MARY)] == [
        ("Baker", "Tom Baker"),
        ("the official", "Tom Baker"),
    ]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("According to Mary Jones, “the water is rising faster than anyone expected here.”", MARY,
         ("Mary Jones", "Mary Jones", "unspecified", "according to")),
        ("It is reported from Baku that “the water is rising faster than anyone expected here.”",
         {"Baku": ("GPE", "Baku")}, ("Baku", "Baku", "official", "reported")),
        ("John Smith told the council that “the water is rising faster than anyone expected here”.",
         {"John_Smith": person("John Smith")}, ("John Smith", "John Smith", "unspecified", "told")),
        ("The Azerbaijani side said: “The water is rising faster than anyone expected here.”",
         {"Azerbaijani": ("NORP", "Azerbaijani")}, ("The Azerbaijani side", None, "unspecified", "said")),
        ("Here is Mary Jones in May: “The water is rising faster than anyone expected here.”", MARY,
         ("Mary Jones", "Mary Jones", "unspecified", None)),
        ("John Smith met Mary Jones. She then firmly said: “The water is rising faster than anyone expected.”",
         {**MARY, "John_Smith": person("John Smith")}, ("She", "Mary Jones", "unspecified", "said")),
        ("Here is the Water Board in May: “The water is rising faster than anyone expected here.”",
         {"Water_Board": ("ORG", "Water Board")}, ("Water Board", "Water Board", "unspecified", None)),
        ("Mary Jones said the dam would hold for a week. John Smith said: “We must act now before the rain comes.”",
         {**MARY, "John_Smith": person("John Smith")}, ("John Smith", "John Smith", "unspecified", "said")),
        ("John Smith met Mary Jones and said “we will never accept such terms from them.”",
         {**MARY, "John_Smith": person("John Smith")}, (UNATTRIBUTED, None, "unspecified", None)),
    ],
    ids=["according to", "reported from", "a cue and that", "a people's side", "a colon",
         "a pronoun: the person named just before", "an organisation before a colon",
         "a new speaker after the current one", "a cue after and: its subject is not told"],
)  # fmt: skip
def test_the_speaker_before_a_quotation(text, names, expected):
    assert credited(text, **names)[-1] == expected


def test_a_dash_credit_names_the_speaker_and_a_lower_case_one_is_no_name():
    text = "“The water is rising faster than anyone expected here.” ― Mary Jones, hydrologist"
    assert credited(text, **MARY) == [("Mary Jones", "Mary Jones", "unspecified", "―")]
    text = "“The water is rising faster than anyone expected here.” — Tom Baker"
    assert credited(text) == [("Tom Baker", None, "unspecified", "―")]
    text = "“The water is rising faster than anyone expected here.” — a local farmer"
    assert credited(text) == [(UNATTRIBUTED, None, "unspecified", None)]
    text = "“The water is rising faster than anyone expected here.” — Dam Authority"
    assert credited(text, Dam_Authority=("ORG", "Dam Authority"))[0][:2] == ("Dam Authority", "Dam Authority")


WATER_ENDED = "“The water is rising faster than anyone expected here.”"


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (" Mary Jones said. She added that the dam is old.", [("Mary Jones", "said"), ("She", "added")]),
        (" Mary Jones said later that the dam would fail.", [(UNATTRIBUTED, None), ("Mary Jones", "said")]),
        (" Mary Jones said, “We must act now, and that is all there is to it.”", [("Mary Jones", "said")]),
        (" Mary Jones said, calling it “a flood” that came in the night.", [("Mary Jones", "said")]),
    ],
    ids=[
        "a sentence saying only who spoke",
        "a sentence saying more",
        "who spoke, then a second quotation",
        "who spoke, up to a quoted word",
    ],
)
def test_a_quotation_ending_its_sentence_is_credited_by_the_next_one_only_when_it_says_who_spoke(after, expected):
    assert [(c[0], c[3]) for c in credited(WATER_ENDED + after, **MARY)] == expected


def test_a_cue_in_the_sentence_before_does_not_credit_a_quotation_opening_its_own():
    text = "John Smith said the dam would fail. “We must act now before the rain comes back.”"
    assert [c[0] for c in credited(text, John_Smith=person("John Smith"))] == ["John Smith", UNATTRIBUTED]


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        ("“We will never leave,” Mary Jones said.", ["We will never leave"]),
        ("Mary Jones said, “we will never leave.”", ["we will never leave."]),
        ("Mary Jones said “we will never leave.”", ["we will never leave."]),
        ("Mary Jones was firm (“we will never leave”) on Monday.", ["we will never leave"]),
        ("Mary Jones painted “Stop here. We stay.” on the wall.", ["Stop here. We stay."]),
        ("Mary Jones painted “we will never leave” on the wall.", []),
        ("Mary Jones painted “we will never leave” on the wall.\n\nThe end.", []),
        ("Mary Jones painted “We will never leave.” on the wall.", []),
        ("Mary Jones backed “The Big River Plan” for years.", []),
        ("“We will stay here for good.” “We will never leave.”",
         ["We will stay here for good.” “We will never leave."]),
        ("“No,” “we will never leave,” Mary Jones said.", ["we will never leave"]),
    ],
    ids=["opening its sentence", "after a comma", "after a cue", "after a bracket", "whole sentences",
         "a fragment", "a fragment in a first paragraph", "one sentence inside another", "a name in capitals",
         "right after another quotation", "right after a short one in its sentence"],
)  # fmt: skip
def test_a_quotation_of_four_words_is_a_statement_only_where_it_stands_as_one(text, statements):
    found = extract_quotes(text, doc_id="d", mentions=mentions_of(text, {"Mary Jones": person("Mary Jones")}),
                           sentences=sentences_of(text))  # fmt: skip
    assert [q.quote for q in found] == statements


def test_a_transcripts_label_opening_the_quotation_names_the_speaker_and_is_not_quoted():
    text = "Chris Wallace met Mike Pence.\n\n“WALLACE: Will you sign the treaty this year or not?”"
    found = extract_quotes(
        text, doc_id="d", mentions=mentions_of(text, {"Chris Wallace": person("Chris Wallace")}),
        sentences=sentences_of(text),
    )  # fmt: skip
    assert [(q.quote, q.speaker, q.speaker_entity) for q in found] == [
        ("Will you sign the treaty this year or not?", "WALLACE", "Chris Wallace")
    ]


def test_a_transcripts_label_is_the_person_of_that_surname_not_the_first_person_named():
    text = "Mike Pence met Chris Wallace.\n\n“WALLACE: Will you sign the treaty this year or not?”"
    names = {"Mike_Pence": person("Mike Pence"), "Chris_Wallace": person("Chris Wallace")}
    assert credited(text, **names) == [("WALLACE", "Chris Wallace", "unspecified", None)]


def test_a_transcripts_label_is_the_last_word_of_a_longer_name():
    text = "Mike Pence met Mary Ann Jones.\n\n“JONES: Will you sign the treaty this year or not?”"
    names = {"Mike_Pence": person("Mike Pence"), "Mary_Ann_Jones": person("Mary Ann Jones")}
    assert credited(text, **names) == [("JONES", "Mary Ann Jones", "unspecified", None)]


def test_the_person_a_transcripts_label_names_is_the_one_a_pronoun_then_refers_to():
    text = (
        "Mike Pence met Chris Wallace on Sunday.\n\n“PENCE: We will sign the treaty in the spring.”\n\n"
        "Later he said that the talks had gone well."
    )
    names = {"Mike_Pence": person("Mike Pence"), "Chris_Wallace": person("Chris Wallace")}
    assert [c[:2] for c in credited(text, **names)] == [("PENCE", "Mike Pence"), ("he", "Mike Pence")]


def test_an_interview_header_credits_every_answer_after_it():
    text = (
        "Mary Jones, hydrologist\n\n“The water is rising faster than anyone expected here.”\n\n"
        "“We must act now before the rain comes back.”\n\nThe end."
    )
    assert [c[:2] for c in credited(text, **MARY)] == [("Mary Jones", "Mary Jones")] * 2


def test_a_quotation_left_open_that_runs_into_its_attribution_ends_at_the_speaker():
    text = "“The water is rising faster than anyone expected here [sic] John Smith, director of the dam, told us."
    found = extract_quotes(
        text, doc_id="d", mentions=mentions_of(text, {"John Smith": person("John Smith")}),
        sentences=sentences_of(text),
    )  # fmt: skip
    assert [(q.quote, q.speaker_entity, q.kind, q.cue) for q in found] == [
        ("The water is rising faster than anyone expected here [sic]", "John Smith", "expert", "told")
    ]


def test_a_quotation_of_four_words_left_open_still_ends_at_its_speaker_who_then_goes_on():
    text = "“We will never leave John Smith, director of the dam, told us."
    assert credited(text, John_Smith=person("John Smith")) == [("John Smith", "John Smith", "expert", "told")]
    text = (
        "Tom Baker met the press.\n\n“The water is rising faster than anyone expected here [sic] John Smith, "
        "director of the dam, told us.\n\nHe added that the dam is old."
    )
    found = credited(text, John_Smith=person("John Smith"), Tom_Baker=person("Tom Baker"))
    assert [c[:2] for c in found] == [("John Smith", "John Smith"), ("He", "John Smith")]


def test_a_person_named_in_an_open_quotation_is_not_its_speaker_by_a_cue_of_a_later_sentence():
    text = (
        "“The water is rising faster than anyone expected here, as John Smith knows. The dam is old, the engineer said."
    )
    found = extract_quotes(text, doc_id="d", mentions=mentions_of(text, {"John Smith": person("John Smith")}),
                           sentences=sentences_of(text))  # fmt: skip
    assert [(q.quote, q.speaker) for q in found] == [(text[1:], UNATTRIBUTED)]


def test_the_speaker_goes_on_across_quotations_of_the_paragraph_and_a_reported_sentence():
    text = (
        "Mary Jones opened the meeting. “The water is rising faster than anyone expected,” she said. "
        "“We must act now, before the rain comes back,” she added. Later she said that the dam might fail soon."
    )
    assert credited(text, **MARY) == [
        ("she", "Mary Jones", "unspecified", "said"),
        ("she", "Mary Jones", "unspecified", "added"),
        ("she", "Mary Jones", "unspecified", "said"),
    ]


def test_a_reported_statement_credits_the_subject_and_a_pronoun_after_it():
    text = "“The water is rising faster than anyone expected,” John Smith said. He added that the dam might fail."
    assert credited(text, John_Smith=person("John Smith")) == [
        ("John Smith", "John Smith", "unspecified", "said"),
        ("He", "John Smith", "unspecified", "added"),
    ]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("The water, Mary Jones said, is rising faster than anyone expected.", MARY, ("Mary Jones", "Mary Jones")),
        ("Mary Jones, the head of the Dam Authority, said the water is rising faster than anyone expected.",
         {**MARY, "Dam_Authority": ("ORG", "Dam Authority")}, ("Mary Jones", "Mary Jones")),
        ("Protest groups said the water is rising faster than anyone expected.", {}, ("Protest groups", None)),
        ("A resident of Springfield said the water is rising faster than anyone expected.",
         {"Springfield": ("GPE", "Springfield")}, ("A resident of Springfield", None)),
        ("The water is rising faster than anyone expected, Springfield officials said.",
         {"Springfield": ("GPE", "Springfield")}, ("Springfield officials", None)),
    ],
    ids=["interjected", "a name and its apposition", "a noun phrase", "a description naming a place",
         "officials of a place"],
)  # fmt: skip
def test_the_speaker_of_a_reported_statement(text, names, expected):
    assert [c[:2] for c in credited(text, **names)] == [expected]


@pytest.mark.parametrize(
    ("who", "names"),
    [("Mary Jones", MARY), ("the Water Board", {"Water_Board": ("ORG", "Water Board")})],
    ids=["a person", "an organisation"],
)
def test_who_after_a_name_is_the_one_it_names(who, names):
    text = f"We spoke to {who}, who said the dam would fail within a week."
    assert [c[:2] for c in credited(text, **names)] == [(who.removeprefix("the "),) * 2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Water Board met Mary Jones. " + WATER + " it said.", "Water Board"),  # not the person named since
        ("The Water Board met. “The Health Board is not telling the truth about it,” it said.", "Water Board"),
        ("The Water Board met. " + WATER + " it said. The Health Board disagreed.", "Water Board"),
    ],
    ids=["a person named since", "one named inside the quotation", "one named after"],
)
def test_it_is_the_latest_organisation_named_before_outside_quotations(text, expected):
    names = {"Water_Board": ("ORG", "Water Board"), "Health_Board": ("ORG", "Health Board"), **MARY}
    assert credited(text, **names)[0][:2] == ("it", expected)


def test_the_ministry_is_not_one_the_quotation_names():
    text = "The Ministry of Water met. “The Ministry of Health is not telling the truth about it,” the ministry said."
    names = {"Ministry_of_Water": ("ORG", "Ministry of Water"), "Ministry_of_Health": ("ORG", "Ministry of Health")}
    assert credited(text, **names)[0][:2] == ("the ministry", "Ministry of Water")


def test_the_ministry_is_the_latest_one_named_before_not_a_person_nor_one_named_after():
    text = "The Ministry of Water met Mary Jones. " + WATER + " the ministry said. The Ministry of Health disagreed."
    names = {"Ministry_of_Water": ("ORG", "Ministry of Water"), "Ministry_of_Health": ("ORG", "Ministry of Health")}
    assert credited(text, **names, **MARY)[0][:2] == ("the ministry", "Ministry of Water")


def test_the_analyst_is_the_person_introduced_as_one_before_not_the_latest_person_nor_a_later_analyst():
    text = (
        "John Smith, a political analyst, met Mary Jones, a lawyer. " + WATER + " the analyst said. "
        "Tom Baker, another analyst, disagreed."
    )
    names = {"John_Smith": person("John Smith"), "Tom_Baker": person("Tom Baker"), **MARY}
    assert credited(text, **names)[0][:2] == ("the analyst", "John Smith")


@pytest.mark.parametrize(("pronoun", "who"), [("she", "Arin Tok"), ("he", "Beru Sol")])
def test_a_role_word_tells_the_sex_of_a_name_the_lexicon_does_not_know(pronoun, who):
    text = f"Arin Tok met Beru Sol, a spokesman. {WATER} {pronoun} said."
    assert credited(text, Arin_Tok=person("Arin Tok"), Beru_Sol=person("Beru Sol"))[0][:2] == (pronoun, who)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John Smith met the press. " + WATER + " Mary Jones said. " + WATER + " he said.", ("he", "John Smith")),
        ("Mary Jones said the dam would hold for a week. Then John Smith said the dam would fail. " + WATER
         + " they said.", ("they", "John Smith")),
        ("Mary Jones said that the dam would hold for now. John Smith, who built it, met the press. " + WATER
         + " she said.", ("she", "Mary Jones")),
        ("The dam is old. John Smith welcomed the talks with Tom Baker. " + WATER + " he said.",
         ("he", "John Smith")),
        ("John Smith met Tom Baker on Monday. " + WATER + " he said.", ("he", "Tom Baker")),
        ("John Smith said the dam would hold for a week. Mary Jones met the press. " + WATER + " she said.",
         ("she", "Mary Jones")),
    ],
    ids=["he: not the speaker just quoted", "they: the latest speaker", "she: the speaker before",
         "he: one opening a sentence in which he speaks, not one named deeper",
         "he: the latest person named when no one spoke", "she: a woman named after a man who spoke"],
)  # fmt: skip
def test_a_pronoun_after_several_speakers(text, expected):
    assert credited(text, John_Smith=person("John Smith"), Tom_Baker=person("Tom Baker"), **MARY)[-1][:2] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A statement from Mary Jones:\n\n“We will never accept such terms from them.”\n\nThe end.",
         ("Mary Jones", "Mary Jones", "unspecified", None)),
        ("The ministry said:\n\n“We will never accept such terms from them.”",
         ("The ministry", None, "official", "said")),
        ("A statement from Mary Jones:\n“We will never accept such terms from them.”",
         ("Mary Jones", "Mary Jones", "unspecified", None)),
    ],
    ids=["a name before the colon", "a cue before the colon", "a single line break"],
)  # fmt: skip
def test_a_paragraph_ending_with_a_colon_introduces_the_quotation_after_it(text, expected):
    assert credited(text, **MARY) == [expected]


@pytest.mark.parametrize(
    ("who", "names"),
    [("Mary Jones", MARY), ("The Water Board", {"Water_Board": ("ORG", "Water Board")})],
    ids=["a person", "an organisation"],
)
def test_a_colons_introduction_names_the_speaker_even_with_a_quoted_word_between_them(who, names):
    text = f"{who} wrote of the “disaster” in a letter:\n\n“We will never accept such terms from them.”"
    entity = who.removeprefix("The ")
    assert credited(text, **names) == [(entity, entity, "unspecified", None)]


@pytest.mark.parametrize(
    "text",
    [
        "“Elections matter a great deal,” Mary Jones said.\n\n“Look at the records of the two candidates.”",
        "The vote is near.\n\n“Elections matter a great deal,” Mary Jones said.\n\n“Look at the records of the two.”",
        "Mary Jones, staff reporter\n\n“We will never accept such terms from them.”",  # a byline
        "Mary Jones met the press on Monday.\n\n“We will never accept such terms from them.”",  # no header
    ],
    ids=[
        "a closed quotation's speaker",
        "a closed quotation's speaker, third paragraph",
        "a byline",
        "a sentence naming someone",
    ],
)
def test_a_quotation_opening_a_paragraph_is_not_credited_to_the_paragraph_before(text):
    assert credited(text, **MARY)[-1] == (UNATTRIBUTED, None, "unspecified", None)


def test_an_organisation_reporting_does_not_become_the_person_a_pronoun_refers_to():
    text = (
        "Mary Jones met the press. The Ministry of Water said that the dam would hold for now. " + WATER + " she said."
    )
    found = credited(text, Ministry_of_Water=("ORG", "Ministry of Water"), **MARY)
    assert [c[:2] for c in found] == [("Ministry of Water", "Ministry of Water"), ("she", "Mary Jones")]


PEOPLE = {"Arin_Tok": person("Arin Tok"), "Beru_Sol": person("Beru Sol"), "John_Smith": person("John Smith"),
          "Tom_Baker": person("Tom Baker"), **MARY}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (WATER + " Mary Jones said. She then met John Smith. “We must act now before the rain comes back,” the "
         "official said.", PEOPLE, ("the official", "Mary Jones")),
        ("John Smith met the press. " + WATER + " he said. Later Tom Baker arrived.", PEOPLE, ("he", "John Smith")),
        ("Beru Sol, a spokesman, met the city’s spokeswoman, Arin Tok. " + WATER + " he said.", PEOPLE,
         ("he", "Beru Sol")),
        ("Beru Sol, a spokeswoman, met with Arin Tok. " + WATER + " he said.", PEOPLE, ("he", "Arin Tok")),
        ("The spokeswoman Arin Tok arrived. Later the spokesman Beru Sol arrived. " + WATER + " she said.", PEOPLE,
         ("she", "Arin Tok")),
    ],
    ids=["a role: the current speaker, not the latest name", "not a person named after", "a role word with a comma",
         "a role word three words before is someone else's", "a role word just before the name"],
)  # fmt: skip
def test_who_a_pronoun_or_role_refers_to(text, names, expected):
    assert credited(text, **names)[-1][:2] == expected


def test_a_place_ending_with_the_surname_does_not_hide_the_person():
    text = "Tom Baker visited Lake Baker. " + WATER + " Baker said."
    found = credited(text, Tom_Baker=person("Tom Baker"), Lake_Baker=("GPE", "Lake Baker"))
    assert found[0][:2] == ("Baker", "Tom Baker")


def test_a_surname_known_only_as_a_mentions_full_name_resolves_where_the_model_missed_it():
    text = "Chief Jordan met the press. " + WATER + " Jordan said."
    tagged = text.index("Jordan")
    mentions = [Mention("d", tagged, tagged + 6, "Jordan", "PERSON", 0, 27, entity="Chuck Jordan")]
    (quote,) = extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences_of(text))
    assert (quote.speaker, quote.speaker_entity) == ("Jordan", "Chuck Jordan")


def test_a_woman_named_by_her_surname_alone_is_still_no_he():
    text = "Mary Jones met John Smith. Jones left early. " + WATER + " he said."
    mentions = mentions_of(text, {"Mary Jones": person("Mary Jones"), "John Smith": person("John Smith")})
    bare = text.index("Jones left")
    mentions.append(Mention("d", bare, bare + 5, "Jones", "PERSON", bare, bare + 17, entity="Mary Jones"))
    (quote,) = extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences_of(text))
    assert (quote.speaker, quote.speaker_entity) == ("he", "John Smith")


ACT = "“We must act now before the rain comes back,”"


@pytest.mark.parametrize(
    "text",
    [
        f"Mary Jones met John Smith. {WATER} she said. {ACT} the official said.",
        f"The dam will hold for a week at most, Mary Jones said. John Smith met the press. {ACT} the official said.",
    ],
    ids=["credited through a pronoun", "a reported statement"],
)
def test_a_person_credited_becomes_the_current_speaker_a_role_refers_to(text):
    assert credited(text, John_Smith=person("John Smith"), **MARY)[-1][:2] == ("the official", "Mary Jones")


def test_a_second_quotation_of_the_paragraph_goes_on_in_the_same_voice_however_far_from_the_first():
    text = (
        "“We will stay here for good,” said Mary Jones. She spoke for an hour about the dam and the rain and the "
        "river and the fields. “We will never leave this valley.”\n\nThe end."
    )
    assert [c[:2] for c in credited(text, **MARY)] == [("Mary Jones", "Mary Jones")] * 2


def test_the_ministry_is_an_organisation_with_ministry_in_its_name_not_the_latest_one():
    text = f"The Ministry of Water met the Dam Authority. {WATER} the ministry said."
    names = {"Ministry_of_Water": ("ORG", "Ministry of Water"), "Dam_Authority": ("ORG", "Dam Authority")}
    assert credited(text, **names)[0][:2] == ("the ministry", "Ministry of Water")


def test_a_word_and_a_colon_opening_a_quotation_stay_in_it_when_no_one_of_that_name_speaks():
    text = "“Note: we will stay here for good and never leave,” Mary Jones said."
    (quote,) = extract_quotes(text, doc_id="d", mentions=mentions_of(text, {"Mary Jones": person("Mary Jones")}),
                              sentences=sentences_of(text))  # fmt: skip
    assert (quote.quote, quote.speaker_entity) == ("Note: we will stay here for good and never leave", "Mary Jones")


def test_a_statement_nobody_is_credited_with_has_no_cue():
    # The subject "The envoy arrived and" is no noun phrase: the statement stays unattributed, never guessed.
    text = "The envoy arrived and said that the talks in Geneva had failed badly."
    found = credited(text)
    assert found and all(cue is None for speaker, _, _, cue in found if speaker == UNATTRIBUTED)


def test_a_cue_in_the_next_paragraph_does_not_credit_a_quotation_standing_alone():
    text = "“We will never leave this valley, not ever.”\n\nMary Jones said so.\n\nThe end."
    assert credited(text, **MARY) == [(UNATTRIBUTED, None, "unspecified", None)]


def test_a_statements_sentence_is_the_one_it_stands_in_and_all_of_them_for_a_quotation_across_several():
    text = "Mary Jones said the water is rising fast. The dam is old. “We must act now. The rain comes back,” she said."
    found = extract_quotes(text, doc_id="d", mentions=mentions_of(text, {"Mary Jones": person("Mary Jones")}),
                           sentences=sentences_of(text))  # fmt: skip
    assert [text[q.sent_start : q.sent_end] for q in found] == [
        "Mary Jones said the water is rising fast.",
        "“We must act now. The rain comes back,” she said.",
    ]


RISING = "“the water is rising faster than anyone expected here.”"


def test_a_quotation_after_a_bare_cue_goes_on_in_the_voice_of_the_current_speaker_with_that_cue():
    text = f"Mary Jones said: “The dam will hold this week,” adding that {RISING}"
    assert credited(text, **MARY)[-1] == ("Mary Jones", "Mary Jones", "unspecified", "adding")


def test_a_bare_cue_with_no_speaker_yet_credits_no_one():
    assert (
        credited(f"“The dam will hold this week,” adding that {RISING}")
        == [(UNATTRIBUTED, None, "unspecified", None)] * 2
    )


def test_a_long_subject_without_a_comma_is_no_attribution_even_when_it_ends_with_a_role():
    text = f"{WATER} the farmers who stood in the rain all morning beside the prime minister said."
    assert credited(text) == [(UNATTRIBUTED, None, "unspecified", None)]


def test_a_name_after_a_quotation_is_the_mention_there_not_the_same_word_later_in_the_text():
    # The model took the first "Jordan" for a person and the second for the country.
    text = f"{WATER} Jordan said. He flew home from Jordan on Monday."
    sentences = sentences_of(text)
    mentions = [
        Mention("d", at, at + 6, "Jordan", label, *sentence, entity="Jordan")
        for at, label, sentence in ((text.index("Jordan"), "PERSON", sentences[0]),
                                    (text.rindex("Jordan"), "GPE", sentences[1]))
    ]  # fmt: skip
    (quote,) = extract_quotes(text, doc_id="d", mentions=mentions, sentences=sentences)
    assert (quote.speaker_entity, quote.kind) == ("Jordan", "unspecified")


def test_who_before_the_cue_is_the_person_named_earlier_in_the_sentence():
    text = f"Among the people at the meeting was Mary Jones, an engineer from the valley, who said: {RISING}"
    assert credited(text, **MARY) == [("Mary Jones", "Mary Jones", "unspecified", "said")]


def test_a_transcripts_label_ending_with_an_x_names_the_person():
    text = "Laura Cox joined the panel.\n\n“COX: The water is rising faster than anyone expected here.”"
    assert credited(text, Laura_Cox=person("Laura Cox")) == [("COX", "Laura Cox", "unspecified", None)]


def test_a_bare_surname_resolves_to_a_full_name_of_three_words():
    text = f"Mary Ann Jones runs the dam.\n\n{WATER} Jones said."
    assert credited(text, Mary_Ann_Jones=person("Mary Ann Jones"))[-1][:2] == ("Jones", "Mary Ann Jones")


def test_according_to_in_a_later_sentence_names_the_speaker():
    text = f"The dam held on Monday. According to Mary Jones, {RISING}"
    assert credited(text, **MARY) == [("Mary Jones", "Mary Jones", "unspecified", "according to")]


def test_he_after_a_sentence_reported_by_a_man_about_a_woman_is_the_man():
    # The sentence's statement and its subject start at the same place: both are candidates for "he".
    text = f"Mary Jones left early, John Smith said. {WATER} he said."
    assert credited(text, John_Smith=person("John Smith"), **MARY)[-1][:2] == ("he", "John Smith")


@pytest.mark.parametrize(
    "text",
    [
        "Mary Jones said the dam will hold, and the farmers who live on the far side of the river said it will fail.",
        "People living on the other side of the border said that the shelling went on all night.",
    ],
)
def test_where_someone_lives_is_never_the_speaker(text):
    assert all("side" not in speaker for speaker, *_ in credited(text, **MARY))


def test_a_description_that_runs_on_is_credited_whole():
    text = "Diplomats from the Armenian side said that the talks were useful."
    assert credited(text)[0][0] == "Diplomats from the Armenian side"
