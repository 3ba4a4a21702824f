"""A selection resolved against the index (a :class:`Scope`), and the SQL fragments that read its counts.

A selection is resolved to the coarsest level that answers it exactly: per outlet without
dates; with dates, the largest calendar spans they cover whole (a year rather than its twelve
months) plus the date groups of the months they cover in part; per document with a document
list or a focus. Aggregates are then sums over a few thousand to a few million integer rows.
The scope's ids reach SQL as small registered tables (``SCOPE_TABLES``); each fragment made
here names the ones it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.filters import Filters
from dashboard.focus import Focus
from dashboard.store.base import Selection
from dashboard.store.duck.index import Counted, Per, count_table, counts_columns
from dashboard.store.duck.sql import Sql, query

Level = Literal["outlet", "group", "doc"]
# Per level: the column naming its unit, and the unit of the count tables at that level.
_UNITS: dict[Level, tuple[str, Per]] = {"outlet": ("oid", "outlet"), "group": ("gid", "date"), "doc": ("dno", "doc")}
# The tables a scope registers for a query that reads them: name -> (column, what it holds).
SCOPE_TABLES = {
    "scope_units": ("id", "the scope's units at its level: outlets (oid), date groups (gid) or documents (dno)"),
    "allowed_entities": ("eid", "the entity ids the type and minimum-mentions filters keep"),
    "scope_spans": ("id", "the calendar spans (mid) the dates cover whole"),
    "scope_dates": ("id", "the date groups (gid) of the months the dates cover in part"),
    "scope_spans_all": ("id", "the same spans for all outlets together (amid)"),
    "scope_dates_all": ("id", "the same dates for all outlets together (agid)"),
}
Run = Callable[[Sql, "Scope"], pd.DataFrame]


@dataclass(frozen=True, slots=True)
class Scope:
    """A resolved selection: units of one level (None: all of them), and the entity ids allowed by the
    type and minimum-mentions filters (None: no such filter). At the date-group level, ``spans`` are the
    largest calendar spans of an outlet (months, quarters, halves, years...) the dates cover whole and ``dates`` the
    groups of the months they cover in part: counts are summed from those, fewer rows than all the groups. When the
    dates are of every outlet, ``across`` holds the same spans and groups numbered for all outlets together
    (``amid``, ``agid``), for the questions that need no outlet."""

    level: Level
    ids: np.ndarray | None
    eids: np.ndarray | None
    spans: np.ndarray | None = None
    dates: np.ndarray | None = None
    across: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def empty(self) -> bool:
        return self.ids is not None and len(self.ids) == 0

    def table(self, name: str) -> np.ndarray:
        """The ids of scope table ``name`` (see ``SCOPE_TABLES``)."""
        across = self.across or (None, None)
        values = {
            "scope_units": self.ids,
            "allowed_entities": self.eids,
            "scope_spans": self.spans,
            "scope_dates": self.dates,
            "scope_spans_all": across[0],
            "scope_dates_all": across[1],
        }[name]
        if values is None:
            raise ValueError(f"`name` = {name!r} is not a table of this scope ({self.level} level)")
        return values


@dataclass(frozen=True, slots=True)
class Located:
    """Where the rows of some documents lie: per table, their first and last row; and their ids."""

    ranges: dict[str, tuple[int, int]]
    docs: list[str]

    def rows(self, table: str, alias: str) -> Sql:
        """A condition on ``alias``'s rows of ``table``: within the documents' row range (so only the row groups holding
        them are read), and of those documents."""
        low, high = self.ranges[table]
        return Sql(
            f"{alias}.file_row_number BETWEEN {int(low)} AND {int(high)} "
            f"AND {alias}.doc_id IN (SELECT unnest($docs::VARCHAR[]))",
            {"docs": self.docs},
        )


def allowed(scope: Scope, column: str = "eid") -> Sql:
    """`` AND column`` is an entity the filters allow (nothing when they allow all)."""
    if scope.eids is None:
        return Sql("")
    return Sql(f" AND {column} IN (SELECT eid FROM allowed_entities)", tables=frozenset({"allowed_entities"}))


def source(counted: Counted, scope: Scope, *, outlets: bool = True) -> Sql:
    """The counts of ``counted`` at the scope's level, limited to its units and, for mentions and places, to the
    entities the filters allow. Per document there are only mentions, place mentions, keywords and voices; with entities
        filtered,
    places are read with their entities. With ``outlets=False`` the rows may come without the outlet (``oid``), and
    places without name or rule: for dates of every outlet, the counts of all outlets together are read, a few times
    fewer rows."""
    if scope.level == "doc" or (counted == "places" and scope.eids is not None):
        counted = {"entities": "mentions", "places": "place_mentions"}.get(counted, counted)  # type: ignore[assignment]
    keep = allowed(scope) if counted in ("mentions", "entities", "place_mentions") else Sql("")
    if not outlets and scope.across is not None and counted in ("entities", "keywords", "places"):
        spans, dates = count_table(counted, "span_all_outlets"), count_table(counted, "date_all_outlets")
        columns = counts_columns(spans)
        return query(
            f"""SELECT {columns} FROM idx.{spans.name} WHERE amid IN (SELECT id FROM scope_spans_all){keep}
                UNION ALL
                SELECT {columns} FROM idx.{dates.name} WHERE agid IN (SELECT id FROM scope_dates_all){keep}""",
            keep,
            Sql("", tables=frozenset({"scope_spans_all", "scope_dates_all"})),
        )
    if scope.level == "group" and scope.spans is not None:
        spans, dates = count_table(counted, "span"), count_table(counted, "date")
        columns = counts_columns(spans)
        return query(
            f"""SELECT {columns} FROM idx.{spans.name} WHERE mid IN (SELECT id FROM scope_spans){keep}
                UNION ALL SELECT {columns} FROM idx.{dates.name} WHERE gid IN (SELECT id FROM scope_dates){keep}""",
            keep,
            Sql("", tables=frozenset({"scope_spans", "scope_dates"})),
        )
    unit, per = _UNITS[scope.level]
    condition = in_scope(unit, scope)
    return query(f"SELECT * FROM idx.{count_table(counted, per).name} WHERE {condition}{keep}", condition, keep)


def in_scope(column: str, scope: Scope) -> Sql:
    """``column`` (a unit of the scope's level) is one of the scope's units."""
    if scope.ids is None:
        return Sql("true")
    units = frozenset({"scope_units"})
    if scope.level == "doc" and len(scope.ids):
        # Documents are numbered in file order: the range lets DuckDB skip row groups before probing the set.
        low, high = int(scope.ids.min()), int(scope.ids.max())
        return Sql(f"{column} BETWEEN {low} AND {high} AND {column} IN (SELECT id FROM scope_units)", tables=units)
    return Sql(f"{column} IN (SELECT id FROM scope_units)", tables=units)


def units(scope: Scope, alias: str = "") -> Sql:
    """A row of a per-document count table belongs to the scope: by its outlet, date group or document."""
    return in_scope(alias + _UNITS[scope.level][0], scope)


def docs_in_scope(column: str, scope: Scope) -> Sql:
    """``column`` (a document number) is a document of the scope, at whatever level."""
    if scope.level == "doc" or scope.ids is None:
        return in_scope(column, scope)
    unit = _UNITS[scope.level][0]
    return Sql(
        f"{column} IN (SELECT dno FROM idx.doc_index WHERE {unit} IN (SELECT id FROM scope_units))",
        tables=frozenset({"scope_units"}),
    )


class Resolver:
    """Resolves selections against the index's outlets, date groups and spans (held in memory, a few MB), asking the
    index through ``run`` for what depends on documents."""

    def __init__(self, outlets: pd.DataFrame, groups: pd.DataFrame, spans: pd.DataFrame, *, run: Run) -> None:
        self._outlets = outlets
        self._groups = groups
        self._spans = spans
        self._run = run

    def resolve(self, selection: Selection) -> Scope:
        chosen = selection.filters
        oids = self._oids(chosen.outlets) if chosen.outlets else None
        dated = chosen.date_from is not None or chosen.date_to is not None
        if chosen.docs or chosen.languages:
            # The index groups documents by outlet and date, not language: a language is a set of documents.
            scope = Scope("doc", self._doc_ids(chosen, oids), None)
        elif dated:
            gids = self._gids(chosen, oids)
            whole = self._whole_spans(chosen, oids)
            groups = self._groups
            # A span the range covers whole within one it also covers is summed as part of that one.
            largest = whole.loc[~whole["parent"].isin(whole["mid"]), "mid"]
            rest = groups.loc[groups["gid"].isin(gids) & ~groups["mid"].isin(whole["mid"]), "gid"]
            across = None
            if oids is None:
                # Whether a span or a date group is taken depends on the dates only, so every outlet takes the same
                # ones: each is summed once for all of them.
                amids = np.unique(self._spans.loc[self._spans["mid"].isin(largest), "amid"].to_numpy(dtype=np.int32))
                agids = np.unique(groups.loc[groups["gid"].isin(rest), "agid"].to_numpy(dtype=np.int32))
                across = (amids, agids)
            scope = Scope("group", gids, None, largest.to_numpy(dtype=np.int32), rest.to_numpy(dtype=np.int32), across)
        else:
            scope = Scope("outlet", oids, None)
        if chosen.labels or chosen.min_mentions > 1:
            scope = replace(scope, eids=self._allowed_entities(scope, chosen))
        if selection.focus is not None and not scope.empty:
            scope = Scope("doc", self._focus_docs(scope, selection.focus), scope.eids)
        return scope

    def _whole_spans(self, chosen: Filters, oids: np.ndarray | None) -> pd.DataFrame:
        """An outlet's calendar spans (mid, parent) whose every document the date range keeps: spans it covers whole."""
        spans = self._spans
        keep = pd.Series(True, index=spans.index)
        if chosen.date_from is not None:
            keep &= spans["month"] >= pd.Timestamp(chosen.date_from)
        if chosen.date_to is not None:
            keep &= spans["month_end"] <= pd.Timestamp(chosen.date_to) + pd.Timedelta(days=1)
        if oids is not None:
            keep &= spans["oid"].isin(oids)
        return spans.loc[keep, ["mid", "parent"]]

    def _oids(self, outlets: Sequence[str]) -> np.ndarray:
        return self._outlets.loc[self._outlets["shown"].isin(list(outlets)), "oid"].to_numpy(dtype=np.int32)

    def _gids(self, chosen: Filters, oids: np.ndarray | None) -> np.ndarray:
        groups = self._groups
        keep = groups["published"].notna()
        if chosen.date_from is not None:
            keep &= groups["period_end"] > pd.Timestamp(chosen.date_from)
        if chosen.date_to is not None:
            keep &= groups["published"] < pd.Timestamp(chosen.date_to) + pd.Timedelta(days=1)
        if chosen.undated:
            keep |= groups["published"].isna()
        if oids is not None:
            keep &= groups["oid"].isin(oids)
        return groups.loc[keep, "gid"].to_numpy(dtype=np.int32)

    def _doc_ids(self, chosen: Filters, oids: np.ndarray | None) -> np.ndarray:
        conditions = []
        params: dict[str, object] = {}
        if chosen.docs:
            conditions.append("doc_id IN (SELECT unnest($docs::VARCHAR[]))")
            params["docs"] = list(chosen.docs)
        if chosen.languages:
            conditions.append("language IN (SELECT unnest($languages::VARCHAR[]))")
            params["languages"] = list(chosen.languages)
        if oids is not None:
            conditions.append("oid IN (SELECT unnest($oids::INTEGER[]))")
            params["oids"] = oids.tolist()
        dated = ["published IS NOT NULL"]
        if chosen.date_from is not None:
            dated.append("period_end > $date_from")
            params["date_from"] = dt.datetime.combine(chosen.date_from, dt.time())
        if chosen.date_to is not None:
            dated.append("published < $date_to")
            params["date_to"] = dt.datetime.combine(chosen.date_to + dt.timedelta(days=1), dt.time())
        if len(dated) > 1:
            in_range = " AND ".join(dated)
            conditions.append(f"(({in_range}) OR published IS NULL)" if chosen.undated else in_range)
        sql = Sql(f"SELECT dno FROM idx.doc_index WHERE {' AND '.join(conditions)} ORDER BY dno", params)
        return self._run(sql, Scope("outlet", None, None))["dno"].to_numpy(dtype=np.int32)

    def _allowed_entities(self, scope: Scope, chosen: Filters) -> np.ndarray:
        """Entity ids of the types chosen whose entity is mentioned at least ``min_mentions`` times in the selection."""
        src = source("entities", scope, outlets=False)
        params: dict[str, object] = {}
        where = often = ""
        if chosen.labels:
            where = "WHERE x.lid IN (SELECT lid FROM idx.label_ids WHERE label IN (SELECT unnest($labels::VARCHAR[])))"
            params["labels"] = list(chosen.labels)
        if chosen.min_mentions > 1:
            often = "WHERE ekey IN (SELECT ekey FROM m GROUP BY ekey HAVING sum(n) >= $min)"
            params["min"] = chosen.min_mentions
        sql = query(
            f"""WITH src AS ({src}),
                m AS (SELECT s.eid, x.ekey, sum(s.n)::BIGINT AS n FROM src s JOIN idx.entity_codes x USING (eid) {where}
                      GROUP BY s.eid, x.ekey)
                SELECT eid FROM m {often} ORDER BY eid""",
            src,
            **params,
        )
        return self._run(sql, scope)["eid"].to_numpy(dtype=np.int32)

    def _focus_docs(self, scope: Scope, picked: Focus) -> np.ndarray:
        """The documents of ``scope`` in which the focus occurs (among the mentions the filters keep)."""
        found = focus_rows(picked, scope)
        in_scope = docs_in_scope("dno", scope)
        sql = query(f"SELECT DISTINCT dno FROM ({found}) WHERE {in_scope} ORDER BY dno", found, in_scope)
        return self._run(sql, scope)["dno"].to_numpy(dtype=np.int32)


def focus_rows(picked: Focus, scope: Scope) -> Sql:
    """The per-document counts of the focus (among the mentions the filters keep): dno and n, where n counts its
    mentions, its place mentions, its keyword's spellings or the quotations credited to the voice."""
    value = {"value": picked.value}
    if picked.kind == "entity":
        keep = allowed(scope)
        table, condition = "mentions_per_doc", f"eid IN (SELECT eid FROM idx.entity_ids WHERE entity = $value){keep}"
    elif picked.kind == "place":
        keep = allowed(scope)
        table = "place_mentions_per_doc"
        condition = f"pid IN (SELECT pid FROM idx.place_ids WHERE place_id = $value){keep}"
    elif picked.kind == "keyword":
        keep = Sql("")
        table, condition = "keywords_per_doc", "kid IN (SELECT kid FROM idx.keyword_ids WHERE key = lower($value))"
    else:
        keep = Sql("")
        table, condition = "voices_per_doc", "vkid IN (SELECT vkid FROM idx.voice_ids WHERE voice = $value)"
    return query(f"SELECT * FROM idx.{table} WHERE {condition}", keep, **value)
