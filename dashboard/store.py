"""Where the views' numbers come from: one interface, two backends.

A view asks a :class:`Store` questions (counts, top entities by outlet, keyword
weights, map points, naming counts, terms over time, voices and their statements, terms per outlet,
the sentences behind a focus, a page of documents) about a :class:`Selection` (the
sidebar's filters plus the clicked focus) and gets back only the rows it draws. Small corpora are answered in memory
with pandas (:mod:`dashboard.memory`); stored builds larger than
``MEMORY_MAX_ROWS`` are answered by DuckDB from the Parquet files and a compact
index built beside them once (:mod:`dashboard.duck`). Both give the same answers
(``tests/dashboard/test_store.py``).

Rule for views at scale: ``store.large`` is True when the corpus is not held in
memory. Then :meth:`Store.frames` returns the selection's tables for at most
``FRAME_DOCS`` documents (the first in corpus order) together with how many match
in all; a view that works on whole frames must say so on screen
(``interact.frames_notice``) or add a question to the Store for an exact answer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import pandas as pd
import pyarrow.parquet as pq

from analysis.tables import Tables
from dashboard.aggregate import Counts, Dating, KeywordPanels, Naming, PlacePoints
from dashboard.filters import Filters
from dashboard.focus import Focus

# Rows over the per-document tables (documents, mentions, places, keywords, sentences) above which a
# stored build is queried with DuckDB instead of read into pandas: about 5,000 articles. Pandas answers a
# filter change over that many rows in well under 100 ms and holds them in a few hundred MB.
MEMORY_MAX_ROWS = 750_000
# Documents whose tables ``Store.frames`` hands to a view that needs whole frames, for a large corpus.
FRAME_DOCS = 2_000
SIZED_TABLES = ("documents", "mentions", "places", "keywords", "sentences")
Kind = Literal["doc", "outlet", "label", "entity", "place", "keyword", "speaker"]
KINDS: tuple[Kind, ...] = ("doc", "outlet", "label", "entity", "place", "keyword", "speaker")
Grouping = Literal["corpus", "outlet", "doc"]
Voice = Literal["outlet", "bureau", "voice"]
Term = Literal["entity", "keyword"]


@dataclass(frozen=True, slots=True)
class Selection:
    """What the views show: documents matching ``filters`` and, when a focus is set, containing it."""

    filters: Filters = field(default_factory=Filters)
    focus: Focus | None = None


@dataclass(frozen=True, slots=True)
class Catalog:
    """The whole corpus as the sidebar offers it: named outlets, entity types, date range, outlet colours."""

    n_docs: int
    outlets: tuple[str, ...]
    labels: tuple[str, ...]
    date_bounds: tuple[dt.date, dt.date] | None
    colours: dict[str, str]


@dataclass(frozen=True, slots=True)
class Page:
    """Some of the selected documents (doc_id, title, outlet, published), in corpus order, and how many there are."""

    rows: pd.DataFrame
    total: int


@dataclass(frozen=True, slots=True)
class Contexts:
    """Occurrences in their sentences (``focus.CONTEXT_COLUMNS``), in corpus order; ``total`` is how many there
    are in all, or None when the search stopped at the limit without counting the rest."""

    rows: pd.DataFrame
    total: int | None


@dataclass(frozen=True, slots=True)
class Statements:
    """Some of the selected quotations (``aggregate.STATEMENT_COLUMNS``), in corpus order, and how many there are."""

    rows: pd.DataFrame
    total: int


@dataclass(frozen=True, slots=True)
class Frames:
    """The selection's tables in pandas, for at most ``FRAME_DOCS`` documents of ``n_docs`` when the store is large."""

    tables: Tables
    n_docs: int

    @property
    def capped(self) -> bool:
        return len(self.tables.documents) < self.n_docs


