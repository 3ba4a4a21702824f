"""The dashboard's data layer: the only module with ``st.cache_*``.

The spaCy pipeline and the gazetteer are cached resources (loaded once per
server). The seeds are analysed once and kept as Parquet under ``build/seeds``
(environment variable NEWS_DASHBOARD_BUILD moves ``build``); their tables are
cached data keyed by the content hash of the seed files and the settings. Stored
tables that cannot be read are analysed again with a notice, and when the folder
cannot be written the tables are kept in memory instead, also with a notice.
Uploads are keyed by the hash of their bytes, never by a file name, and their
tables stay in the uploading session. Every cache is bounded.
A prebuilt build named by ``NEWS_DASHBOARD_TABLES`` is shown instead of the seeds: read into
memory when small, else queried in place by one shared DuckDB store.

The analysis pipeline (spaCy, YAKE, the gazetteer) is imported only when
something is to be analysed, so opening stored tables does not pay for it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from analysis import Settings, Tables, TablesError, read_tables, write_tables
from analysis.config import DEFAULT_MODEL
from analysis.fingerprint import build_fingerprint
from analysis.storage import MANIFEST, read_manifest
from analysis.types import Corpus
from dashboard import store
from dashboard.store import Store
from dashboard.store.memory import MemoryStore

if TYPE_CHECKING:
    from analysis.geo.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BUILD_ENV = "NEWS_DASHBOARD_BUILD"
MODEL_ENV = "NEWS_DASHBOARD_MODEL"
# Upload ids live apart from the seeds' (file stems and hashes never contain ":"), so "Both" never mixes two documents.
UPLOAD_PREFIX = "upload:"
Progress = Callable[[int, int], object]
log = logging.getLogger(__name__)


def seeds_dir() -> Path:
    """Where the seeds' tables are stored: ``build/seeds`` under the repository, or under NEWS_DASHBOARD_BUILD."""
    return Path(os.environ.get(BUILD_ENV) or ROOT / "build") / "seeds"


def model_name() -> str:
    """The spaCy model the dashboard analyses with: NEWS_DASHBOARD_MODEL, else the package default."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def online_settings() -> Settings:
    """The opt-in online geocoder is offered only when the operator names the app to Nominatim
    (environment variable NEWS_GEOCODER_USER_AGENT)."""
    return Settings(model=model_name(), geocoder_user_agent=os.environ.get("NEWS_GEOCODER_USER_AGENT") or None)


@st.cache_resource(show_spinner=False, max_entries=1)
def online():
    """The one online geocoder of this server (its rate limit holds per object); None when not configured."""
    from analysis.models import load_online

    return load_online(online_settings())


def seed_settings() -> Settings:
    """Settings for the seeds: their folder's aliases.csv and overrides.csv apply, as in the CLI."""
    aliases, overrides = SEEDS / "aliases.csv", SEEDS / "overrides.csv"
    return Settings(
        model=model_name(),
        aliases=aliases if aliases.is_file() else None,
        place_overrides=overrides if overrides.is_file() else None,
    )


@st.cache_resource(show_spinner="Loading the place gazetteer…", max_entries=1)
def gazetteer() -> Gazetteer:
    from analysis.models import load_gazetteer

    return load_gazetteer(Settings())


@st.cache_resource(show_spinner="Loading the language model…", max_entries=2)
def pipeline(model: str):
    """The spaCy pipeline for ``model``; a missing or broken model raises ModelNotFoundError (not cached)."""
    from analysis.models import load_nlp

    return load_nlp(Settings(model=model), gazetteer=gazetteer())


