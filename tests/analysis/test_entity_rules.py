"""The rules of entity extraction and merging, one by one, on hand-built docs (spaCy's tokenizer with the
entities set by hand, so each rule is tested without depending on what the model happens to find):
institutions keep their nation, "Council Samvel Shahramanyan" splits, spans are trimmed, diseases named
after places are not places; and merging: plurals of groups, the most used casing of an organisation,
transliteration variants, surnames of three-word names and in Cyrillic letters, Russian names by their
dictionary form, the script a person written in two is named in."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from analysis.entities import (
    NameCounts,
    canonicalise,
    document_names,
    extract_mentions,
    merge_names,
    read_aliases,
    same_person,
)
from analysis.errors import InputError
from analysis.types import Mention

BLANK = spacy.blank("en")


def doc_with(text: str, *entities: tuple[str, str]) -> Doc:
    """``text`` tokenised, its sentences ending at ". ", and ``entities`` ((surface, label), each at its first
    occurrence) set as the doc's entities."""
    doc = BLANK(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    spans = []
    for surface, label in entities:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label, alignment_mode="expand")
        assert span is not None and span.text == surface, surface
        spans.append(span)
    doc.ents = spans
    return doc


def found(doc: Doc, doc_id: str = "d") -> list[tuple[str, str, int, int]]:
    return [(m.surface, m.label, m.start, m.end) for m in extract_mentions(doc, doc_id=doc_id)]


def at(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def test_an_institution_keeps_the_nation_written_before_it():
    text = "Talks went on. The Russian Foreign Ministry said so."
    mentions = extract_mentions(doc_with(text, ("Russian", "NORP"), ("Foreign Ministry", "ORG")), doc_id="doc-7")
    assert [(m.surface, m.label, (m.start, m.end)) for m in mentions] == [
        ("Russian Foreign Ministry", "ORG", at(text, "Russian Foreign Ministry"))
    ]
    assert (mentions[0].doc_id, mentions[0].sent_start, mentions[0].sent_end) == ("doc-7", text.index("The"), len(text))


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("Russian troops met the Foreign Ministry.", (("Russian", "NORP"), ("Foreign Ministry", "ORG"))),
        ("A Russian Gazprom office opened.", (("Russian", "NORP"), ("Gazprom", "ORG"))),
        ("Ilham Foreign Ministry staff left.", (("Ilham", "PERSON"), ("Foreign Ministry", "ORG"))),
        ("Russian Armenia was named.", (("Russian", "NORP"), ("Armenia", "GPE"))),
    ],
    ids=["not adjacent", "not an institution", "not a nation", "not an organisation"],
)
def test_only_a_nation_right_before_an_institution_joins_it(text, entities):
    assert [surface for surface, *_ in found(doc_with(text, *entities))] == [surface for surface, _ in entities]


def test_an_organisation_followed_by_a_name_splits_into_organisation_and_person():
    text = "Secretary of the Security Council Samvel Shahramanyan said so."
    mentions = found(doc_with(text, ("Security Council Samvel Shahramanyan", "ORG")))
    assert mentions == [
        ("Security Council", "ORG", *at(text, "Security Council")),
        ("Samvel Shahramanyan", "PERSON", *at(text, "Samvel Shahramanyan")),
    ]


def test_a_person_is_never_split_as_an_appositive():
    text = "Parliament Speaker Alen Simonyan spoke."
    assert found(doc_with(text, ("Parliament Speaker Alen Simonyan", "PERSON"))) == [
        ("Parliament Speaker Alen Simonyan", "PERSON", *at(text, "Parliament Speaker Alen Simonyan"))
    ]


@pytest.mark.parametrize(
    ("text", "entity", "label", "kept"),
    [
        ("Nikol Pashinyan’s aide left.", "Nikol Pashinyan’s", "PERSON", "Nikol Pashinyan"),
        ("He spoke to “Sputnik” today.", "“Sputnik”", "ORG", "Sputnik"),
        ("They left (Stepanakert) today.", "(Stepanakert)", "GPE", "Stepanakert"),
        ("The Bank of the region is shut.", "Bank of the", "ORG", "Bank"),
        ("He went to Armenia\n\nLorries left.", "Armenia\n\nLorries", "GPE", "Armenia"),
        ("He went to \n\nArmenia\n\nLorries\n\nTrucks left.", "\n\nArmenia\n\nLorries\n\nTrucks", "GPE", "Armenia"),
        ("They met Malcolm X there.", "Malcolm X", "PERSON", "Malcolm X"),
        ("He went to \n\nArmenia today.", "\n\nArmenia", "GPE", "Armenia"),
    ],
    ids=["possessive", "quote marks", "brackets", "dangling words", "line break", "lines", "leading line break", "X"],
)
def test_spans_are_trimmed_to_the_name(text, entity, label, kept):
    assert found(doc_with(text, (entity, label))) == [(kept, label, *at(text, kept))]


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        ("The West Nile virus spread.", "West Nile", "LOC"),
        ("Cases of Marburg fever rose.", "Marburg", "GPE"),
        ("It was the first time.", "first", "PERSON"),
        ("It was the First time.", "First", "ORG"),
        ("The year 2023 ended.", "2023", "GPE"),
        ("It is “ ” now.", "“ ”", "ORG"),
    ],
    ids=["virus", "fever", "lower case", "ordinal", "digits", "punctuation"],
)
def test_what_is_not_a_name_is_left_out(text, entity, label):
    assert found(doc_with(text, (entity, label))) == []


