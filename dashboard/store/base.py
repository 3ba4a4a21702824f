"""The store's contract: what a view may ask, about which selection, and the shape of every answer.

A view asks a :class:`Store` a :class:`Question` (counts, top entities by outlet, keyword
weights, map points, naming counts, terms over time, voices and their statements, terms per
outlet, the sentences behind a focus, a page of documents: ``dashboard.store.questions``) about a
:class:`Selection` (the sidebar's filters plus the clicked focus) and gets back only the rows it
draws, with the columns named here. Both backends give the same answers.

Rule for views at scale: ``store.large`` is True when the corpus is not held in memory. Then
:meth:`Store.frames` returns the selection's tables for at most ``FRAME_DOCS`` documents (the
first in corpus order) together with how many match in all; a view that works on whole frames
must say so on screen (``interact.frames_notice``) or add a question for an exact answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

import pandas as pd

from analysis.config import ENTITY_LABELS
from analysis.tables import Tables
from dashboard.filters import Filters
from dashboard.focus import Focus

# Documents whose tables ``Store.frames`` hands to a view that needs whole frames, for a large corpus.
FRAME_DOCS = 2_000
Kind = Literal["doc", "outlet", "label", "entity", "place", "keyword", "speaker"]
KINDS: tuple[Kind, ...] = ("doc", "outlet", "label", "entity", "place", "keyword", "speaker")
Grouping = Literal["corpus", "outlet", "doc"]
Voice = Literal["outlet", "bureau", "voice"]
Term = Literal["entity", "keyword"]
# What two selections are compared by: entities, keywords, places, voices (``questions.term_totals``).
Compared = Literal["entity", "keyword", "place", "voice"]
COMPARED: tuple[Compared, ...] = ("entity", "keyword", "place", "voice")
# Timeline periods, finest first.
Period = Literal["day", "week", "month", "year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "year")

# The column contract: the columns of each answer's rows, whichever backend made them.
ENTITY_COUNT_COLUMNS = ["label", "entity", "outlet", "n", "total"]
VARIANT_COLUMNS = ["entity", "label", "n_mentions", "n_variants", "variants", "merge_rules"]
KEYWORD_COLUMNS = ["group", "title", "outlet", "keyword", "weight", "n_docs"]
POINT_COLUMNS = ["place_id", "place_name", "country", "lat", "lon", "n", "outlets", "rule", "candidates", "forms"]
REASON_COLUMNS = ["place_id", "name", "surface", "rule", "country", "mentions", "candidates", "lat", "lon"]
NAMING_COLUMNS = ["place_id", "name", "written", "group", "n"]
NAMING_TABLE_COLUMNS = ["place", "written as", "outlet", "bureau", "voice", "mentions"]
OUTLET_COLUMNS = ["outlet", "country", "type", "n_docs", "n_words"]
TIMELINE_COLUMNS = ["term", "period", "precision", "outlet", "n"]
VOICE_COLUMNS = ["voice", "kind", "outlet", "n", "total"]
VOICE_KIND_COLUMNS = ["kind", "outlet", "n"]
TERM_COUNT_COLUMNS = ["group", "term", "n"]
TERM_TOTAL_COLUMNS = ["term", "n"]
VOLUME_COLUMNS = ["period", "precision", "outlet", "n_docs", "n_words"]
STATEMENT_COLUMNS = [
    "doc_id", "voice", "kind", "cue", "mode", "title", "outlet", "quote", "speaker", "speaker_entity", "start", "end",
]  # fmt: skip
DOCUMENT_COLUMNS = ["doc_id", "title", "outlet", "published"]

T = TypeVar("T")


def label_order(label: str) -> tuple[int, str]:
    """Entity types in the order of ``analysis.config.ENTITY_LABELS``, others after them by name."""
    return (ENTITY_LABELS.index(label) if label in ENTITY_LABELS else len(ENTITY_LABELS), label)


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
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rows:
    """Some rows of an answer, in its order, and how many there are in all: the documents, statements or occurrences
    listed, or the panels (keywords) and places (naming) drawn. ``counted`` is False when a search stopped at its
    limit without counting the rest: then ``total`` only says there are at least that many."""

    rows: pd.DataFrame
    total: int
    counted: bool = True


@dataclass(frozen=True, slots=True)
class Hits:
    """A search of the selection's text: its keyword-in-context ``lines`` (``lines.counted`` False when the search
    stopped before reading every document that could hold it), and the ``documents`` holding it; when ``exact`` is
    False (a phrase, and the search stopped), ``documents`` counts those having every word of it, an upper bound."""

    lines: Rows
    documents: int
    exact: bool


@dataclass(frozen=True, slots=True)
class Counts:
    """The selection at a glance."""

    docs: int
    outlets: int
    words: int
    entities: int
    places: int


@dataclass(frozen=True, slots=True)
class PlacePoints:
    """One row per resolved place on the map, the number of place mentions, and whether any came from online
    geocoding."""

    points: pd.DataFrame
    n_mentions: int
    online: bool


@dataclass(frozen=True, slots=True)
class Dating:
    """How the selected documents are dated: ``dated`` have a date, ``month_only`` of them only a month; ``undated``
    none."""

    dated: int
    month_only: int
    undated: int


@dataclass(frozen=True, slots=True)
class Frames:
    """The selection's tables in pandas, for at most ``FRAME_DOCS`` documents of ``n_docs`` when the store is large."""

    tables: Tables
    n_docs: int

    @property
    def capped(self) -> bool:
        return len(self.tables.documents) < self.n_docs


Examples = Callable[[Tables], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True, eq=False)
class Question(Generic[T]):
    """One question a view may ask: its name, the columns of its rows, and its reference answer, computed with pandas
    from the selection's tables (``reference(tables, **options)``). ``examples`` gives, for a corpus, the options the
    equivalence tests ask it with; each backend answers it under its ``name``."""

    name: str
    columns: tuple[str, ...]
    reference: Callable[..., T]
    examples: Examples

    def __repr__(self) -> str:
        return f"Question({self.name!r})"


class Store(Protocol):
    """Answers the questions views ask. Every answer is computed over the whole selection, at any corpus size."""

    @property
    def large(self) -> bool: ...

    def catalog(self) -> Catalog: ...

    def ask(self, question: Question[T], selection: Selection, **options: Any) -> T:
        """The answer to ``question`` about ``selection``, with the question's options."""
        ...

    def document(self, doc_id: str) -> Tables:
        """Every table's rows of one document (empty tables for an unknown id)."""
        ...

    def known(self, kind: Kind, values: Collection[str]) -> set[str]:
        """Those of ``values`` that name a document, outlet, entity type, entity, place, keyword or voice of the
        corpus."""
        ...

    def place_name(self, place_id: str) -> str | None: ...

    def frames(self, selection: Selection, *, max_docs: int = FRAME_DOCS) -> Frames: ...
