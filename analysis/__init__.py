"""Turn a corpus of news articles into tidy tables: documents, entities, keywords, sources and places.

    from analysis import load_corpus, analyze
    tables = analyze(load_corpus("seeds"))

``analyze`` and the loaders are imported on first use: reading stored tables (the
dashboard) then needs neither spaCy nor the HTML extractor.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from analysis.config import Settings
from analysis.errors import (
    AnalysisError,
    DecodingError,
    FileTooLargeError,
    InputError,
    ModelNotFoundError,
    SettingsError,
    TablesError,
)
from analysis.storage import read_tables, write_tables
from analysis.tables import Tables
from analysis.types import Corpus, Document, LoadError

if TYPE_CHECKING:
    from analysis.loading import load_bytes, load_corpus
    from analysis.pipeline import analyze

_LAZY = {"analyze": "analysis.pipeline", "load_bytes": "analysis.loading", "load_corpus": "analysis.loading"}

__all__ = [
    "AnalysisError",
    "Corpus",
    "DecodingError",
    "Document",
    "FileTooLargeError",
    "InputError",
    "LoadError",
    "ModelNotFoundError",
    "Settings",
    "SettingsError",
    "Tables",
    "TablesError",
    "analyze",
    "load_bytes",
    "load_corpus",
    "read_tables",
    "write_tables",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
