"""Engines: the same tables whether documents are analysed in this process, on a local pool or on Dask."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pandas as pd
import pytest

from analysis import Corpus, Settings, SettingsError, load_bytes, load_corpus
from analysis.engine import DaskEngine, LocalPool, open_engine
from analysis.pipeline import build
from analysis.storage import read_tables
from bench.make_corpus import Writer
from tests.conftest import ROOT, SEEDS


def same_tables(a, b):
    for name, frame in a.as_dict().items():
        pd.testing.assert_frame_equal(frame, getattr(b, name), obj=name)


@pytest.fixture(scope="module")
def generated(gazetteer) -> Corpus:
    """A small corpus from the project's generator: shuffled seed sentences, new people and towns."""
    writer = Writer(random.Random(11), words=120, gazetteer=gazetteer)
    rows = "\n".join(json.dumps(writer.article(i)) for i in range(30))
    return load_bytes("generated.jsonl", rows.encode())


@pytest.fixture(scope="module")
def generated_tables(generated, nlp, gazetteer):
    return build(generated, nlp=nlp, gazetteer=gazetteer).tables


@pytest.fixture(scope="module")
def dask_engine():
    with DaskEngine(Settings(), workers=2) as engine:
        yield engine


def test_a_dask_local_cluster_of_two_workers_makes_the_same_tables(
    dask_engine, seeds_tables, generated, generated_tables, gazetteer
):
    assert dask_engine.workers == 2 and dask_engine.address.startswith("tcp://127.0.0.1:")
    for corpus, expected in ((load_corpus(SEEDS), seeds_tables), (generated, generated_tables)):
        result = build(corpus, engine=dask_engine, gazetteer=gazetteer)
        assert result.workers == 2 and result.computed["entities"] == len(corpus.documents)
        same_tables(result.tables, expected)


def test_the_cli_runs_on_a_running_dask_scheduler(dask_engine, seeds_tables, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "analysis", "build", str(SEEDS), "--out", str(out), "--quiet", "--no-cache"]
    command += ["--engine", "dask", "--scheduler", dask_engine.address]
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engine"] == {"name": "dask", "workers": 2, "scheduler": dask_engine.address}
    same_tables(read_tables(out), seeds_tables)


def test_a_local_pool_of_two_workers_makes_the_same_tables(generated, generated_tables, gazetteer):
    with LocalPool(Settings(), workers=2) as pool:
        result = build(generated, engine=pool, gazetteer=gazetteer)
    assert result.workers == 2 and result.computed["entities"] == len(generated.documents)
    same_tables(result.tables, generated_tables)


@pytest.mark.parametrize(
    ("name", "workers", "scheduler", "named"),
    [
        ("spark", None, None, "spark"),
        ("local", 0, None, "0"),
        ("local", None, "tcp://127.0.0.1:8786", "tcp://127.0.0.1:8786"),
    ],
)
def test_an_engine_that_cannot_be_opened_is_named(name, workers, scheduler, named):
    with pytest.raises(SettingsError, match=named):
        open_engine(name, Settings(), workers=workers, scheduler=scheduler)
