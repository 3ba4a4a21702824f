"""The first start: visitors who arrive together while the seeds are not analysed yet wait for one analysis
instead of each starting their own (the server would otherwise run the model once per visitor)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from analysis import read_tables
from dashboard import data

VISITORS = 6


@pytest.fixture
def fresh_build(tmp_path, monkeypatch):
    """A NEWS_DASHBOARD_BUILD with nothing in it, and the server-wide caches of stored tables emptied."""
    monkeypatch.setenv(data.BUILD_ENV, str(tmp_path / "build"))
    data.seed_tables.clear()
    data._kept_in_memory.clear()
    yield tmp_path / "build"
    data.seed_tables.clear()
    data._kept_in_memory.clear()


def test_visitors_arriving_together_share_one_analysis_of_the_seeds(fresh_build):
    key = data.seeds_key()
    assert not data.seeds_built(key)
    data.pipeline(data.seed_settings().model)  # the model is loaded already, so the visitors do arrive together
    progress: list[list[int]] = [[] for _ in range(VISITORS)]
    arrived = threading.Barrier(VISITORS)

    def visit(number: int) -> bool:
        arrived.wait(timeout=60)
        data.build_seeds(key, progress=lambda done, total: progress[number].append(done))
        return data.seeds_built(key)

    with ThreadPoolExecutor(VISITORS) as pool:
        built = list(pool.map(visit, range(VISITORS)))
    assert built == [True] * VISITORS, "every visitor sees the analysed seeds"
    analysed_by = [number for number, calls in enumerate(progress) if calls]
    assert len(analysed_by) == 1, f"the seeds were analysed {len(analysed_by)} times"
    documents = len(read_tables(fresh_build / "seeds").documents)
    assert progress[analysed_by[0]][-1] == documents == 5
