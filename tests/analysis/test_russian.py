"""The Russian pipeline: dictionary forms of names, one entity across scripts, Russian keywords."""

from __future__ import annotations

import pytest

from analysis.config import Settings
from analysis.entities import same_person
from analysis.keywords import extract_keywords, make_extractor
from analysis.pipeline import analyze
from analysis.russian import dictionary_form, russian_pipeline
from analysis.transliterate import to_latin
from analysis.types import Corpus, Document

SAME = [
    ("Никол Пашинян", "Nikol Pashinyan"),
    ("Ильхам Алиев", "Ilham Aliyev"),
    ("Сергей Лавров", "Sergei Lavrov"),
    ("Арарат Мирзоян", "Ararat Mirzoyan"),
    ("Джейхун Байрамов", "Jeyhun Bayramov"),
    ("Армен Саркисян", "Armen Sarkissian"),
]
DIFFERENT = [
    ("Ильхам Алиев", "Heydar Aliyev"),
    ("Гейдар Алиев", "Ilham Aliyev"),
    ("Ильхам Алиев", "Ilham Aliev Jr"),
    ("Араик Арутюнян", "Arman Harutyunyan"),
    ("Сергей Лавров", "Sergei Shoigu"),
    ("Никол Пашинян", "Anna Hakobyan"),
    ("Мария Захарова", "Maria Zakharchenko"),
]


@pytest.mark.parametrize(("russian", "english"), SAME)
def test_one_person_across_scripts_in_both_directions(russian, english):
    assert same_person(russian, english) and same_person(english, russian)


@pytest.mark.parametrize(("russian", "english"), DIFFERENT)
def test_different_people_across_scripts_never_merge(russian, english):
    assert not same_person(russian, english) and not same_person(english, russian)


def test_romanisation_follows_news_usage():
    assert to_latin("Ереван, Алиев, Ханкенди, Шуша") == "Yerevan, Aliyev, Khankendi, Shusha"
    assert to_latin("Pashinyan 2023") == "Pashinyan 2023"


@pytest.mark.parametrize(
    ("surface", "person", "name"),
    [
        ("Пашиняна", True, "Пашинян"),
        ("Ильхамом Алиевым", True, "Ильхам Алиев"),
        ("Марии Захаровой", True, "Мария Захарова"),
        ("Сергея Лаврова", True, "Сергей Лавров"),
        ("Никол Пашинян", True, "Никол Пашинян"),
        ("Степанакерта", False, "Степанакерт"),
        ("Нагорного Карабаха", False, "Нагорный Карабах"),
        ("Европейского союза", False, "Европейский союз"),
        ("Министерства иностранных дел", False, "Министерство иностранных дел"),
        ("МИДа", False, "МИД"),
        ("Ханкенди", False, "Ханкенди"),
    ],
)
def test_names_are_aggregated_on_their_nominative(surface, person, name):
    assert dictionary_form(surface, person=person) == name


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        (
            "Официальный представитель МИД России Мария Захарова выступила в четверг. Захарову спросили о переговорах.",
            "Захарову",
            "Захарова",
        ),
        (
            "Президент Ильхам Алиев выступил в защиту премьер-министра Армении Никола Пашиняна. "
            "По его словам, не Пашинян создавал нынешнюю армию.",
            "Никола Пашиняна",
            "Никол Пашинян",
        ),
    ],
)
def test_the_forms_of_one_surname_in_a_text_agree(text, written, name):
    (parsed,) = russian_pipeline().parse([text])
    people = {text[e.start : e.end]: e.name for e in parsed.entities if e.label == "PERSON"}
    assert people.get(written) == name


@pytest.fixture(scope="session")
def mixed_tables(nlp, gazetteer):
    documents = (
        Document(
            doc_id="ru-1",
            source="ru-1",
            text="Премьер-министр Армении Никол Пашинян заявил в Ереване, что жители Степанакерта смогут вернуться. "
            "По словам Пашиняна, переговоры с Баку продолжатся. Евросоюз поддержал переговоры.",
        ),
        Document(
            doc_id="ru-2",
            source="ru-2",
            text="Президент Азербайджана Ильхам Алиев посетил Ханкенди. "
            "Алиев заявил, что в Ханкенди построят новые дома.",
        ),
        Document(
            doc_id="en-1",
            source="en-1",
            text="Armenian Prime Minister Nikol Pashinyan said in Yerevan that residents of Stepanakert may return. "
            "Azerbaijani President Ilham Aliyev visited Khankendi on Monday, Pashinyan said.",
        ),
    )
    return analyze(Corpus(documents=documents), nlp=nlp, gazetteer=gazetteer)


def test_documents_get_their_language(mixed_tables):
    assert dict(zip(mixed_tables.documents["doc_id"], mixed_tables.documents["language"])) == {
        "ru-1": "ru",
        "ru-2": "ru",
        "en-1": "en",
    }


def test_one_entity_for_a_person_in_both_scripts(mixed_tables):
    mentions = mixed_tables.mentions
    for pattern in ("Пашинян|Pashinyan", "Алиев|Aliyev"):
        person = mentions[mentions["surface"].str.contains(pattern) & (mentions["label"] == "PERSON")]
        assert len(person) >= 3 and person["entity"].nunique() == 1, person[["surface", "entity"]]


def test_one_place_for_khankendi_and_stepanakert_in_both_scripts(mixed_tables):
    mentions = mixed_tables.mentions
    place = mentions[mentions["surface"].str.contains("Степанакерт|Ханкенди|Stepanakert|Khankendi")]
    assert set(place["surface"]) >= {"Степанакерта", "Ханкенди", "Stepanakert", "Khankendi"}
    assert place["entity"].nunique() == 1


def test_short_names_of_international_bodies_are_organisations(mixed_tables):
    mentions = mixed_tables.mentions
    assert set(mentions.loc[mentions["surface"] == "Евросоюз", "label"]) == {"ORG"}


def test_russian_keywords_leave_out_russian_stopwords():
    extractor = make_extractor(Settings(keyword_top=10), language="ru")
    text = (
        "Строительство новых домов в Ханкенди продолжается. Власти обещают завершить строительство домов "
        "до конца года, и жители ждут новых домов. Строительство домов идёт и в Шуше."
    )
    keywords = extract_keywords(text, doc_id="d", extractor=extractor)
    assert keywords
    edges = {word for k in keywords for word in (k.keyword.split()[0].lower(), k.keyword.split()[-1].lower())}
    assert not edges & {"и", "в", "до", "не", "что", "на"}
