"""Turn a corpus of news articles into tidy tables: documents, entities, keywords, sources and places.

    from analysis import load_corpus, analyze
    tables = analyze(load_corpus("seeds"))
"""

from analysis.config import Settings
from analysis.corpus import load_bytes, load_corpus
from analysis.errors import (
    AnalysisError,
    DecodingError,
    FileTooLargeError,
    InputError,
    ModelNotFoundError,
    SettingsError,
    TablesError,
)
from analysis.pipeline import analyze
from analysis.storage import read_tables, write_tables
from analysis.tables import Tables
from analysis.types import Corpus, Document, LoadError

__all__ = [
    "AnalysisError",
    "Corpus",
    "Document",
    "LoadError",
    "DecodingError",
    "FileTooLargeError",
    "InputError",
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
