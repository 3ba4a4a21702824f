"""The gazetteer: built once, shared by processes, answering as a fresh build does.

What the index file does when damaged, unwritable or asked for by processes at once is in test_index.py, on a
synthetic index that builds in a fraction of a second.
"""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from analysis import Settings
from analysis.geo.gazetteer import Gazetteer

CARED_ABOUT = (
    "Lachin", "Berdzor", "Aghdam", "Agdam", "Khankendi", "Stepanakert", "Xankəndi", "Gyumri", "Leninakan",
    "Nagorno-Karabakh", "Artsakh", "Shusha", "Bard", "Georgia", "Washington", "Moscow", "Springfield", "Qwertyville",
)  # fmt: skip
_FORK = multiprocessing.get_context("fork")


def answers(gazetteer: Gazetteer) -> list[object]:
    return [gazetteer.lookup(name) for name in CARED_ABOUT]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    return Gazetteer(cache_dir=tmp_path_factory.mktemp("fresh"))


def test_the_shared_index_answers_as_a_freshly_generated_one(gazetteer, fresh):
    assert answers(gazetteer) == answers(fresh)
    assert len(gazetteer) == len(fresh) > 200_000
    regional = Settings().region_countries
    assert gazetteer.ruler_names(regional) == fresh.ruler_names(regional)
    assert gazetteer.neighbours == fresh.neighbours


def test_politically_loaded_names_resolve_to_one_place(gazetteer):
    (khankendi,) = gazetteer.lookup("Khankendi")
    assert gazetteer.lookup("Stepanakert") == gazetteer.lookup("Xankəndi") == [khankendi]
    assert khankendi.country_code == "AZ" and khankendi.source == "geonames+curated"
    (lachin,) = gazetteer.lookup("Lachin")
    assert gazetteer.lookup("Berdzor") == [lachin] and lachin.country_code == "AZ"
    (aghdam,) = gazetteer.lookup("Aghdam")
    assert gazetteer.lookup("Agdam") == [aghdam] and aghdam.country_code == "AZ"
    (gyumri,) = gazetteer.lookup("Gyumri")
    assert gazetteer.lookup("Leninakan") == [gyumri] and gyumri.country_code == "AM"
    assert gazetteer.get(khankendi.place_id) == khankendi
    assert ("Stepanakert", "GPE") in gazetteer.ruler_names(("AZ",))


def test_worker_processes_get_the_gazetteer_as_its_settings_and_answer_the_same(gazetteer):
    assert len(pickle.dumps(gazetteer)) < 1000
    with ProcessPoolExecutor(max_workers=2, mp_context=_FORK) as pool:
        assert list(pool.map(answers, [gazetteer] * 2)) == [answers(gazetteer)] * 2


def test_a_forked_process_can_use_the_gazetteer_it_inherited(gazetteer):
    expected = answers(gazetteer)
    queue = _FORK.SimpleQueue()
    child = _FORK.Process(target=lambda: queue.put(answers(gazetteer)))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0 and queue.get() == expected


def test_a_capital_is_one_town_and_its_namesakes_in_the_country_are_towns(gazetteer):
    washingtons = [
        e for e in gazetteer.lookup("Washington") if e.country_code == "US" and e.feature in ("city", "capital")
    ]
    (capital,) = [e for e in washingtons if e.feature == "capital"]
    assert len(washingtons) > 10, "many US towns are called Washington"
    assert capital.population == max(e.population for e in washingtons)
    assert gazetteer.get(capital.admin1).name == "District of Columbia"


@pytest.mark.parametrize(
    ("short", "full"),
    [("South St. Paul", "South Saint Paul"), ("Mt. Pleasant", "Mount Pleasant"), ("Ft. Worth", "Fort Worth")],
)
def test_a_town_name_written_short_finds_the_towns_written_in_full(gazetteer, short, full):
    found = gazetteer.lookup(short)
    assert found and {e.place_id for e in found} == {e.place_id for e in gazetteer.lookup(full)}


@pytest.mark.parametrize(
    ("spelling", "country"), [("Côte d’Ivoire", "CI"), ("Cote d'Ivoire", "CI"), ("Viet Nam", "VN"), ("Brasil", "BR")]
)
def test_a_country_is_found_by_its_other_spellings(gazetteer, spelling, country):
    assert [(e.feature, e.country_code) for e in gazetteer.lookup(spelling)] == [("country", country)]


@pytest.mark.parametrize("town", ["Holland", "Nederland"])
def test_another_spelling_of_a_country_never_turns_a_town_into_a_country(gazetteer, town):
    # Both are the Netherlands' other names, and towns of the United States.
    found = gazetteer.lookup(town)
    assert found and all(e.feature == "city" for e in found)
