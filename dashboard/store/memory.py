"""The in-memory store: the corpus's tables in pandas, filtered here and answered by each question's reference.

For small corpora (the seeds, uploads, stored builds up to ``store.MEMORY_MAX_ROWS``). A
question's answer is its pandas reference (``dashboard.store.questions``) over the
selection's tables, so this store needs no code of its own per question. The last few
selections' filtered tables are kept, so the several questions a page asks about one
selection filter the tables once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import replace
from typing import Any

import pandas as pd

from analysis.quotes import voices
from analysis.sources import UNKNOWN
from analysis.tables import Tables
from dashboard import focus
from dashboard.colours import outlet_colours
from dashboard.filters import Filters
from dashboard.store import aggregate
from dashboard.store.base import FRAME_DOCS, Catalog, Frames, Kind, Question, Selection, T, label_order

_REMEMBERED = 4
_PERIODS = {"month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}
_PER_DOCUMENT = ("provenance", "boilerplate", "sentences", "mentions", "keywords", "places", "quotes")


class MemoryStore:
    """Answers from tables held in memory; every answer covers the whole selection."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._selected: OrderedDict[Selection, Tables] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def large(self) -> bool:
        return False

    @property
    def tables(self) -> Tables:
        return self._tables

    def catalog(self) -> Catalog:
        documents = self._tables.documents
        labels = sorted(self._tables.mentions["label"].dropna().unique(), key=label_order)
        return Catalog(
            n_docs=len(documents),
            outlets=tuple(sorted(documents["outlet"].dropna().unique())),
            labels=tuple(labels),
            date_bounds=date_bounds(documents),
            colours=outlet_colours(documents["outlet"].fillna(UNKNOWN)),
            languages=tuple(sorted(documents["language"].dropna().unique())) if "language" in documents else (),
        )

    def select(self, selection: Selection) -> Tables:
        """The tables of the selection: filtered, then narrowed to the documents containing the focus."""
        with self._lock:
            if selection in self._selected:
                self._selected.move_to_end(selection)
                return self._selected[selection]
        if selection.focus is None:
            chosen = apply(self._tables, selection.filters)
        else:
            # The filtered tables without the focus are asked for too (the sidebar's counts): filtered once.
            filtered = self.select(Selection(selection.filters))
            chosen = narrow(filtered, focus.docs_with(filtered, selection.focus))
        with self._lock:
            self._selected[selection] = chosen
            while len(self._selected) > _REMEMBERED:
                self._selected.popitem(last=False)
        return chosen

    def ask(self, question: Question[T], selection: Selection, **options: Any) -> T:
        return question.reference(self.select(selection), selection, **options)

    def document(self, doc_id: str) -> Tables:
        return narrow(self._tables, [doc_id])

    def known(self, kind: Kind, values: Collection[str]) -> set[str]:
        tables = self._tables
        column = {
            "doc": tables.documents["doc_id"],
            "outlet": tables.documents["outlet"],
            "label": tables.mentions["label"],
            "entity": tables.mentions["entity"],
            "place": tables.places["place_id"],
            "keyword": tables.keywords["keyword"],
            "speaker": voices(tables.quotes),
        }[kind]
        return set(column[column.isin(list(values))].dropna())

    def place_name(self, place_id: str) -> str | None:
        names = self._tables.places.loc[self._tables.places["place_id"] == place_id, "name"].dropna()
        return str(names.iloc[0]) if len(names) else None

    def frames(self, selection: Selection, *, max_docs: int = FRAME_DOCS) -> Frames:
        chosen = self.select(selection)
        return Frames(chosen, len(chosen.documents))


def date_bounds(documents: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """First and last day the dated documents cover (a month-precision date covers its whole month); None if undated."""
    dated = documents[documents["published"].notna()]
    if dated.empty:
        return None
    last = _period_end(dated).max() - pd.Timedelta(days=1)
    return dated["published"].min().date(), last.date()


def apply(tables: Tables, filters: Filters) -> Tables:
    """The tables restricted to ``filters``.

    Documents are narrowed by id, outlet, language and date; a document matches a date range
    when its period (day, month or year, by its precision) overlaps it, and undated
    documents drop out once a date is set unless ``filters.undated``. Every other table keeps the rows of the
    remaining documents; mentions are also narrowed by entity type and to entities
    mentioned at least ``min_mentions`` times in what remains, and places follow
    their mentions. The outlets table is recounted.
    """
    documents = tables.documents
    keep = pd.Series(True, index=documents.index)
    if filters.docs:
        keep &= documents["doc_id"].isin(filters.docs)
    if filters.outlets:
        keep &= documents["outlet"].fillna(UNKNOWN).isin(filters.outlets)
    if filters.languages:
        keep &= documents["language"].isin(filters.languages)
    if filters.date_from or filters.date_to:
        published = documents["published"]
        in_range = published.notna()
        if filters.date_from:
            in_range &= _period_end(documents) > pd.Timestamp(filters.date_from)
        if filters.date_to:
            in_range &= published < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
        keep &= in_range | published.isna() if filters.undated else in_range
    documents = documents[keep.fillna(False)]
    doc_ids = documents["doc_id"]

    mentions = _of_docs(tables.mentions, doc_ids)
    places = _of_docs(tables.places, doc_ids)
    if filters.labels:
        mentions = mentions[mentions["label"].isin(filters.labels)]
    if filters.min_mentions > 1:
        counts = mentions["entity"].value_counts()
        mentions = mentions[mentions["entity"].isin(counts.index[counts >= filters.min_mentions])]
    if filters.labels or filters.min_mentions > 1:
        span = ["doc_id", "start", "end"]
        places = places[pd.MultiIndex.from_frame(places[span]).isin(pd.MultiIndex.from_frame(mentions[span]))]

    return replace(
        tables,
        documents=documents.reset_index(drop=True),
        provenance=_of_docs(tables.provenance, doc_ids),
        boilerplate=_of_docs(tables.boilerplate, doc_ids),
        sentences=_of_docs(tables.sentences, doc_ids),
        mentions=mentions.reset_index(drop=True),
        keywords=_of_docs(tables.keywords, doc_ids),
        places=places.reset_index(drop=True),
        quotes=_of_docs(tables.quotes, doc_ids),
        outlets=aggregate.outlet_mix(tables.outlets, documents),
    )


def narrow(tables: Tables, doc_ids: Collection[str]) -> Tables:
    """The tables of the documents ``doc_ids`` only (none for an empty collection), other filters as they were."""
    documents = tables.documents[tables.documents["doc_id"].isin(doc_ids)]
    doc_ids = documents["doc_id"]
    return replace(
        tables,
        documents=documents.reset_index(drop=True),
        **{name: _of_docs(getattr(tables, name), doc_ids) for name in _PER_DOCUMENT},
        outlets=aggregate.outlet_mix(tables.outlets, documents),
    )


def _period_end(documents: pd.DataFrame) -> pd.Series:
    """The day after each document's period: its date plus a day, a month or a year, by precision."""
    published = documents["published"]
    end = published + pd.Timedelta(days=1)
    for precision, offset in _PERIODS.items():
        mask = documents["date_precision"] == precision
        end = end.mask(mask.fillna(False), published + offset)
    return end


def _of_docs(frame: pd.DataFrame, doc_ids: pd.Series) -> pd.DataFrame:
    return frame[frame["doc_id"].isin(doc_ids)].reset_index(drop=True)
