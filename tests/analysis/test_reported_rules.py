"""Reported speech as the reported module finds it, one sentence at a time (no model): the statement's text,
the words naming who spoke, and the cue, for each place the speaker can stand; and what is not a statement."""

from __future__ import annotations

import pytest

from analysis.reported import attribution_clause, attribution_end, bare_attribution, reported_clauses

TALKS = "the talks in Geneva would resume soon."


def said(text: str, *, skip: list[tuple[int, int]] | None = None) -> list[tuple[str, str, str, bool]]:
    """(statement, who, cue, embedded) of each reported statement of ``text`` taken as one sentence."""
    clauses = reported_clauses(text, [(0, len(text))], skip=skip or [])
    return [(text[c.start : c.end], text[c.who_start : c.who_end].strip(), c.cue, c.embedded) for c in clauses]


@pytest.mark.parametrize(
    ("text", "statement", "who", "cue"),
    [
        ("The envoy told Sputnik that the talks in Geneva would resume soon.", TALKS, "The envoy", "told"),
        ("The envoy says to the press that the talks in Geneva would resume soon.", TALKS, "The envoy", "says"),
        ("The envoy told the press in a statement that the talks would resume.", "the talks would resume.",
         "The envoy", "told"),
        ("Mary Jones said on Monday in an interview with CNN that the talks had failed.", "the talks had failed.",
         "Mary Jones", "said"),
        ("The envoy said the talks in Geneva would resume soon.", TALKS, "The envoy", "said"),
        ("The envoy repeatedly said the talks in Geneva would resume soon.", TALKS, "The envoy repeatedly", "said"),
        ("The envoy warned reporters the talks in Geneva would resume soon.", TALKS, "The envoy", "warned"),
        ("The envoy, a former minister, said the talks in Geneva would resume soon.", TALKS,
         "The envoy, a former minister,", "said"),
        ("Mary Jones said in a statement the talks had failed badly.", "the talks had failed badly.", "Mary Jones",
         "said"),
        ("The envoy thinks there is a chance the talks will resume.", "there is a chance the talks will resume.",
         "The envoy", "thinks"),
        ("The envoy said 12 rounds of talks had failed so far.", "12 rounds of talks had failed so far.", "The envoy",
         "said"),
        ("The envoy said whether the talks resume depends on Moscow.", "whether the talks resume depends on Moscow.",
         "The envoy", "said"),
        ("The envoy said, “the talks will resume in Geneva soon.”", "“the talks will resume in Geneva soon.”",
         "The envoy", "said"),
    ],
    ids=["that after an object", "that after to the press", "that after a statement", "that after when and where",
         "no that", "an adverb", "an object cue", "an apposition", "in a statement", "there", "a number", "whether",
         "a quotation mark"],
)  # fmt: skip
def test_a_speaker_before_the_cue_reports_the_clause_after_it(text, statement, who, cue):
    assert said(text) == [(statement, who, cue, False)]


@pytest.mark.parametrize(
    ("text", "who", "cue"),
    [
        ("The talks in Geneva will resume soon, the envoy said on Tuesday.", "the envoy", "said"),
        ("The talks in Geneva will resume soon, the envoy has said.", "the envoy", "said"),
        ("The talks in Geneva will resume soon, the envoy said to reporters.", "the envoy", "said"),
        ("The talks in Geneva will resume soon, a Foreign Ministry spokesperson has told Sputnik.",
         "a Foreign Ministry spokesperson", "told"),
        ("The talks in Geneva will resume soon, argued John Smith, a former aide.", "John Smith", "argued"),
        ("The talks in Geneva will resume soon, said John Smith.", "John Smith", "said"),
        ("The talks in Geneva will resume soon, according to the envoy who led them.", "the envoy who led them",
         "according to"),
    ],
    ids=["said on Tuesday", "has said", "said to", "has told", "inverted, apposition", "inverted", "according to"],
)  # fmt: skip
def test_a_speaker_after_the_statement_credits_all_before_the_comma(text, who, cue):
    assert said(text) == [("The talks in Geneva will resume soon", who, cue, False)]