def test_a_disease_named_after_a_person_stays_a_person_and_text_after_the_name_counts():
    text = "Dr Nile virus expert. Nile spoke. Marburg was far."
    mentions = found(doc_with(text, ("Nile", "PERSON"), ("Marburg", "GPE")))
    assert [m[0] for m in mentions] == ["Nile", "Marburg"]


@pytest.mark.parametrize(
    ("dropped", "label"),
    [("Monday", "DATE"), ("“ ”", "ORG"), ("first", "PERSON"), ("West Nile", "LOC"), ("Russian", "NORP")],
    ids=["not an entity type", "nothing left once trimmed", "not a name", "a disease", "joined to the next"],
)
def test_the_mentions_after_a_dropped_or_joined_one_are_kept(dropped, label):
    text = f"On {dropped} virus Foreign Ministry news came. Baku waited."
    entities = [(dropped, label), ("Baku", "GPE")]
    if dropped == "Russian":
        text = "The Russian Foreign Ministry spoke. Baku waited."
        entities.insert(1, ("Foreign Ministry", "ORG"))
    assert [surface for surface, *_ in found(doc_with(text, *entities))][-1] == "Baku"


def test_a_group_label_followed_by_a_name_splits_too():
    text = "Secretary of the Security Council Samvel Shahramanyan said so."
    assert [m[:2] for m in found(doc_with(text, ("Security Council Samvel Shahramanyan", "NORP")))] == [
        ("Security Council", "ORG"),
        ("Samvel Shahramanyan", "PERSON"),
    ]


def test_mentions_after_a_dropped_one_are_kept_with_their_own_sentence():
    text = "The first day came. Baku waited. Lachin was open."
    doc = doc_with(text, ("first", "PERSON"), ("Baku", "GPE"), ("Lachin", "GPE"))
    mentions = extract_mentions(doc, doc_id="d")
    assert [(m.surface, m.sent_start, m.sent_end) for m in mentions] == [
        ("Baku", text.index("Baku"), text.index("Lachin") - 1),
        ("Lachin", text.index("Lachin"), len(text)),
    ]


def mention(doc_id: str, surface: str, label: str = "PERSON", start: int = 0) -> Mention:
    end = start + len(surface)
    return Mention(doc_id=doc_id, start=start, end=end, surface=surface, label=label, sent_start=0, sent_end=999)


def merged(*mentions: Mention) -> list[tuple[str, str]]:
    return [(m.entity, m.merge_rule) for m in canonicalise(list(mentions))]


def test_a_groups_plural_joins_its_singular():
    assert merged(mention("a", "Armenian", "NORP"), mention("b", "Armenians", "NORP")) == [
        ("Armenian", "as written"),
        ("Armenian", "plural"),
    ]
    assert merged(mention("a", "Armenians", "NORP")) == [("Armenians", "as written")], "no singular, no merge"
    swiss = merged(mention("a", "Swiss", "NORP"), mention("b", "Swis", "PERSON"))
    assert swiss == [("Swiss", "as written"), ("Swis", "as written")], "a final s alone is no plural"


def test_only_a_group_takes_the_plural_rule():
    assert merged(mention("a", "Armenian", "NORP"), mention("b", "Armenians", "ORG"))[1] == ("Armenians", "as written")


def test_an_organisation_takes_its_most_used_casing():
    result = merged(mention("a", "JAMnews", "ORG"), mention("b", "JAMnews", "ORG"), mention("c", "JAMNEWS", "ORG"))
    assert result == [("JAMnews", "as written"), ("JAMnews", "as written"), ("JAMnews", "letter case")]


def test_transliteration_variants_take_the_most_written_spelling_and_say_so():
    result = merged(mention("a", "Hagi Namazov"), mention("b", "Haji Namazov"), mention("c", "Haji Namazov"))
    assert result[0] == ("Haji Namazov", "spelling variant")
    assert result[1:] == [("Haji Namazov", "as written")] * 2


