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
