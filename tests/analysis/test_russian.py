"""The Russian pipeline: dictionary forms of names, one entity across scripts, Russian keywords."""

from __future__ import annotations

import pytest

from analysis.config import Settings
from analysis.entities import same_person
from analysis.errors import SettingsError
from analysis.keywords import extract_keywords, make_extractor
from analysis.pipeline import analyze
from analysis.russian import dictionary_form, place_form, russian_pipeline
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
    ("surface", "form"),
    [
        ("Степанакерте", "Степанакерт"),
        ("Нагорном Карабахе", "Нагорный Карабах"),
        ("Гадрутского района", "Гадрутский район"),
        # Listed as written: a name of its own, not a case of another (Шуши beside Шуша).
        ("Шуши", "Шуши"),
        ("Бердзор", "Бердзор"),
        # An unknown indeclinable word: pymorphy3's guess would invent Агдер.
        ("Агдере", "Агдере"),
        # A plural head spans two names.
        ("Кельбаджарского районов", "Кельбаджарского районов"),
        ("U.S.", "U.S."),
    ],
)
def test_a_place_name_is_counted_in_a_form_someone_writes(surface, form):
    assert place_form(surface) == form


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


def _mixed_corpus() -> Corpus:
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
    return Corpus(documents=documents)


@pytest.fixture(scope="session")
def mixed_tables(nlp, gazetteer):
    return analyze(_mixed_corpus(), nlp=nlp, gazetteer=gazetteer)


@pytest.mark.parametrize(("language", "name"), [("en", "Nikol Pashinyan"), ("ru", "Никол Пашинян")])
def test_a_persons_name_is_given_in_the_chosen_languages_script(nlp, gazetteer, language, name):
    tables = analyze(_mixed_corpus(), Settings(name_language=language), nlp=nlp, gazetteer=gazetteer)
    mentions = tables.mentions
    person = mentions[mentions["surface"].str.contains("Пашинян|Pashinyan")]
    assert set(person["entity"]) == {name}


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


@pytest.fixture(scope="session")
def russian_places(nlp, gazetteer):
    documents = (
        Document(
            doc_id="ru-places",
            source="ru-places",
            text="Жители Степанакерта и Гориса встретились в Гюмри. В Лачине и Агдаме идёт строительство. "
            "Делегация прибыла в Брюссель из Тбилиси. Пушкин написал стихотворение о Кавказе.",
        ),
        Document(
            doc_id="en-places",
            source="en-places",
            text="Residents of Stepanakert and Goris met in Gyumri. Construction goes on in Lachin and Aghdam. "
            "The delegation flew to Brussels from Tbilisi.",
        ),
    )
    return analyze(Corpus(documents=documents), nlp=nlp, gazetteer=gazetteer)


def test_inflected_russian_place_names_resolve_to_the_same_places_as_english_ones(russian_places):
    places = russian_places.places
    russian = places[places["doc_id"] == "ru-places"]
    english = places[places["doc_id"] == "en-places"]
    assert russian["place_id"].notna().all(), russian[["surface", "rule"]]
    assert set(english["place_id"]) <= set(russian["place_id"])
    by_surface = dict(zip(russian["surface"], russian["name"]))
    assert by_surface["Гориса"] == "Goris" and by_surface["Лачине"] == "Lachin"


def test_a_person_named_like_a_town_stays_a_person(russian_places):
    mentions = russian_places.mentions
    assert set(mentions.loc[mentions["surface"] == "Пушкин", "label"]) == {"PERSON"}


def test_an_unknown_name_language_is_refused_by_name():
    with pytest.raises(SettingsError, match="name_language"):
        Settings(name_language="Russian")