@pytest.mark.parametrize(
    ("text", "who", "cue"),
    [
        ("According to the envoy, the talks in Geneva would resume soon.", "the envoy", "according to"),
        ("In the words of the envoy, the talks in Geneva would resume soon.", "the envoy", "according to"),
        ("It is reported from Geneva that the talks in Geneva would resume soon.", "Geneva", "reported"),
        ("It has been said in Geneva the talks in Geneva would resume soon.", "Geneva", "said"),
    ],
)
def test_a_source_introduced_before_the_statement(text, who, cue):
    assert said(text) == [(TALKS, who, cue, False)]


@pytest.mark.parametrize(
    ("text", "who", "cue"),
    [
        ("The talks, the envoy said on Monday, will resume in Geneva soon.", "the envoy", "said"),
        ("The talks, officials have said, will resume in Geneva soon.", "officials", "said"),
        ("The talks will resume in Geneva, officials said, as the fighting eases.", "officials", "said"),
        ("The talks, the chief envoy of Norway said, will resume in Geneva soon.", "the chief envoy of Norway", "said"),
    ],
)
def test_a_speaker_set_off_by_commas_inside_the_sentence_reports_all_of_it(text, who, cue):
    assert said(text) == [(text, who, cue, False)]


def test_a_second_cue_after_a_comma_is_someone_else_reporting_and_the_first_clause_ends_at_the_comma():
    text = "The envoy said that the talks would resume soon, and the minister added that no date was set yet."
    assert said(text) == [
        ("the talks would resume soon", "The envoy", "said", False),
        ("no date was set yet.", "and the minister", "added", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "John Smith said nothing about it.",  # a clause needs a subject or "that"
        "John Smith said Tuesday.",
        "The talks will resume in Geneva soon, the envoy who is in charge said.",  # a verb: not a speaker
        "The envoy is said the talks in Geneva would resume soon.",  # is said: no speaker
        "The envoy denied the talks in Geneva had collapsed at all.",  # a noun object without that
        "Mary Jones asked John Smith to lead the delegation to Paris next week.",  # a request
        "The envoy said that it was over.",  # under four words
        "Said the envoy that the talks in Geneva would resume soon.",  # no one before the cue
        "The talks, the envoy who led them said, will resume in Geneva soon.",  # too long a subject to interject
        "The talks will resume, the envoy and the minister said, in Geneva soon.",
    ],
)
def test_not_a_reported_statement(text):
    assert said(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy said that the talks would resume soon, not in May; not in June; the minister added that no date "
         "was set for the next round, not even in July; nothing more.",
         [("the talks would resume soon", "The envoy"),
          ("no date was set for the next round, not even in July; nothing more.", "the minister")]),
        ("The envoy, a former minister, said that the talks would resume soon, and the minister added that no date "
         "was set for the next round of talks.",
         [("the talks would resume soon", "The envoy, a former minister,"),
          ("no date was set for the next round of talks.", "and the minister")]),
        ("The envoy said that the talks would resume, the minister added that no date was set, and the mayor noted "
         "that the hotels in the city were all full.",
         [("the talks would resume", "The envoy"), ("no date was set", "the minister"),
          ("the hotels in the city were all full.", "and the mayor")]),
    ],
    ids=["after a semicolon", "after the last comma", "three speakers"],
)  # fmt: skip
def test_each_later_speaker_is_named_after_the_last_comma_or_semicolon_before_the_cue(text, expected):
    assert [(statement, who) for statement, who, _, _ in said(text)] == expected


def test_and_said_goes_on_in_the_same_voice_unless_it_is_the_first_cue():
    assert said("The envoy said that the talks had failed and said that no date was set.") == [
        ("the talks had failed and said that no date was set.", "The envoy", "said", False)
    ]
    assert said("The envoy arrived and said that the talks in Geneva had failed badly.") == [
        ("the talks in Geneva had failed badly.", "The envoy arrived and", "said", False)
    ]


