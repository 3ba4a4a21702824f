"""Stored builds for the dashboard tests: the analysed seeds, and a small corpus synthesised from them the way the
large benchmark corpora are (row groups, clustered by outlet and date)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import read_tables, write_tables
from bench.make_tables import synthesise

SYNTHETIC_ARTICLES = 400


@pytest.fixture(scope="session")
def seeds_build(seeds_tables, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-build")
    write_tables(seeds_tables, out, manifest={"inputs": ["seeds"]})
    return out


@pytest.fixture(scope="session")
def synthetic_build(seeds_build, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic-build")
    return synthesise(read_tables(seeds_build), out, articles=SYNTHETIC_ARTICLES, seed=3, batch_docs=64)