def test_every_variant_pair_of_a_block_merges_and_namesakes_stay_apart():
    names = ["Haji Namazov"] * 3 + ["Hagi Namazov"] * 2 + ["Haji Nabiyev", "Hagi Nabiyev"]
    result = canonicalise([mention(f"d{i}", name) for i, name in enumerate(names)])
    entities = {m.surface: m.entity for m in result}
    assert entities["Hagi Namazov"] == entities["Haji Namazov"] == "Haji Namazov"
    assert entities["Hagi Nabiyev"] == entities["Haji Nabiyev"] != "Haji Namazov"


def test_variants_whose_surnames_differ_from_the_second_letter_merge():
    result = merged(mention("a", "Ara Ohanyan"), mention("b", "Ara Ohanyan"), mention("c", "Ara Oganyan"))
    assert result[2] == ("Ara Ohanyan", "spelling variant")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Samvel Ara Shahramanyan", "Samuel Ara Shamranyan", True),
        ("Haji Ali Namazov", "Haji Veli Namazov", False),
        ("Haji Ali Namazov", "Hadji Ali Mammadov", False),
        ("Aliyev", "Aliyev", False),
        ("Haji Namazov", "Haji Ali Namazov", False),
    ],
)
def test_three_word_names_compare_every_word(a, b, same):
    assert same_person(a, b) is same and same_person(b, a) is same


def named_in(language: str, *mentions: Mention) -> list[str]:
    """The entities of ``mentions`` with each person named in ``language``'s script."""
    written = document_names(list(mentions))
    counts = NameCounts()
    counts.add(written)
    return [m.entity for m in merge_names(written, counts.merges(name_language=language))]


@pytest.mark.parametrize(("language", "name"), [("en", "Gurgen Melkonyan"), ("ru", "Гурген Мелконян")])
def test_a_person_written_in_both_scripts_is_named_in_the_chosen_languages_script(language, name):
    for latin, cyrillic in ((1, 2), (2, 1)):
        mentions = [mention(f"en-{i}", "Gurgen Melkonyan") for i in range(latin)]
        mentions += [mention(f"ru-{i}", "Гурген Мелконян") for i in range(cyrillic)]
        assert set(named_in(language, *mentions)) == {name}, "the script wins over the most written spelling"


def test_a_three_word_names_surname_attaches_in_its_document_and_across_the_corpus():
    in_document = merged(mention("a", "Samvel Ara Shahramanyan"), mention("a", "Shahramanyan", start=40))
    assert in_document[1] == ("Samvel Ara Shahramanyan", "surname in document")
    in_corpus = merged(mention("a", "Samvel Ara Shahramanyan"), mention("b", "Shahramanyan"))
    assert in_corpus[1] == ("Samvel Ara Shahramanyan", "surname in corpus")


def test_an_inflected_name_is_named_by_its_dictionary_form_and_its_surname_joins_it():
    dictionary = {"Гургена Мелконяна": "Гурген Мелконян", "Мелконяну": "Мелконян"}
    mentions = [mention("a", "Гургена Мелконяна"), mention("a", "Мелконяну", start=40)]
    result = document_names(mentions, name_of=lambda m: dictionary[m.surface])
    assert [(m.entity, m.merge_rule) for m in result] == [
        ("Гурген Мелконян", "as written"),
        ("Гурген Мелконян", "surname in document"),
    ]


@pytest.mark.parametrize("full_name", ["Gurgen Melkonyan", "Gurgen Ara Melkonyan"])
def test_a_bare_cyrillic_surname_joins_the_one_full_name_whose_surname_romanises_alike(full_name):
    assert merged(mention("a", full_name), mention("b", "Мелконян"))[1] == (full_name, "surname in corpus")


@pytest.mark.parametrize(
    ("full_names", "surname"),
    [(["Gurgen Melkonyan"], "Melkonian"), (["Gurgen Melkonyan", "Ashot Melkonian"], "Мелконян")],
    ids=["latin letters", "shared"],
)
def test_a_bare_surname_spelled_otherwise_joins_no_full_name(full_names, surname):
    # Only a Cyrillic surname is matched by its romanisation, and only when one full name has it.
    mentions = [mention(f"d{i}", name) for i, name in enumerate(full_names)] + [mention("s", surname)]
    assert merged(*mentions)[-1] == (surname, "as written")


def test_a_bad_alias_file_is_named_as_one(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,alias\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^alias file '"):
        read_aliases(path)


def test_a_person_split_from_an_organisation_is_kept_when_only_people_are_asked_for():
    text = "Secretary of the Security Council Samvel Shahramanyan said so."
    doc = doc_with(text, ("Security Council Samvel Shahramanyan", "ORG"))
    assert [m.surface for m in extract_mentions(doc, doc_id="d", labels=("PERSON",))] == ["Samvel Shahramanyan"]
