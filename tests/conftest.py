"""Session-wide fixtures: the real model, gazetteer and the analysed seeds are loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import Settings, Tables, analyze, load_corpus
from analysis.models import load_gazetteer, load_nlp

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer(Settings())


@pytest.fixture(scope="session")
def nlp(gazetteer):
    return load_nlp(Settings(), gazetteer=gazetteer)


@pytest.fixture(scope="session")
def seeds_tables(nlp, gazetteer) -> Tables:
    return analyze(load_corpus(SEEDS), nlp=nlp, gazetteer=gazetteer)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Under pytest-xdist's `--dist loadgroup` (scripts/test.sh), the browser tests share one worker and so one
    # dashboard server and one Chromium: a second would compete for the cores with the 20-session test.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
