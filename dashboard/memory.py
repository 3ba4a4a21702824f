"""The in-memory store: the corpus's tables in pandas, filtered with ``filters.apply`` and summed by ``aggregate``.

For small corpora (the seeds, uploads, stored builds up to ``store.MEMORY_MAX_ROWS``).
The last few selections' filtered tables are kept, so the several questions a page
asks about one selection filter the tables once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence

import pandas as pd

from analysis.quotes import voices
from analysis.sources import UNKNOWN
from analysis.tables import Tables
from dashboard import aggregate, charts, filters, focus
from dashboard.aggregate import Counts, Dating, KeywordPanels, Naming, PlacePoints
from dashboard.store import (
    FRAME_DOCS,
    Catalog,
    Contexts,
    Frames,
    Grouping,
    Kind,
    Page,
    Selection,
    Statements,
    Term,
    Voice,
)

_REMEMBERED = 4


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
        labels = sorted(self._tables.mentions["label"].dropna().unique(), key=aggregate.label_order)
        return Catalog(
            n_docs=len(documents),
            outlets=tuple(sorted(documents["outlet"].dropna().unique())),
            labels=tuple(labels),
            date_bounds=filters.date_bounds(documents),
            colours=charts.outlet_colours(documents["outlet"].fillna(UNKNOWN)),
        )

    def select(self, selection: Selection) -> Tables:
        """The tables of the selection: filtered, then narrowed to the documents containing the focus."""
        with self._lock:
            if selection in self._selected:
                self._selected.move_to_end(selection)
                return self._selected[selection]
        chosen = filters.apply(self._tables, selection.filters)
        if selection.focus is not None:
            chosen = filters.narrow(chosen, focus.docs_with(chosen, selection.focus))
        with self._lock:
            self._selected[selection] = chosen
            while len(self._selected) > _REMEMBERED:
                self._selected.popitem(last=False)
        return chosen

    def counts(self, selection: Selection) -> Counts:
        chosen = self.select(selection)
        return aggregate.counts(chosen.documents, chosen.mentions, chosen.places)

    def outlets(self, selection: Selection) -> pd.DataFrame:
        return self.select(selection).outlets

    def entity_counts(self, selection: Selection, *, top: int) -> pd.DataFrame:
        chosen = self.select(selection)
        return aggregate.entity_counts(chosen.mentions, chosen.documents, top=top)

    def entity_variants(self, selection: Selection, *, merged_only: bool, limit: int | None) -> pd.DataFrame:
        return aggregate.entity_variants(self.select(selection).mentions, merged_only=merged_only, limit=limit)

    def keyword_panels(self, selection: Selection, *, by: Grouping, top: int, max_groups: int) -> KeywordPanels:
        chosen = self.select(selection)
        return aggregate.keyword_panels(chosen.keywords, chosen.documents, by=by, top=top, max_groups=max_groups)

    def place_points(self, selection: Selection) -> PlacePoints:
        chosen = self.select(selection)
        return aggregate.place_points(chosen.places, chosen.documents)

    def place_reasons(self, selection: Selection, *, limit: int | None) -> pd.DataFrame:
        table = aggregate.place_reasons(self.select(selection).places)
        return table if limit is None else table.head(limit)

    def naming(self, selection: Selection, *, by: Voice, max_places: int | None) -> Naming:
        chosen = self.select(selection)
        return aggregate.naming(chosen.places, chosen.documents, by=by, max_places=max_places)

    def naming_table(self, selection: Selection, *, limit: int | None) -> pd.DataFrame:
        chosen = self.select(selection)
        return aggregate.naming_table(chosen.places, chosen.documents, limit=limit)

    def dating(self, selection: Selection) -> Dating:
        return aggregate.dating(self.select(selection).documents)

    def timeline(self, selection: Selection, *, entities: Sequence[str], keywords: Sequence[str]) -> pd.DataFrame:
        chosen = self.select(selection)
        return aggregate.timeline(chosen.mentions, chosen.keywords, chosen.documents, entities=entities, terms=keywords)

    def voices(self, selection: Selection, *, top: int) -> pd.DataFrame:
        chosen = self.select(selection)
        return aggregate.voice_counts(chosen.quotes, chosen.documents, top=top)

    def voice_kinds(self, selection: Selection) -> pd.DataFrame:
        chosen = self.select(selection)
        return aggregate.voice_kinds(chosen.quotes, chosen.documents)

    def statements(self, selection: Selection, *, limit: int) -> Statements:
        chosen = self.select(selection)
        rows = aggregate.statements(chosen.quotes, chosen.documents)
        return Statements(rows.head(limit), len(rows))

    def term_counts(self, selection: Selection, *, kind: Term) -> pd.DataFrame:
        chosen = self.select(selection)
        return aggregate.term_counts(chosen.mentions if kind == "entity" else chosen.keywords, chosen.documents, column=kind)

    def contexts(self, selection: Selection, *, limit: int) -> Contexts:
        if selection.focus is None:
            return Contexts(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0)
        rows = focus.contexts(self.select(selection), selection.focus)
        return Contexts(rows.head(limit), len(rows))

    def search(self, selection: Selection, term: str, *, doc_ids: Sequence[str], limit: int) -> Contexts:
        rows = focus.search(filters.narrow(self.select(selection), doc_ids), term)
        return Contexts(rows.head(limit), len(rows))

    def documents(self, selection: Selection, *, limit: int) -> Page:
        documents = self.select(selection).documents
        rows = documents[["doc_id", "title", "outlet", "published"]].head(limit).reset_index(drop=True)
        return Page(rows, len(documents))

    def document(self, doc_id: str) -> Tables:
        return filters.narrow(self._tables, [doc_id])

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