def test_a_name_after_a_comma_and_a_cue_is_an_attribution_not_a_statement():
    assert said("We will win, said Mary Jones Smith Brown, director of the campaign.") == []
    assert said("The envoy said Mary Jones would lead the talks in Geneva.") == [
        ("Mary Jones would lead the talks in Geneva.", "The envoy", "said", False)
    ]


def test_a_name_after_a_quotation_and_its_cue_is_the_attribution_and_later_cues_still_count():
    assert said("“We will win this state,” said Mary Jones, director of the campaign.") == []
    for text in (
        "“We will win this state,” said Mary Jones, and John Smith said the polls in the state were all wrong.",
        "Mary Jones told John Smith to lead the talks, and she said the polls in the state were all wrong.",
    ):
        assert [(statement, cue) for statement, _, cue, _ in said(text)] == [
            ("the polls in the state were all wrong.", "said")
        ]


def test_that_after_a_comma_opens_the_statement():
    assert said("Mary Jones said on Monday, that the talks in Geneva had failed.") == [
        ("the talks in Geneva had failed.", "Mary Jones", "said", False)
    ]
    assert said("Mary Jones said on Monday, that “the talks in Geneva had failed,” and left.") == [
        ("“the talks in Geneva had failed,” and left.", "Mary Jones", "said", False)
    ]


def test_a_sentence_opening_with_its_cue_still_reports_the_later_speakers():
    assert said("said Mary Jones, and John Smith said the polls in the state were all wrong.") == [
        ("the polls in the state were all wrong.", "and John Smith", "said", True)
    ]


def test_the_first_statement_ends_at_the_comma_before_the_next_speaker_not_after_its_cue():
    text = "The envoy said the talks would resume soon, and the minister said on Monday, the date was not set yet."
    assert [statement for statement, _, _, _ in said(text)] == [
        "the talks would resume soon",
        "the date was not set yet.",
    ]


def test_a_sentence_overlapping_a_direct_quotation_is_left_to_it():
    text = "The envoy said the talks in Geneva would resume soon."
    assert said(text, skip=[(10, 20)]) == []
    assert said(text, skip=[(len(text), len(text) + 5)]) == said(text) != []
    first = "The envoy arrived. "
    text = first + "The envoy said the talks in Geneva would resume soon."
    clauses = reported_clauses(text, [(0, len(first)), (len(first), len(text))], skip=[(0, len(first))])
    assert [text[c.start : c.end] for c in clauses] == [TALKS], "the sentence right after a quotation's is read"


def test_each_sentence_is_read_on_its_own():
    first = "The envoy said the talks in Geneva would resume soon."
    text = first + " Mary Jones said that nothing was agreed yet."
    clauses = reported_clauses(text, [(0, len(first)), (len(first) + 1, len(text))])
    assert [(text[c.start : c.end], text[c.who_start : c.who_end].strip()) for c in clauses] == [
        (TALKS, "The envoy"),
        ("nothing was agreed yet.", "Mary Jones"),
    ]


def test_the_statement_does_not_start_or_end_on_a_comma_colon_or_space():
    assert (
        said("The talks in Geneva will resume soon , the envoy said.")[0][0] == "The talks in Geneva will resume soon"
    )
    assert said("According to the envoy, ;  the talks in Geneva would resume soon.")[0][0] == TALKS


