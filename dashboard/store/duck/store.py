"""The DuckDB store: a large stored build answered in place, from its Parquet files and its index.

The build is opened as an ``OpenIndex`` (``reading``); each question is answered by its SQL
in ``questions``, found by the question's name. What is not a question (the catalog, known
values, one document's rows, the frames of a selection) is answered here.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

import pandas as pd

from analysis import schema
from analysis.tables import Tables
from dashboard.colours import outlet_colours
from dashboard.store.base import FRAME_DOCS, Catalog, Frames, Kind, Question, Selection, T, label_order
from dashboard.store.duck import questions
from dashboard.store.duck.reading import OpenIndex
from dashboard.store.duck.sql import Sql, query

# The dictionary holding each kind of value ``known`` checks, and its column.
_KNOWN: dict[Kind, tuple[str, str]] = {
    "doc": ("doc_index", "doc_id"),
    "outlet": ("outlet_ids", "outlet"),
    "label": ("entity_ids", "label"),
    "entity": ("entity_ids", "entity"),
    "place": ("place_ids", "place_id"),
    "keyword": ("keyword_spellings", "keyword"),
    "speaker": ("voice_ids", "voice"),
}


class DuckStore:
    """Answers from a stored build through DuckDB; safe to share between sessions."""

    def __init__(self, build: str | os.PathLike[str]) -> None:
        self._index = OpenIndex(build)
        self._catalog = self._make_catalog()
        self._nothing = Tables.from_frames({name: schema.empty(name) for name in schema.TABLES})

    @property
    def large(self) -> bool:
        return True

    def close(self) -> None:
        self._index.close()

    def ask(self, question: Question[T], selection: Selection, **options: Any) -> T:
        """The question's SQL answer (``questions.ANSWERS``); for a selection of nothing, its reference over no rows."""
        within_filters = question.name in questions.WITHIN_FILTERS
        scope = self._index.scope(Selection(selection.filters) if within_filters else selection)
        if scope.empty:
            return question.reference(self._nothing, selection, **options)
        return questions.ANSWERS[question.name](self._index, scope, selection, **options)

    # The corpus as a whole

    def catalog(self) -> Catalog:
        return self._catalog

    def _make_catalog(self) -> Catalog:
        found = self._index.execute("SELECT DISTINCT label FROM idx.entity_ids WHERE label IS NOT NULL").fetchall()
        labels = [r[0] for r in found]
        n_docs, first, last = self._index.execute(
            "SELECT count(*), min(published), max(period_end) FROM idx.doc_index"
        ).fetchone() or (0, None, None)
        languages = self._index.execute(
            "SELECT DISTINCT language FROM idx.doc_index WHERE language IS NOT NULL ORDER BY language"
        ).fetchall()
        bounds = None
        if first is not None and last is not None:
            bounds = (pd.Timestamp(first).date(), (pd.Timestamp(last) - pd.Timedelta(days=1)).date())
        return Catalog(
            n_docs=int(n_docs),
            outlets=tuple(sorted(self._index.outlet_ids["outlet"].dropna())),
            labels=tuple(sorted(labels, key=label_order)),
            date_bounds=bounds,
            colours=outlet_colours(self._index.outlet_ids["shown"]),
            languages=tuple(r[0] for r in languages),
        )

    def known(self, kind: Kind, values: Collection[str]) -> set[str]:
        table, column = _KNOWN[kind]
        rows = self._index.execute(
            f"SELECT DISTINCT {column} FROM idx.{table} WHERE {column} IN (SELECT unnest($values::VARCHAR[]))",
            {"values": [str(v) for v in values]},
        ).fetchall()
        return {r[0] for r in rows}

    def place_name(self, place_id: str) -> str | None:
        row = self._index.execute("SELECT name FROM idx.place_ids WHERE place_id = $p", {"p": place_id}).fetchone()
        return row[0] if row else None

    # Documents

    def document(self, doc_id: str) -> Tables:
        found = self._index.execute("SELECT dno FROM idx.doc_index WHERE doc_id = $d", {"d": doc_id}).fetchall()
        return self._index.small_tables([r[0] for r in found], tuple(schema.TABLES))

    def frames(self, selection: Selection, *, max_docs: int = FRAME_DOCS) -> Frames:
        scope = self._index.scope(selection)
        page, dnos = self._index.page(scope, max_docs)
        tables = self._index.small_tables(dnos, tuple(schema.TABLES))
        if scope.eids is not None:
            allowed = self._index.run(
                query(
                    """SELECT entity, label FROM idx.entity_ids WHERE eid IN (SELECT eid FROM allowed_entities)
                       AND entity IN (SELECT unnest($entities::VARCHAR[]))""",
                    Sql("", tables=frozenset({"allowed_entities"})),
                    entities=tables.mentions["entity"].dropna().unique().tolist(),
                ),
                scope,
            )
            pairs = pd.MultiIndex.from_frame(allowed)
            mentions = tables.mentions[pd.MultiIndex.from_frame(tables.mentions[["entity", "label"]]).isin(pairs)]
            span = ["doc_id", "start", "end"]
            spans = pd.MultiIndex.from_frame(mentions[span])
            places = tables.places[pd.MultiIndex.from_frame(tables.places[span]).isin(spans)]
            tables = Tables.from_frames({**tables.as_dict(), "mentions": mentions, "places": places})
        return Frames(tables, page.total)

    def explain_rows(self, name: str, doc_id: str) -> str:
        """The executed plan of reading one document's rows of table ``name``: it names the row groups read."""
        found = self._index.execute("SELECT dno FROM idx.doc_index WHERE doc_id = $d", {"d": doc_id}).fetchall()
        rows = self._index.locate([r[0] for r in found], (name,)).rows(name, "t")
        sql = f"EXPLAIN ANALYZE SELECT * FROM {name} t WHERE {rows}"
        return "\n".join(str(row[-1]) for row in self._index.execute(sql, dict(rows.params)).fetchall())