def seeds_key() -> str:
    """A hash of the seed files and of the analysis itself (its code and data files, the settings, the model's
    installed version: :func:`analysis.fingerprint.build_fingerprint`, which loads no spaCy): changes whenever
    a rebuild is due."""
    digest = hashlib.sha256(build_fingerprint(seed_settings()).encode())
    for path in sorted(p for p in SEEDS.rglob("*") if p.is_file()):
        digest.update(path.relative_to(SEEDS).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def seeds_built(key: str) -> bool:
    """Whether up-to-date tables for the seeds are stored (or kept in memory because they cannot be).

    Stored tables that cannot be read (a half-written or corrupted file) count as not
    built, so they are analysed again, and the user is told.
    """
    if key in _kept_in_memory():
        return True
    try:
        return _stored(key)
    except TablesError as err:
        log.warning("stored seed tables are damaged, analysing the seeds again: %s", err)
        st.warning(
            "The stored tables of the bundled articles could not be read (a damaged or half-written file); "
            "they are analysed again.",
            icon="🛠️",
        )
        return False


def build_seeds(key: str, *, progress: Progress | None = None) -> None:
    """Analyse the seeds and store their tables; the manifest's key marks them up to date.

    One build at a time per server: sessions arriving during the first start wait for it
    rather than analyse the seeds again. When the folder cannot be written, the tables
    are kept in memory (see :func:`storage_notice`).
    """
    from analysis.loading import load_corpus
    from analysis.manifest import build_manifest
    from analysis.pipeline import analyze

    with _build_lock():
        try:
            if key in _kept_in_memory() or _stored(key):
                return
        except TablesError:
            pass  # damaged: analysed again below
        settings = seed_settings()
        nlp = pipeline(settings.model)
        corpus = load_corpus(SEEDS, settings=settings)
        tables = analyze(corpus, settings, nlp=nlp, gazetteer=gazetteer(), progress=progress)
        manifest = build_manifest(tables, settings, nlp=nlp, inputs=["seeds"])
        folder = seeds_dir()
        try:
            _remove_temporaries(folder)
            write_tables(tables, folder, manifest={**manifest, "corpus_key": key})
        except OSError as err:
            log.warning("cannot store the seed tables in %s (%s); keeping them in memory", folder, err)
            memory = _kept_in_memory()
            memory.clear()
            memory[key] = (tables, err.strerror or type(err).__name__)


@st.cache_data(show_spinner=False, max_entries=4)
def seed_tables(key: str) -> Tables:
    """The seed tables for ``key``: stored ones, or those kept in memory when they could not be stored."""
    kept = _kept_in_memory().get(key)
    return kept[0] if kept else read_tables(seeds_dir())


def storage_notice() -> str | None:
    """What the user should know about where the seed tables live: None when they are stored as usual."""
    reasons = [reason for _, reason in _kept_in_memory().values()]
    if not reasons:
        return None
    return (
        f"The analysed bundled articles are kept in memory only: the build folder cannot be written ({reasons[0]}). "
        f"They will be analysed again after a restart; set {BUILD_ENV} to a writable folder to keep them."
    )


def upload_key(files: Sequence[tuple[str, bytes]]) -> str:
    """The content hash of a set of uploads (each file's bytes and the name that picks its format)."""
    digest = hashlib.sha256()
    for name, data in sorted(files, key=lambda f: hashlib.sha256(f[1]).digest()):
        digest.update(hashlib.sha256(name.encode("utf-8", "replace")).digest())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def load_uploads(files: Sequence[tuple[str, bytes]]) -> Corpus:
    """The uploads as one corpus: ids unique among themselves and apart from the seeds' (see UPLOAD_PREFIX)."""
    from analysis.loading import load_bytes, unique_ids

    return unique_ids(Corpus.concat(load_bytes(name, data) for name, data in files), prefix=UPLOAD_PREFIX)


def analyse_uploads(corpus: Corpus, *, look_up_online: bool = False, progress: Progress | None = None) -> Tables:
    """Tables of a user's uploaded corpus (kept per session by the caller, never shared)."""
    from analysis.pipeline import analyze

    geocoder = online() if look_up_online else None
    settings = Settings(model=model_name())
    nlp = pipeline(settings.model)
    return analyze(corpus, settings, nlp=nlp, gazetteer=gazetteer(), online=geocoder, progress=progress)


@st.cache_resource(max_entries=1)
def _kept_in_memory() -> dict[str, tuple[Tables, str]]:
    """Seed tables that could not be stored (key -> tables and why), shared by the server's sessions."""
    return {}


@st.cache_resource(max_entries=1)
def _build_lock() -> threading.Lock:
    return threading.Lock()


def _stored_key() -> object:
    """The key of the stored seed tables; None when nothing is stored there."""
    if not (seeds_dir() / MANIFEST).exists():
        return None
    manifest = read_manifest(seeds_dir())
    if not isinstance(manifest, dict):
        raise TablesError(f"{MANIFEST} holds {type(manifest).__name__}, not an object")
    return manifest.get("corpus_key")


def _stored(key: str) -> bool:
    """Whether the stored tables are those of ``key``, read once (then cached) to be sure they are whole;
    TablesError when they are damaged."""
    return _stored_key() == key and seed_tables(key) is not None


def _remove_temporaries(folder: Path) -> None:
    """Remove what an interrupted build left behind (each table is written to a temporary name first)."""
    for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
        leftover.unlink(missing_ok=True)


def stored_build() -> str | None:
    """The prebuilt build the operator named (environment variable NEWS_DASHBOARD_TABLES), if any."""
    return os.environ.get("NEWS_DASHBOARD_TABLES") or None


def stored(path: str) -> Store:
    """The store of a prebuilt build: its tables in memory up to ``MEMORY_MAX_ROWS`` rows, else the shared DuckDB
    store."""
    stamp = _build_stamp(path)
    if store.stored_rows(path) > store.MEMORY_MAX_ROWS:
        return _large_store(path, stamp)
    return MemoryStore(_stored_tables(path, stamp))


@st.cache_resource(
    max_entries=2,
    show_spinner="Opening the stored articles (the first time, their index is built: minutes for a million)…",
)
def _large_store(path: str, stamp: str) -> Store:
    """One DuckDB store per build and server: it holds no DataFrame, only a connection, and answers every session.
    A missing index is built by a child process, so the memory building it takes is returned when it ends."""
    subprocess.run([sys.executable, "-m", "dashboard.store.duck", path], check=True, stdout=subprocess.DEVNULL)
    return store.open_build(path, engine="duckdb")


@st.cache_data(show_spinner=False, max_entries=2)
def _stored_tables(path: str, stamp: str) -> Tables:
    return read_tables(path)


def _build_stamp(path: str) -> str:
    """Changes when the build is rewritten (its manifest is written last)."""
    manifest = Path(path) / "manifest.json"
    stat = manifest.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"
