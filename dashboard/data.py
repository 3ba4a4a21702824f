"""The dashboard's data layer: the only module with ``st.cache_*``.

The spaCy pipeline and the gazetteer are cached resources (loaded once per
server). The seeds are analysed once and kept as Parquet under ``build/seeds``;
their tables are cached data keyed by the content hash of the seed files and the
settings. Uploads are keyed by the hash of their bytes, never by a file name,
and their tables stay in the uploading session. A prebuilt build named by
``NEWS_DASHBOARD_TABLES`` is shown instead of the seeds: read into memory when
small, else queried in place by one shared DuckDB store.

The analysis pipeline (spaCy, YAKE, the gazetteer) is imported only when
something is to be analysed, so opening stored tables does not pay for it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from analysis import Settings, Tables, TablesError, read_tables, write_tables
from analysis.storage import read_manifest
from analysis.types import Corpus
from dashboard import store
from dashboard.memory import MemoryStore
from dashboard.store import Store

if TYPE_CHECKING:
    from analysis.geo.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ANALYSIS = ROOT / "analysis"
BUILD = Path(os.environ.get("NEWS_DASHBOARD_BUILD", ROOT / "build")) / "seeds"
Progress = Callable[[int, int], object]


def online_settings() -> Settings:
    """The opt-in online geocoder is offered only when the operator names the app to Nominatim
    (environment variable NEWS_GEOCODER_USER_AGENT)."""
    return Settings(geocoder_user_agent=os.environ.get("NEWS_GEOCODER_USER_AGENT") or None)


@st.cache_resource(show_spinner=False)
def online():
    """The one online geocoder of this server (its rate limit holds per object); None when not configured."""
    from analysis.pipeline import load_online

    return load_online(online_settings())


def seed_settings() -> Settings:
    """Settings for the seeds: their folder's aliases.csv and overrides.csv apply, as in the CLI."""
    aliases, overrides = SEEDS / "aliases.csv", SEEDS / "overrides.csv"
    return Settings(aliases=aliases if aliases.is_file() else None, place_overrides=overrides if overrides.is_file() else None)


@st.cache_resource(show_spinner="Loading the place gazetteer…")
def gazetteer() -> Gazetteer:
    from analysis.pipeline import load_gazetteer

    return load_gazetteer(Settings())


@st.cache_resource(show_spinner="Loading the language model…")
def pipeline():
    from analysis.pipeline import load_nlp

    return load_nlp(Settings(), gazetteer=gazetteer())


def seeds_key() -> str:
    """A hash of the seed files and of the analysis itself (code and data files, settings, the model's installed
    version; what ``analysis.pipeline.fingerprint`` hashes), made without importing the pipeline so a start on
    stored tables does not load spaCy: changes whenever a rebuild is due."""
    settings = seed_settings()
    digest = hashlib.sha256(json.dumps(settings.as_dict(), sort_keys=True).encode())
    try:
        digest.update(importlib.metadata.version(settings.model).encode())
    except importlib.metadata.PackageNotFoundError:
        digest.update(b"no model")
    for folder, suffixes in ((ANALYSIS, (".py", ".csv", ".txt")), (SEEDS, None)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and (suffixes is None or p.suffix in suffixes)):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def seeds_built(key: str) -> bool:
    """Whether up-to-date tables for the seeds are stored."""
    try:
        return read_manifest(BUILD).get("corpus_key") == key
    except TablesError:
        return False


def build_seeds(key: str, *, progress: Progress | None = None) -> None:
    """Analyse the seeds and store their tables; the manifest's key marks them up to date."""
    from analysis.corpus import load_corpus
    from analysis.pipeline import analyze, build_manifest

    settings = seed_settings()
    corpus = load_corpus(SEEDS, settings=settings)
    tables = analyze(corpus, settings, nlp=pipeline(), gazetteer=gazetteer(), progress=progress)
    manifest = build_manifest(tables, settings, nlp=pipeline(), inputs=["seeds"])
    write_tables(tables, BUILD, manifest={**manifest, "corpus_key": key})


@st.cache_data(show_spinner=False, max_entries=4)
def seed_tables(key: str) -> Tables:
    """The stored seed tables for ``key`` (the key only separates cache entries)."""
    return read_tables(BUILD)


def upload_key(files: Sequence[tuple[str, bytes]]) -> str:
    """The content hash of a set of uploads (each file's bytes and the name that picks its format)."""
    digest = hashlib.sha256()
    for name, data in sorted(files, key=lambda f: hashlib.sha256(f[1]).digest()):
        digest.update(hashlib.sha256(name.encode("utf-8", "replace")).digest())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def load_uploads(files: Sequence[tuple[str, bytes]]) -> Corpus:
    from analysis.corpus import load_bytes

    return Corpus.concat(load_bytes(name, data) for name, data in files)


def analyse_uploads(corpus: Corpus, *, look_up_online: bool = False, progress: Progress | None = None) -> Tables:
    """Tables of a user's uploaded corpus (kept per session by the caller, never shared)."""
    from analysis.pipeline import analyze

    geocoder = online() if look_up_online else None
    return analyze(corpus, nlp=pipeline(), gazetteer=gazetteer(), online=geocoder, progress=progress)


def stored_build() -> str | None:
    """The prebuilt build the operator named (environment variable NEWS_DASHBOARD_TABLES), if any."""
    return os.environ.get("NEWS_DASHBOARD_TABLES") or None


def stored(path: str) -> Store:
    """The store of a prebuilt build: its tables in memory up to ``MEMORY_MAX_ROWS`` rows, else the shared DuckDB store."""
    stamp = _build_stamp(path)
    if store.stored_rows(path) > store.MEMORY_MAX_ROWS:
        return _large_store(path, stamp)
    return MemoryStore(_stored_tables(path, stamp))


@st.cache_resource(show_spinner="Opening the stored articles (the first time, their index is built: minutes for a million)…")
def _large_store(path: str, stamp: str) -> Store:
    """One DuckDB store per build and server: it holds no DataFrame, only a connection, and answers every session.
    A missing index is built by a child process, so the memory building it takes is returned when it ends."""
    subprocess.run([sys.executable, "-m", "dashboard.duck", path], check=True, stdout=subprocess.DEVNULL)
    return store.open_build(path, engine="duckdb")


@st.cache_data(show_spinner=False, max_entries=2)
def _stored_tables(path: str, stamp: str) -> Tables:
    return read_tables(path)


def _build_stamp(path: str) -> str:
    """Changes when the build is rewritten (its manifest is written last)."""
    manifest = Path(path) / "manifest.json"
    stat = manifest.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"
