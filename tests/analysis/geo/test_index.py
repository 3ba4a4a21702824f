"""The index file behind the gazetteer: rebuilt when damaged, kept elsewhere when its folder cannot be written, built
once when processes ask for it at once.

These are properties of the file, not of which places it holds, so a synthetic index of a few thousand places stands
in for GeoNames: it builds in a fraction of a second where the real one takes many (see test_gazetteer.py for the
real one answering as a fresh build does).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.synchronize import Barrier

import pytest

from analysis.geo.index import IndexData, PlaceIndex, digest, open_index
from analysis.types import GazetteerEntry

PLACES = 6000  # enough pages that damage in the middle of the file hits rows, not the header
FAMILY = "synthetic"
KEY = digest([b"synthetic places", str(PLACES).encode()])
ASKED = ("town 0", "town 2999", "springfield", "nowhere")
_FORK = multiprocessing.get_context("fork")
BUILD_S = 0.5  # a build slow enough that the second worker arrives while the first holds the lock


def synthetic() -> IndexData:
    entries = [
        GazetteerEntry(
            f"p{i}", f"Town {i}", "AZ" if i % 2 else "AM", 38.0 + i / 1e3, 45.0 + i / 1e3, "city", 100 * i, "test",
            admin1=f"a{i % 7}",
        )
        for i in range(PLACES)
    ]  # fmt: skip
    names = {f"town {i}": [i] for i in range(PLACES)} | {"springfield": [5, 3, 1]}
    return IndexData(
        entries=entries,
        names=names,
        labels={"p3": "GPE"},
        aliases={"p3": ("Springfield",)},
        neighbours={"AM": frozenset({"AZ", "GE"}), "AZ": frozenset({"AM"})},
    )


def answers(index: PlaceIndex) -> list[object]:
    return [
        *(index.lookup(key) for key in ASKED),
        len(index),
        index.neighbours,
        index.ruler_rows(("AM",), min_population=590_000),
    ]


def open_synthetic(folder) -> PlaceIndex:
    return open_index(FAMILY, KEY, synthetic, folder=folder)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("built")
    return folder, answers(open_synthetic(folder))


def test_the_index_answers_what_it_was_built_from(built):
    _, answered = built
    data = synthetic()
    assert answered[ASKED.index("springfield")] == [data.entries[5], data.entries[3], data.entries[1]]
    assert answered[ASKED.index("nowhere")] == []
    assert answered[len(ASKED)] == PLACES
    assert answered[len(ASKED) + 1] == data.neighbours
    ruled = answered[-1]
    assert [row.entry.place_id for row in ruled] == ["p3"] + [f"p{i}" for i in range(5900, PLACES, 2)]
    assert (ruled[0].label, ruled[0].aliases) == ("GPE", ("Springfield",))


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_index_is_rebuilt(built, tmp_path, caplog, damage):
    folder, expected = built
    cache = shutil.copytree(folder, tmp_path / "cache")
    (index_file,) = cache.glob("*.sqlite")
    size = index_file.stat().st_size
    with index_file.open("r+b") as handle:
        if damage == "truncated":
            handle.truncate(size // 2)
        else:
            handle.seek(size // 2)
            handle.write(b"\x55" * 8192)
    assert index_file.stat().st_size == (size // 2 if damage == "truncated" else size)
    with caplog.at_level(logging.WARNING):
        rebuilt = open_synthetic(cache)
    assert "unusable" in caplog.text
    assert answers(rebuilt) == expected
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert answers(open_synthetic(cache)) == expected
    assert not caplog.records, "the repaired index is used as it is"


@pytest.mark.parametrize("obstacle", ["a file in the way", "a read-only folder"])
def test_an_unwritable_cache_folder_still_gives_a_working_index(built, tmp_path, caplog, obstacle):
    if obstacle == "a file in the way":
        (tmp_path / "taken").write_text("")
        cache = tmp_path / "taken" / "cache"
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes to read-only folders")
        cache = tmp_path / "cache"
        cache.mkdir(mode=0o555)
    with caplog.at_level(logging.WARNING):
        index = open_synthetic(cache)
    assert "temporary folder" in caplog.text
    assert answers(index) == built[1]


_started: list[Barrier] = []  # in a worker: the barrier both workers wait at before asking


def _meet_at(barrier: Barrier) -> None:
    _started.append(barrier)


def _build_slowly_and_answer(folder, log) -> list[object]:
    def build() -> IndexData:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        time.sleep(BUILD_S)
        return synthetic()

    _started[0].wait(timeout=30)
    return answers(open_index(FAMILY, KEY, build, folder=folder))


def test_processes_building_at_once_share_one_complete_index(built, tmp_path):
    folder, log = tmp_path / "cache", tmp_path / "builds.log"
    # Both workers wait at the barrier, so they ask for the index at the same moment.
    with ProcessPoolExecutor(
        max_workers=2, mp_context=_FORK, initializer=_meet_at, initargs=(_FORK.Barrier(2),)
    ) as pool:
        results = list(pool.map(_build_slowly_and_answer, [folder] * 2, [log] * 2))
    assert results == [built[1]] * 2
    assert len(log.read_text().split()) == 1, "one process built it; the other waited and opened it"
    assert len(list(folder.glob("*.sqlite"))) == 1
    assert not list(folder.glob("*.tmp")), "no half-written file is left behind"