class Store(Protocol):
    """The questions views ask. Every answer is computed over the whole selection, at any corpus size."""

    @property
    def large(self) -> bool: ...

    def catalog(self) -> Catalog: ...

    def counts(self, selection: Selection) -> Counts: ...

    def outlets(self, selection: Selection) -> pd.DataFrame:
        """The outlets table recounted over the selection (``aggregate.OUTLET_COLUMNS``)."""
        ...

    def entity_counts(self, selection: Selection, *, top: int) -> pd.DataFrame: ...

    def entity_variants(self, selection: Selection, *, merged_only: bool, limit: int | None) -> pd.DataFrame: ...

    def keyword_panels(self, selection: Selection, *, by: Grouping, top: int, max_groups: int) -> KeywordPanels: ...

    def place_points(self, selection: Selection) -> PlacePoints: ...

    def place_reasons(self, selection: Selection, *, limit: int | None) -> pd.DataFrame: ...

    def naming(self, selection: Selection, *, by: Voice, max_places: int | None) -> Naming: ...

    def naming_table(self, selection: Selection, *, limit: int | None) -> pd.DataFrame: ...

    def dating(self, selection: Selection) -> Dating: ...

    def timeline(self, selection: Selection, *, entities: Sequence[str], keywords: Sequence[str]) -> pd.DataFrame:
        """Mentions of each of ``entities`` and documents having each of ``keywords`` (ignoring case) per period and
        outlet, for ``charts.timeline`` (``aggregate.TIMELINE_COLUMNS``)."""
        ...

    def voices(self, selection: Selection, *, top: int) -> pd.DataFrame:
        """Statements per voice and outlet of the ``top`` voices (``aggregate.voice_counts``)."""
        ...

    def voice_kinds(self, selection: Selection) -> pd.DataFrame: ...

    def statements(self, selection: Selection, *, limit: int) -> Statements: ...

    def term_counts(self, selection: Selection, *, kind: Term) -> pd.DataFrame:
        """Mentions of each entity, or keyword rows of each keyword as spelled, per outlet, for
        ``analysis.distinctive.log_odds`` (``aggregate.term_counts``)."""
        ...

    def contexts(self, selection: Selection, *, limit: int) -> Contexts:
        """Where ``selection.focus`` occurs; empty without a focus."""
        ...

    def search(self, selection: Selection, term: str, *, doc_ids: Sequence[str], limit: int) -> Contexts:
        """Keyword in context: ``term`` as a whole word, ignoring case, in the selected documents among ``doc_ids``."""
        ...

    def documents(self, selection: Selection, *, limit: int) -> Page: ...

    def document(self, doc_id: str) -> Tables:
        """Every table's rows of one document (empty tables for an unknown id)."""
        ...

    def known(self, kind: Kind, values: Collection[str]) -> set[str]:
        """Those of ``values`` that name a document, outlet, entity type, entity, place or keyword of the corpus."""
        ...

    def place_name(self, place_id: str) -> str | None: ...

    def frames(self, selection: Selection, *, max_docs: int = FRAME_DOCS) -> Frames: ...


def stored_rows(build: str | os.PathLike[str]) -> int:
    """Rows of the per-document tables of a stored build, read from the Parquet footers only."""
    return sum(pq.ParquetFile(Path(build) / f"{name}.parquet").metadata.num_rows for name in SIZED_TABLES)


def open_build(build: str | os.PathLike[str], *, engine: Literal["auto", "memory", "duckdb"] = "auto") -> Store:
    """A store over a stored build: in memory up to ``MEMORY_MAX_ROWS`` rows, else DuckDB (``engine`` forces one)."""
    if engine == "memory" or (engine == "auto" and stored_rows(build) <= MEMORY_MAX_ROWS):
        from analysis.storage import read_tables
        from dashboard.memory import MemoryStore

        return MemoryStore(read_tables(build))
    # Imported here: DuckDB is only needed, and only loaded, for large builds.
    from dashboard.duck import DuckStore

    return DuckStore(build)
