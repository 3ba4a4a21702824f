"""The gazetteer's index: built once, shared by processes, rebuilt when damaged, answering as a fresh build does."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor

import pytest

from analysis import Settings
from analysis.geo.gazetteer import Gazetteer

CARED_ABOUT = (
    "Lachin", "Berdzor", "Aghdam", "Agdam", "Khankendi", "Stepanakert", "Xankəndi", "Gyumri", "Leninakan",
    "Nagorno-Karabakh", "Artsakh", "Shusha", "Bard", "Georgia", "Washington", "Moscow", "Springfield", "Qwertyville",
)  # fmt: skip
# Builds in seconds; for what does not depend on which towns are in.
SMALL = 15000
_FORK = multiprocessing.get_context("fork")


def answers(gazetteer: Gazetteer) -> list[object]:
    return [gazetteer.lookup(name) for name in CARED_ABOUT]


def build_and_answer(folder) -> list[object]:
    return answers(Gazetteer(min_city_population=SMALL, cache_dir=folder))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    return Gazetteer(cache_dir=tmp_path_factory.mktemp("fresh"))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    return folder, Gazetteer(min_city_population=SMALL, cache_dir=folder)


def test_the_shared_index_answers_as_a_freshly_generated_one(gazetteer, fresh):
    assert answers(gazetteer) == answers(fresh)
    assert len(gazetteer) == len(fresh) > 200_000
    regional = Settings().region_countries
    assert gazetteer.ruler_names(regional) == fresh.ruler_names(regional)
    assert gazetteer.neighbours == fresh.neighbours


def test_politically_loaded_names_resolve_to_one_place(fresh):
    (khankendi,) = fresh.lookup("Khankendi")
    assert fresh.lookup("Stepanakert") == fresh.lookup("Xankəndi") == [khankendi]
    assert khankendi.country_code == "AZ" and khankendi.source == "geonames+curated"
    assert fresh.lookup("Berdzor") == fresh.lookup("Lachin") and fresh.lookup("Lachin")[0].country_code == "AZ"
    assert fresh.lookup("Agdam") == fresh.lookup("Aghdam") and fresh.lookup("Aghdam")[0].country_code == "AZ"
    (gyumri,) = fresh.lookup("Gyumri")
    assert fresh.lookup("Leninakan") == [gyumri] and gyumri.country_code == "AM"
    assert fresh.get(khankendi.place_id) == khankendi
    assert ("Stepanakert", "GPE") in fresh.ruler_names(("AZ",))


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_index_is_rebuilt(small, tmp_path, caplog, damage):
    folder, reference = small
    cache = shutil.copytree(folder, tmp_path / "cache")
    (index_file,) = cache.glob("*.sqlite")
    size = index_file.stat().st_size
    with index_file.open("r+b") as handle:
        if damage == "truncated":
            handle.truncate(size // 2)
        else:
            handle.seek(size // 2)
            handle.write(b"\x55" * 8192)
    with caplog.at_level(logging.WARNING):
        rebuilt = Gazetteer(min_city_population=SMALL, cache_dir=cache)
    assert "unusable" in caplog.text
    assert answers(rebuilt) == answers(reference) and len(rebuilt) == len(reference)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert answers(Gazetteer(min_city_population=SMALL, cache_dir=cache)) == answers(reference)
    assert not caplog.records, "the repaired index is used as it is"


@pytest.mark.parametrize("obstacle", ["a file in the way", "a read-only folder"])
def test_an_unwritable_cache_folder_still_gives_a_working_gazetteer(small, tmp_path, caplog, obstacle):
    if obstacle == "a file in the way":
        (tmp_path / "taken").write_text("")
        cache = tmp_path / "taken" / "cache"
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes to read-only folders")
        cache = tmp_path / "cache"
        cache.mkdir(mode=0o555)
    with caplog.at_level(logging.WARNING):
        gazetteer = Gazetteer(min_city_population=SMALL, cache_dir=cache)
    assert "temporary folder" in caplog.text
    assert answers(gazetteer) == answers(small[1])


def test_processes_building_at_once_share_one_complete_index(small, tmp_path):
    with ProcessPoolExecutor(max_workers=2, mp_context=_FORK) as pool:
        results = list(pool.map(build_and_answer, [tmp_path] * 2))
    assert results == [answers(small[1])] * 2
    assert len(list(tmp_path.glob("*.sqlite"))) == 1
    assert not list(tmp_path.glob("*.tmp")), "no half-written file is left behind"


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
