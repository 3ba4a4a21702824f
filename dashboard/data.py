"""The dashboard's data layer: the only module with ``st.cache_*``.

The spaCy pipeline and the gazetteer are cached resources (loaded once per
server). The seeds are analysed once and kept as Parquet under ``build/seeds``;
their tables are cached data keyed by the content hash of the seed files and the
settings. Uploads are keyed by the hash of their bytes, never by a file name,
and their tables stay in the uploading session.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from analysis import Corpus, Settings, Tables, TablesError, analyze, load_bytes, load_corpus, read_tables, write_tables
from analysis.corpus import sidecar
from analysis.pipeline import build_manifest, fingerprint, load_gazetteer, load_nlp, load_online
from analysis.storage import read_manifest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BUILD = Path(os.environ.get("NEWS_DASHBOARD_BUILD", ROOT / "build")) / "seeds"
Progress = Callable[[int, int], object]


def online_settings() -> Settings:
    """The opt-in online geocoder is offered only when the operator names the app to Nominatim
    (environment variable NEWS_GEOCODER_USER_AGENT)."""
    return Settings(geocoder_user_agent=os.environ.get("NEWS_GEOCODER_USER_AGENT") or None)


@st.cache_resource(show_spinner=False)
def online():
    """The one online geocoder of this server (its rate limit holds per object); None when not configured."""
    return load_online(online_settings())


def seed_settings() -> Settings:
    """Settings for the seeds: their folder's aliases.csv and overrides.csv apply, as in the CLI."""
    return Settings(aliases=sidecar([SEEDS], "aliases.csv"), place_overrides=sidecar([SEEDS], "overrides.csv"))


@st.cache_resource(show_spinner="Loading the place gazetteer…")
def gazetteer():
    return load_gazetteer(Settings())


@st.cache_resource(show_spinner="Loading the language model…")
def pipeline():
    return load_nlp(Settings(), gazetteer=gazetteer())


def seeds_key() -> str:
    """A hash of the seed files and of the analysis itself (code, data, settings, model): changes whenever a rebuild is due."""
    digest = hashlib.sha256(fingerprint(seed_settings()).encode())
    for path in sorted(p for p in SEEDS.rglob("*") if p.is_file()):
        digest.update(path.relative_to(SEEDS).as_posix().encode())
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
    return Corpus.concat(load_bytes(name, data) for name, data in files)


def analyse_uploads(corpus: Corpus, *, look_up_online: bool = False, progress: Progress | None = None) -> Tables:
    """Tables of a user's uploaded corpus (kept per session by the caller, never shared)."""
    geocoder = online() if look_up_online else None
    return analyze(corpus, nlp=pipeline(), gazetteer=gazetteer(), online=geocoder, progress=progress)