@pytest.mark.parametrize(
    "statement", ["Xi Jinping will visit Geneva next week", "The talks will move to Room X", "The council vote was 9:6"]
)
def test_the_statement_keeps_its_first_and_last_characters(statement):
    assert said(f"{statement}, officials said.") == [(statement, "officials", "said", False)]


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        (" Mary Jones said.", True),
        (" Mary Jones told the Associated Press in an interview aired on Monday night.", True),
        (" The head of the city council said today.", True),  # eight words
        (" The city council head said in a long interview on Monday.", True),  # four words before the cue
        (" The head of city council said in a long interview on Monday.", False),  # five before, long
        (" Mary Jones said that the talks would resume soon.", False),
        (" The talks will resume in Geneva soon after the holiday, the envoy told the press.", False),
        (" The weather was fine and the talks went on.", False),
    ],
)
def test_a_bare_attribution_only_says_who_spoke(sentence, bare):
    assert bare_attribution(sentence) is bare


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ("“We will win,” Mary Jones said. The next day she left.", ",” Mary Jones said."),
        ("“We will win.” Mary Jones said. The next day she left.", " Mary Jones said."),
        ("“We will win,” she said, and left.\n\nThe next day she came back.", ",” she said, and left."),
        ("“We will win,” she said", ",” she said"),
        ("Intro line.\n\n“We will win,” Mary Jones said. The next day she left.", " Mary Jones said."),
        ("“We will win,” she said\n\nThe next day she came back.\n\nThe end.", " she said"),
        ("“We will win,” the long-serving mayor of the old town Springfield said on Monday night. She left.",
         " the long-serving mayor of the old town Springfield said on Monday night."),
        ("“We will win,” Mayor Ann Brown of the old town of Springfield said on Monday night. She left.",
         " Mayor Ann Brown of the old town of Springfield said on Monday night."),
        ("“We will win.” and then the crowd cheered for a long while. Later it rained.",
         " and then the crowd cheered for a long while."),
    ],
    ids=["its sentence", "a bare attribution", "its paragraph", "no full stop", "after a paragraph", "no stop before "
         "the break", "a long one",
         "a long one named", "a lower-case sequel"],
)  # fmt: skip
def test_the_attribution_after_a_quotation_runs_to_its_sentence_end(text, attribution):
    quote_end = text.index("”") + 1
    assert text[quote_end : attribution_end(text, text.index("“"), quote_end)] == attribution.removeprefix(",”")


@pytest.mark.parametrize(
    "text",
    [
        "“We will win.” The next day she left for Paris.",  # a finished quotation, a new sentence
        "“We will win.” She said that the talks would resume soon.",  # says more than who spoke
    ],
)
def test_a_sentence_after_a_finished_quotation_is_not_its_attribution(text):
    quote_end = text.index("”") + 1
    assert attribution_end(text, 0, quote_end) == quote_end


@pytest.mark.parametrize(
    ("tail", "statement", "who", "cue"),
    [
        (",” Mr. Ackman said, adding that investors would lose money.", "investors would lose money.", "Mr. Ackman",
         "adding"),
        (",” said Ahmad Alili, noting the talks had stalled for months.", "the talks had stalled for months.",
         "Ahmad Alili", "noting"),
        (",” said John Smith, who also said the talks had stalled for months.", "the talks had stalled for months.",
         "John Smith", "said"),
    ],
)  # fmt: skip
def test_a_statement_reported_in_a_quotations_attribution(tail, statement, who, cue):
    text = "“We will win" + tail
    end = text.index("”") + 1
    clause = attribution_clause(text, end, len(text))
    assert clause is not None
    assert (text[clause.start : clause.end], text[clause.who_start : clause.who_end].strip(" ,”"), clause.cue) == (
        statement,
        who,
        cue,
    )


@pytest.mark.parametrize(
    "tail",
    [
        ",” Mr. Ackman said, adding that it was over.",  # under four words
        ",” Mr. Ackman said.",  # no second cue
        ",” Mr. Ackman said. Later, adding that investors would lose money, he left.",  # not in the attribution
        ",” adding that investors would lose a lot of money.",  # no cue of the quotation before it
    ],
)
def test_no_statement_in_an_attribution_without_a_second_clause(tail):
    text = "“We will win" + tail
    end = text.index("”") + 1
    assert attribution_clause(text, end, attribution_end(text, 0, end)) is None
