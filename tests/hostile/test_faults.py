"""Faults: a missing or broken model, damaged or half-written stored tables, an unwritable build folder and a
build killed mid-way. Each is met with a clear message or a notice, and the dashboard keeps working."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy
from streamlit.testing.v1 import AppTest

from analysis import read_tables, write_tables
from analysis.config import DEFAULT_MODEL
from analysis.storage import MANIFEST, read_manifest
from dashboard import data
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 300


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """One complete build of the seeds, copied by the tests that damage it."""
    build = tmp_path_factory.mktemp("pristine")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(data.BUILD_ENV, str(build))
        data.seed_tables.clear()
        data.build_seeds(data.seeds_key())
    return build


@pytest.fixture
def build(tmp_path, monkeypatch) -> Path:
    """A fresh NEWS_DASHBOARD_BUILD for this test, with the server-wide caches of stored tables emptied."""
    monkeypatch.setenv(data.BUILD_ENV, str(tmp_path / "build"))
    data.seed_tables.clear()
    data._kept_in_memory.clear()
    yield tmp_path / "build"
    data.seed_tables.clear()
    data._kept_in_memory.clear()


def open_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def documents_metric(at: AppTest) -> str | None:
    return next((m.value for m in at.metric if m.label == "Documents"), None)


def broken_model(folder: Path) -> Path:
    """A copy of the installed model with its NER weights cut short, as an interrupted copy leaves them."""
    source = Path(spacy.util.get_package_path(DEFAULT_MODEL))
    model = next(p for p in source.iterdir() if p.is_dir() and (p / "config.cfg").is_file())
    copy = shutil.copytree(model, folder / "broken_model")
    weights = copy / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:1000])
    return copy


DAMAGE = {
    "half-written table": lambda seeds: (seeds / "mentions.parquet").write_bytes(
        (seeds / "mentions.parquet").read_bytes()[:200]
    ),
    "garbage table": lambda seeds: (seeds / "places.parquet").write_bytes(b"not parquet at all" * 10),
    "missing table": lambda seeds: (seeds / "keywords.parquet").unlink(),
    "half-written manifest": lambda seeds: (seeds / MANIFEST).write_text((seeds / MANIFEST).read_text()[:50]),
    "manifest not an object": lambda seeds: (seeds / MANIFEST).write_text("[1, 2, 3]"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_stored_tables_are_analysed_again_with_a_notice(damage, pristine, build):
    shutil.copytree(pristine, build)
    DAMAGE[damage](build / "seeds")
    at = open_app()
    assert not at.exception, [e.value for e in at.exception]
    assert documents_metric(at) == "5 of 5"
    assert any("could not be read" in w.value for w in at.warning), [w.value for w in at.warning]
    assert read_tables(build / "seeds").documents.shape[0] == 5
    assert read_manifest(build / "seeds")["corpus_key"] == data.seeds_key()
    again = open_app()
    assert not again.warning, "once rebuilt, the notice is gone"


def test_an_unwritable_build_folder_falls_back_to_memory_with_a_notice(build):
    build.parent.mkdir(parents=True, exist_ok=True)
    build.write_text("a file where the build folder should be")
    at = open_app()
    assert not at.exception, [e.value for e in at.exception]
    assert documents_metric(at) == "5 of 5"
    notice = [w.value for w in at.warning if "kept in memory" in w.value]
    assert notice and str(build) not in notice[0], "the notice names the setting, not the server's paths"
    again = open_app()
    assert documents_metric(again) == "5 of 5" and any("kept in memory" in w.value for w in again.warning)


KILL_POINTS = ("analysis", "first table replaced", "manifest")
# Loads the model once, then forks one build per folder and kills it at its point: while analysing (at the
# third article), just after the first table file was replaced, or just before the manifest is. Prints each
# child's exit status.
KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from dashboard import data

    data.pipeline(data.model_name())
    data.gazetteer()
    for where, folder in zip(sys.argv[1::2], sys.argv[2::2]):
        child = os.fork()
        if child == 0:
            os.environ[data.BUILD_ENV] = folder
            renamed = []
            def die():
                os.kill(os.getpid(), signal.SIGKILL)
            def watch(event, args):
                if event == "os.rename" and str(args[1]).startswith(str(data.seeds_dir())):
                    renamed.append(args[1])
                    if (where == "first table replaced" and len(renamed) == 2) or (
                        where == "manifest" and str(args[1]).endswith("manifest.json")
                    ):
                        die()
            sys.addaudithook(watch)
            # Progress comes a chunk of documents at a time: the first report is mid-way through the analysis.
            data.build_seeds(data.seeds_key(), progress=lambda done, total: die() if where == "analysis" else None)
            os._exit(0)
        print(where, os.waitpid(child, 0)[1], flush=True)
    """
)


