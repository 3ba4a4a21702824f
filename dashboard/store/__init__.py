"""Where the views' numbers come from: one contract, two backends, and which one a build gets.

A view asks ``store.ask(question, selection, **options)`` with a question of
:mod:`dashboard.store.questions` (its contract is :mod:`dashboard.store.base`). Small corpora are
answered in memory with pandas (:mod:`dashboard.store.memory`); stored builds larger than
``MEMORY_MAX_ROWS`` by DuckDB from the Parquet files and a compact index built beside them once
(:mod:`dashboard.store.duck`). Both give the same answers (``tests/dashboard/store/``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import pyarrow.parquet as pq

from dashboard.store.base import FRAME_DOCS, Catalog, Frames, Kind, Rows, Selection, Store, Term

__all__ = ["FRAME_DOCS", "Catalog", "Frames", "Kind", "Rows", "Selection", "Store", "Term", "open_build", "stored_rows"]

# Rows over the per-document tables (documents, mentions, places, keywords, sentences) above which a
# stored build is queried with DuckDB instead of read into pandas: about 5,000 articles. Pandas answers a
# filter change over that many rows in well under 100 ms and holds them in a few hundred MB.
MEMORY_MAX_ROWS = 750_000
SIZED_TABLES = ("documents", "mentions", "places", "keywords", "sentences")


def stored_rows(build: str | os.PathLike[str]) -> int:
    """Rows of the per-document tables of a stored build, read from the Parquet footers only."""
    return sum(pq.ParquetFile(Path(build) / f"{name}.parquet").metadata.num_rows for name in SIZED_TABLES)


def open_build(build: str | os.PathLike[str], *, engine: Literal["auto", "memory", "duckdb"] = "auto") -> Store:
    """A store over a stored build: in memory up to ``MEMORY_MAX_ROWS`` rows, else DuckDB (``engine`` forces one)."""
    if engine == "memory" or (engine == "auto" and stored_rows(build) <= MEMORY_MAX_ROWS):
        from analysis.storage import read_tables
        from dashboard.store.memory import MemoryStore

        return MemoryStore(read_tables(build))
    # Imported here: DuckDB is only needed, and only loaded, for large builds.
    from dashboard.store.duck import DuckStore

    return DuckStore(build)
