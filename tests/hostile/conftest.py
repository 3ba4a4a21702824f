"""The hostile inputs, written once per session, and one CLI build and one upload analysis over all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from analysis import Corpus, Tables, read_tables
from dashboard import data
from scripts.hostile_inputs import HostileInput, cases, good, run_cli, write

FOLDER = "hostile"


@dataclass(frozen=True, slots=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    manifest: dict
    tables: Tables


@dataclass(frozen=True, slots=True)
class UploadRun:
    corpus: Corpus
    tables: Tables


@pytest.fixture(scope="session")
def inputs() -> list[HostileInput]:
    return [*cases(), good()]


@pytest.fixture(scope="session")
def cli_run(inputs, tmp_path_factory) -> CliRun:
    """``python -m analysis build hostile/ --out out/`` in a real process, as a user runs it."""
    base = tmp_path_factory.mktemp("hostile-cli")
    folder = write(inputs, base / FOLDER)
    result = run_cli(folder, base / "out")
    out = base / "out"
    assert (out / "manifest.json").is_file(), (
        f"the build wrote no manifest (exit code {result.returncode}):\n{result.stderr}"
    )
    manifest = json.loads((out / "manifest.json").read_text())
    return CliRun(result.returncode, result.stdout, result.stderr, manifest, read_tables(out))


@pytest.fixture(scope="session")
def upload_run(inputs) -> UploadRun:
    """Every input uploaded at once, through the functions the dashboard's upload button calls."""
    corpus = data.load_uploads([(item.name, item.data) for item in inputs])
    return UploadRun(corpus=corpus, tables=data.analyse_uploads(corpus))