@pytest.fixture(scope="module")
def killed_builds(pristine, tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """For each kill point: a build folder that held an earlier build when a new build was killed there, and
    the killed process's wait status."""
    earlier = read_tables(pristine / "seeds")
    folders = {}
    for where in KILL_POINTS:
        folders[where] = tmp_path_factory.mktemp("killed") / "build"
        write_tables(
            earlier,
            folders[where] / "seeds",
            manifest={**read_manifest(pristine / "seeds"), "corpus_key": "earlier-seeds"},
        )
    arguments = [str(value) for where, folder in folders.items() for value in (where, folder)]
    result = subprocess.run(
        [sys.executable, "-c", KILLER, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    status = dict(line.rsplit(" ", 1) for line in result.stdout.splitlines())
    return {where: (folders[where], int(status[where])) for where in KILL_POINTS}


@pytest.mark.parametrize("where", KILL_POINTS)
def test_a_build_killed_midway_leaves_the_previous_tables_readable_and_the_next_completes(
    where, killed_builds, monkeypatch
):
    folder, status = killed_builds[where]
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert read_manifest(folder / "seeds")["corpus_key"] == "earlier-seeds"
    assert read_tables(folder / "seeds").documents.shape[0] == 5, "the previous results stay readable"

    monkeypatch.setenv(data.BUILD_ENV, str(folder))
    data.seed_tables.clear()
    at = open_app()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert documents_metric(at) == "5 of 5"
    assert read_manifest(folder / "seeds")["corpus_key"] == data.seeds_key()
    assert list((folder / "seeds").glob(".*.tmp")) == [], "what the killed build left behind is cleared"


@pytest.mark.parametrize("model", ["missing", "broken"])
def test_a_missing_or_broken_model_is_named_in_the_app(model, build, tmp_path, monkeypatch):
    name = "en_core_web_missing" if model == "missing" else str(broken_model(tmp_path))
    monkeypatch.setenv(data.MODEL_ENV, name)
    at = open_app()
    assert not at.exception, [e.value for e in at.exception]
    message = " ".join(e.value for e in at.error).replace("\\", "")
    assert name in message and "cannot be loaded" in message and data.MODEL_ENV in message
    assert ("install it with" if model == "missing" else "complete copy of the model") in message
    assert documents_metric(at) is None


def test_a_broken_model_is_named_by_the_cli(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks in Baku on Monday.", encoding="utf-8")
    model = broken_model(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", str(article), "--out", str(tmp_path / "out"),
         "--model", str(model), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 3
    assert (
        str(model) in result.stderr
        and "cannot be loaded" in result.stderr
        and "complete copy of the model" in result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout


def test_every_cache_is_bounded():
    """Many users share one server: every st.cache_data / st.cache_resource has max_entries or ttl."""
    unbounded = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                cached = isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource")
                if cached and (call is None or not {k.arg for k in call.keywords} & {"max_entries", "ttl"}):
                    unbounded.append(f"{path.name}:{node.name}")
    assert unbounded == []
