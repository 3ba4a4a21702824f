from __future__ import annotations

import pytest

from analysis.entities import canonicalise, normalise, read_aliases, same_person
from analysis.types import Mention

VARIANTS = [
    ("Haji Namazov", "Hagi Namazov"),
    ("Samvel Shahramanyan", "Samuel Shamranyan"),
    ("Sergey Lavrov", "Sergei Lavrov"),
    # Transliterations and slips of long surnames, a few letters apart.
    ("Serzh Sargsyan", "Serzh Sarkisian"),
    ("Robert Kocharyan", "Robert Kotcharian"),
    ("Abu Bakr al-Baghdadi", "Abu Bakr al-Baghadi"),
    ("Eli Stokols", "Eli Stoklos"),
]
DIFFERENT = [
    ("Ilham Aliyev", "Heydar Aliyev"),
    ("Arayik Harutyunyan", "Arman Harutyunyan"),
    ("John Smith", "Joan Smith"),
    ("Ramin Mammadov", "Ramin Mahmudov"),
    ("Ahmad Alili", "Ahmad Aliyev"),
    ("Nikol Pashinyan", "Pashinyan"),
    # Short surnames a letter or two apart are other people: pairs from US political news.
    ("Chris Collins", "Chris Coons"),
    ("Loretta Lynch", "Loretta Lynn"),
    ("Dean Baker", "Dean Barker"),
    ("John Brennan", "John Bresnahan"),
    ("David Brooks", "David Brock"),
    ("Ivan Petrov", "Ivan Petrovsky"),
    ("Ara Hakob", "Ara Hakobyan"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_spelling_variants_merge_in_both_directions(a, b):
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_never_merge(a, b):
    assert not same_person(a, b) and not same_person(b, a)


def mention(doc_id, surface, label="PERSON", start=0):
    return Mention(
        doc_id=doc_id, start=start, end=start + len(surface), surface=surface, label=label, sent_start=0, sent_end=999
    )


def test_surnames_attach_within_a_document_and_variants_across():
    mentions = [
        mention("a", "Haji Namazov"),
        mention("a", "Haji Namazov", start=50),
        mention("b", "Hagi Namazov"),
        mention("b", "Namazov", label="GPE", start=40),
        mention("b", "Namazov’s", start=80),
    ]
    result = canonicalise(mentions)
    assert {m.entity for m in result} == {"Haji Namazov"}
    assert all(m.label == "PERSON" for m in result)


def test_a_surname_that_is_a_town_stays_a_place():
    result = canonicalise(
        [mention("a", "George Washington"), mention("a", "Washington", label="GPE")],
        is_place=lambda n: n == "Washington",
    )
    assert result[1].label == "GPE" and result[1].entity == "Washington"


def test_alias_file_wins_over_automatic_merging(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "variant,canonical\nHagi Namazov,Hagi Namazov (JAMnews spelling)\nNK,Nagorno-Karabakh\n", encoding="utf-8"
    )
    aliases = read_aliases(path)
    mentions = [
        mention("a", "Haji Namazov"),
        mention("a", "Haji Namazov", start=30),
        mention("b", "Hagi Namazov"),
        mention("b", "NK", label="GPE"),
    ]
    result = canonicalise(mentions, aliases=aliases)
    assert [m.entity for m in result] == [
        "Haji Namazov",
        "Haji Namazov",
        "Hagi Namazov (JAMnews spelling)",
        "Nagorno-Karabakh",
    ]
    assert [m.merge_rule for m in result][2:] == ["alias file", "alias file"]
    assert {m.entity for m in canonicalise(mentions)} == {"Haji Namazov", "NK"}


def test_normalise_strips_the_possessive_and_leading_the():
    assert normalise("the Kremlin’s") == "Kremlin"
    assert normalise("Azerbaijan's") == "Azerbaijan"
    assert normalise("Donald Trump‘s") == normalise("Donald Trump`s") == "Donald Trump", "an apostrophe mistyped"
    assert normalise("“Sputnik”") == "Sputnik"


def test_mentions_trim_spans_and_drop_lowercase_words(nlp):
    from analysis.entities import extract_mentions

    doc = nlp(
        "Azerbaijani MP Erkin Gadirli met Nikol Pashinyan’s aide in Khankendi (Stepanakert)."
        "\n\nArmenia\n\nThe lorry left."
    )
    mentions = extract_mentions(doc, doc_id="d")
    for m in mentions:
        assert doc.text[m.start : m.end] == m.surface
        assert m.surface == m.surface.strip() and "\n" not in m.surface
        assert not m.surface.endswith(("’s", "'s"))
        assert any(ch.isupper() for ch in m.surface)
    labels = {m.surface: m.label for m in mentions}
    assert labels["Khankendi"] == labels["Stepanakert"] == "GPE"
    assert labels["Azerbaijani"] == "NORP"
    assert "Nikol Pashinyan" in labels


def test_a_bare_surname_shared_by_two_full_names_in_a_document_joins_neither():
    mentions = [mention("a", "Ilham Aliyev"), mention("a", "Heydar Aliyev", start=30), mention("a", "Aliyev", start=60)]
    result = canonicalise(mentions)
    assert [m.entity for m in result] == ["Ilham Aliyev", "Heydar Aliyev", "Aliyev"]
    assert result[2].merge_rule == "as written"


def test_a_bare_surname_shared_by_two_full_names_in_the_corpus_joins_neither():
    mentions = [mention("a", "Ilham Aliyev"), mention("b", "Heydar Aliyev"), mention("c", "Aliyev")]
    assert [m.entity for m in canonicalise(mentions)] == ["Ilham Aliyev", "Heydar Aliyev", "Aliyev"]


def test_a_bare_surname_joins_the_one_full_name_in_its_document_or_else_the_corpus():
    in_document = canonicalise(
        [mention("a", "Ilham Aliyev"), mention("a", "Aliyev", start=30), mention("b", "Heydar Aliyev")]
    )
    assert (in_document[1].entity, in_document[1].merge_rule) == ("Ilham Aliyev", "surname in document")
    in_corpus = canonicalise([mention("a", "Ilham Aliyev"), mention("b", "Aliyev")])
    assert (in_corpus[1].entity, in_corpus[1].merge_rule) == ("Ilham Aliyev", "surname in corpus")
