"""The index of one build, opened: what the SQL answers read through.

It holds the DuckDB connection (the build's Parquet files as views, the index attached as
``idx``), what it keeps in memory of the index (outlets, date groups, spans, entity ids), the
resolved scopes of recent selections, and reads a few documents' rows from the row groups
that hold them. Every question answered in SQL (``questions``) asks through it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import schema
from analysis.tables import Tables
from dashboard.store import aggregate
from dashboard.store.base import DOCUMENT_COLUMNS, Rows, Selection
from dashboard.store.duck.index import QUERY_MEMORY, THREADS, build_index, raw_views
from dashboard.store.duck.scope import SCOPE_TABLES, Located, Resolver, Scope, docs_in_scope, in_scope, source
from dashboard.store.duck.sql import Sql, literal, query

_REMEMBERED = 16


class OpenIndex:
    """A build's Parquet files and index, open for queries; safe to share between sessions (one cursor per query)."""

    def __init__(self, build: str | os.PathLike[str]) -> None:
        self._build = Path(build)
        index = build_index(self._build)
        spill = Path(tempfile.gettempdir()) / "news-coverage-duckdb"
        config: dict[str, str | bool | int | float | list[str]] = {
            "threads": THREADS,
            "memory_limit": QUERY_MEMORY,
            "temp_directory": str(spill),
        }
        self._db = duckdb.connect(config=config)
        self._db.execute(f"ATTACH {literal(str(index))} AS idx (READ_ONLY)")
        raw_views(self._db, self._build, temporary=False)
        self.outlet_ids = self._db.execute("SELECT oid, outlet, shown FROM idx.outlet_ids ORDER BY oid").df()
        self.date_groups = self._db.execute(
            "SELECT gid, oid, published, period_end, date_precision, mid, agid FROM idx.date_groups ORDER BY gid"
        ).df()
        spans = self._db.execute(
            "SELECT mid, oid, month, month_end, coalesce(parent, -1) AS parent, amid FROM idx.spans ORDER BY mid"
        ).df()
        self.outlets = self._db.execute("SELECT * EXCLUDE (file_row_number) FROM outlets").df()
        # Entity ids to their key, type and names, in memory (a few MB): ranking and counting entities need no join.
        entities = self._db.execute(
            """SELECT e.eid, coalesce(x.ekey, -1) AS ekey, coalesce(x.lid, -1) AS lid, e.entity, e.label
               FROM idx.entity_ids e JOIN idx.entity_codes x USING (eid) ORDER BY e.eid"""
        ).df()
        self.entity_key = entities["ekey"].to_numpy(dtype=np.int64)
        self.entity_label_id = entities["lid"].to_numpy(dtype=np.int64)
        self.entity_name = entities["entity"].to_numpy(dtype=object)
        self.entity_label = entities["label"].to_numpy(dtype=object)
        self._resolver = Resolver(self.outlet_ids, self.date_groups, spans, run=self.run)
        self._totals: OrderedDict[Selection, pd.DataFrame] = OrderedDict()
        self._scopes: OrderedDict[Selection, Scope] = OrderedDict()
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def execute(self, sql: str, params: dict[str, object] | None = None) -> duckdb.DuckDBPyConnection:
        """``sql`` (of the index alone, no scope) run on a fresh cursor."""
        return self._db.cursor().execute(sql, params)

    def scope(self, selection: Selection) -> Scope:
        """The selection resolved against the index (the last few are kept)."""
        with self._lock:
            if selection in self._scopes:
                self._scopes.move_to_end(selection)
                return self._scopes[selection]
        scope = self._resolver.resolve(selection)
        with self._lock:
            self._scopes[selection] = scope
            while len(self._scopes) > _REMEMBERED:
                self._scopes.popitem(last=False)
        return scope

    def run(self, sql: Sql, scope: Scope) -> pd.DataFrame:
        """Run ``sql`` on a fresh cursor, with the scope tables it names registered and its parameters bound."""
        cursor = self._db.cursor()
        try:
            for name in sorted(sql.tables):
                column = SCOPE_TABLES[name][0]
                cursor.register(name, pa.table({column: pa.array(scope.table(name), pa.int32())}))
            return cursor.execute(sql.text, dict(sql.params) or None).df()
        finally:
            cursor.close()

    def entity_totals(self, selection: Selection) -> pd.DataFrame:
        """Mentions per entity id in the selection (eid, total), kept for the few questions of one page that need
        them."""
        with self._lock:
            if selection in self._totals:
                self._totals.move_to_end(selection)
                return self._totals[selection]
        scope = self.scope(selection)
        src = source("entities", scope, outlets=False)
        totals = self.run(query(f"SELECT eid, sum(n)::BIGINT AS total FROM ({src}) GROUP BY eid", src), scope)
        with self._lock:
            self._totals[selection] = totals
            while len(self._totals) > _REMEMBERED:
                self._totals.popitem(last=False)
        return totals

    def page(self, scope: Scope, limit: int) -> tuple[Rows, list[int]]:
        """The first ``limit`` documents of the scope in corpus order, and their numbers."""
        if scope.empty:
            return Rows(pd.DataFrame(columns=DOCUMENT_COLUMNS), 0), []
        condition = docs_in_scope("d.dno", scope)
        if scope.level == "doc" or scope.ids is None:
            counted = query(f"SELECT count(*) AS n FROM idx.doc_index d WHERE {condition}", condition)
        else:
            # Per outlet or date group, the date groups have the documents counted already.
            unit = in_scope("gid" if scope.level == "group" else "oid", scope)
            counted = query(f"SELECT coalesce(sum(n_docs), 0)::BIGINT AS n FROM idx.date_groups WHERE {unit}", unit)
        total = int(self.run(counted, scope)["n"].iloc[0])
        if limit == 0:
            return Rows(pd.DataFrame(columns=DOCUMENT_COLUMNS), total), []
        rows = self.run(
            query(
                f"""SELECT d.dno, d.doc_id, d.title, o.outlet, d.published
                    FROM idx.doc_index d JOIN idx.outlet_ids o USING (oid)
                    WHERE {condition} ORDER BY d.dno LIMIT $limit""",
                condition,
                limit=limit,
            ),
            scope,
        )
        rows["published"] = pd.to_datetime(rows["published"]).astype("datetime64[ms]")
        return Rows(rows.drop(columns="dno"), total), rows["dno"].tolist()

    def small_tables(self, dnos: Sequence[int], names: Sequence[str]) -> Tables:
        """The rows of a few documents in the tables ``names`` (others empty), in corpus order."""
        frames: dict[str, pd.DataFrame] = {}
        for name in names:
            if name == "outlets":
                continue
            if name == "errors":
                frames[name] = self._db.execute("SELECT source, reason FROM errors").df()
            else:
                frames[name] = self.doc_rows(name, dnos)
        if "documents" in frames and "outlets" in names:
            frames["outlets"] = aggregate.outlet_mix(self.outlets, frames["documents"])
        return Tables.from_frames(frames)

    def doc_rows(
        self,
        name: str,
        dnos: Sequence[int],
        *,
        columns: str = "* EXCLUDE (file_row_number)",
        located: Located | None = None,
    ) -> pd.DataFrame:
        """Rows of table ``name`` belonging to the documents ``dnos`` (found by ``located`` when given), read from the
        row groups that hold them."""
        if not dnos:
            if columns.startswith("*"):
                return schema.empty(name)
            return pd.DataFrame(columns=[c.strip() for c in columns.split(",")])
        rows = (located or self.locate(dnos, (name,))).rows(name, "t")
        sql = f"SELECT {columns} FROM {name} t WHERE {rows} ORDER BY t.file_row_number"
        return self._db.cursor().execute(sql, dict(rows.params)).df()

    def locate(self, dnos: Sequence[int], tables: Sequence[str]) -> Located:
        """Where the rows of the documents ``dnos`` lie in ``tables`` (documents, mentions...), and the documents'
        ids, from one look-up."""
        numbers = [int(d) for d in dnos]
        ranged = [t for t in tables if t != "documents"]
        bounds = "".join(f", min({t}_lo), max({t}_hi)" for t in ranged)
        row = self._db.cursor().execute(
            f"SELECT list(doc_id){bounds} FROM idx.doc_index WHERE dno IN (SELECT unnest($dnos::INTEGER[]))",
            {"dnos": numbers},
        ).fetchone() or (None,)
        found = iter(row[1:])
        ranges = {}
        for table in tables:
            if table == "documents":
                ranges[table] = (min(numbers, default=-1), max(numbers, default=-1))
            else:
                low, high = next(found), next(found)
                ranges[table] = (low, high) if low is not None else (-1, -1)
        return Located(ranges, list(row[0] or []))

    def doc_info(self, doc_ids: list[str]) -> pd.DataFrame:
        """Title and outlet as shown of the documents ``doc_ids``, indexed by doc_id."""
        return (
            self._db.cursor()
            .execute(
                """SELECT d.doc_id, d.title, o.shown AS outlet FROM idx.doc_index d JOIN idx.outlet_ids o USING (oid)
               WHERE d.doc_id IN (SELECT unnest($docs::VARCHAR[]))""",
                {"docs": doc_ids},
            )
            .df()
            .set_index("doc_id")
        )
