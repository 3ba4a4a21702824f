"""The DuckDB store: large stored builds answered in place, the only module that imports duckdb.

The Parquet files of a build are queried where they lie, through views that add
each row's position in its file (``file_row_number``). Next to them, built once
per build (``build_index``, or on first open) and kept as a DuckDB file under
``<build>/.dashboard/``, is a compact index:

* ``docs``: one row per document with its outlet, date group and the range of row
  positions its rows take in every table, so one document's rows are read from the
  row groups that hold them;
* dictionaries: entities (``ents``), surfaces, merge rules, places (``plc``), place
  rules, keywords (``kws``, lower-cased) and their spellings, outlets, bureaus, voices
  with their kinds (``vks``);
* counts per document (``dm``, ``dp``, ``dk``, ``dw``: mentions by entity, surface and rule;
  place mentions by place, surface, rule, voice and the mention's entity; keyword
  weights; quotations by who they are credited to and the kind of voice), rolled up per date group (``g*``: one outlet, one date and precision),
  per outlet and calendar span (``m*``: months, quarters, halves, years and runs
  of years, see ``SPAN_MONTHS``) and per outlet (``o*``), with slimmer
  copies (``*e``: mentions by entity only, ``*q``: places without bureau, voice or
  entity) for the questions that need no more; and the slimmer counts of each date and
  calendar span summed over all outlets (``ag*``, ``am*``), for the questions that need
  no outlet (entity totals, top keywords, distinct places) on dates of every outlet.

A selection is resolved to the coarsest level that answers it exactly: per outlet
without dates; with dates, the largest calendar spans they cover whole (a year
rather than its twelve months) plus the date groups of the months they cover in
part; per document with a document list or a focus.
Aggregates are then sums over a few thousand to a few million integer rows, and
only the rows a chart draws come back to pandas. Values from the user (the URL,
widgets) are always bound as parameters, never written into SQL; the only text
spliced into SQL is this module's own table and column names, the build's paths
and row numbers it computed itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import schema
from analysis.geo.online import SOURCE as ONLINE_SOURCE
from analysis.quotes import UNATTRIBUTED
from analysis.sources import UNKNOWN
from analysis.storage import MANIFEST, read_manifest
from analysis.tables import Tables
from dashboard import aggregate, charts, focus
from dashboard.aggregate import Counts, Dating, KeywordPanels, Naming, PlacePoints
from dashboard.filters import Filters
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

INDEX_VERSION = 9
INDEX_DIR = ".dashboard"
THREADS = max(1, min(2, os.cpu_count() or 1))
QUERY_MEMORY = "512MB"
BUILD_MEMORY = "1GB"
# The lengths in months of the calendar spans counted ahead (month, quarter, half, year, then 2, 4... years): each
# divides the next, so a date range's whole spans nest and a long range is summed from a few of them.
SPAN_MONTHS = (1, 3, 6, 12, 24, 48, 96, 192, 384, 768)
# Documents whose counts are made at once while indexing (a few million rows of each table).
CHUNK_DOCS = 50_000
Level = Literal["outlet", "group", "doc"]
# Per level: the suffix of its tables and the column naming its unit.
_LEVELS: dict[str, tuple[str, str]] = {"outlet": ("o", "oid"), "group": ("g", "gid"), "doc": ("d", "dno")}
_DOC_TABLES = {
    "mentions": "m", "places": "p", "keywords": "k", "sentences": "s", "provenance": "v", "boilerplate": "b", "quotes": "qt",
}
# The counts of each kind, as every level's tables have them after their unit.
_COLUMNS = {
    "m": "oid, eid, sid, rid, n",
    "e": "oid, eid, n",
    "p": "oid, buid, pid, sid, prid, quoted, eid, n, cand",
    "q": "oid, pid, sid, prid, n, cand",
    "k": "oid, kid, spid, n, w, d",
    "w": "oid, vkid, n",
}
# The counts of all outlets together, for the kinds that have them (no outlet; places by place only).
_ACROSS_COLUMNS = {"e": "eid, n", "k": "kid, spid, n, w, d", "q": "pid, n"}
_REMEMBERED = 16
# Outlet ids per word of a bit mask (``DuckStore._outlet_masks``).
_MASK_BITS = 64
_SEARCH_BATCH = 50

_PERIOD_END = (
    "CASE date_precision WHEN 'month' THEN published + INTERVAL 1 MONTH "
    "WHEN 'year' THEN published + INTERVAL 1 YEAR ELSE published + INTERVAL 1 DAY END"
)

_DICTIONARY_SQL = [
    ("CREATE TABLE outs AS SELECT (row_number() OVER (ORDER BY outlet NULLS LAST) - 1)::INTEGER AS oid, outlet, "
    "coalesce(outlet, $unknown) AS shown FROM (SELECT DISTINCT outlet FROM documents)"),
    ("CREATE TABLE bureaus AS SELECT (row_number() OVER (ORDER BY bureau NULLS LAST) - 1)::INTEGER AS buid, bureau "
    "FROM (SELECT DISTINCT bureau FROM documents)"),
    (f"CREATE TEMP TABLE d0 AS SELECT file_row_number AS dno, doc_id, title, outlet, bureau, published, date_precision, "
    f"n_words, {_PERIOD_END} AS period_end FROM documents"),
    # A date group (one outlet, date and precision) of day or month precision lies within one calendar month.
    ("CREATE TEMP TABLE g0 AS SELECT o.oid, d.published, d.date_precision, d.period_end, count(*)::BIGINT AS n_docs, "
     "sum(d.n_words)::BIGINT AS n_words, CASE WHEN d.date_precision IN ('day', 'month') THEN date_trunc('month', d.published) END AS month "
     "FROM d0 d JOIN outs o ON d.outlet IS NOT DISTINCT FROM o.outlet GROUP BY o.oid, d.published, d.date_precision, d.period_end"),
    # Calendar spans of each outlet: months, quarters, halves, years and runs of 2, 4... years, numbered from January
    # of the first dated year so each span lies within one of the next size. A span is listed where the outlet has
    # documents; sizes as long as the corpus's dated months or longer are left out (the outlet's totals answer those).
    ("CREATE TEMP TABLE m0 AS SELECT DISTINCT oid, month, (year(month) - min(year(month)) OVER ()) * 12 + month(month) - 1 AS i "
     "FROM g0 WHERE month IS NOT NULL"),
    ("CREATE TEMP TABLE s0 AS SELECT DISTINCT m0.oid, z.size, m0.i // z.size AS bucket FROM m0, (SELECT unnest($spans::INTEGER[]) AS size) z "
     "WHERE z.size = 1 OR z.size <= (SELECT max(i) FROM m0)"),
    ("CREATE TEMP TABLE s1 AS SELECT (row_number() OVER (ORDER BY size, oid, bucket) - 1)::INTEGER AS mid, oid, size, bucket, "
     "(SELECT make_timestamp(min(year(month)), 1, 1, 0, 0, 0) FROM m0) + to_months(bucket * size) AS month FROM s0"),
    # ``amid`` numbers the span itself, whatever the outlet: all outlets' counts of it are summed under that id.
    ("CREATE TABLE months AS SELECT s.mid, s.oid, s.size, s.month, s.month + to_months(s.size) AS month_end, p.mid AS parent, "
     "(dense_rank() OVER (ORDER BY s.size, s.month) - 1)::INTEGER AS amid FROM s1 s "
     "LEFT JOIN s1 p ON p.oid = s.oid AND p.size = list_element($spans::INTEGER[], list_position($spans::INTEGER[], s.size) + 1) "
     "AND p.bucket = s.bucket * s.size // p.size ORDER BY s.mid"),
    ("CREATE TABLE groups AS SELECT (row_number() OVER (ORDER BY g.oid, g.published NULLS LAST, g.date_precision NULLS LAST) - 1)::INTEGER AS gid, "
     "g.oid, g.published, g.date_precision, g.period_end, g.n_docs, g.n_words, m.mid, "
     "(dense_rank() OVER (ORDER BY g.published NULLS LAST, g.date_precision NULLS LAST) - 1)::INTEGER AS agid FROM g0 g "
     "LEFT JOIN months m ON m.oid = g.oid AND m.size = 1 AND m.month = g.month"),
    # Each month with every span holding it (itself included).
    ("CREATE TEMP TABLE within AS SELECT a.mid AS m0, b.mid FROM months a JOIN months b ON a.oid = b.oid "
     "AND a.month >= b.month AND a.month < b.month_end WHERE a.size = 1"),
    *[
        f"CREATE TEMP TABLE r_{short} AS SELECT doc_id, min(file_row_number) AS lo, max(file_row_number) AS hi FROM {table} GROUP BY doc_id"
        for table, short in _DOC_TABLES.items()
    ],
    "CREATE TABLE docs AS SELECT d.dno::INTEGER AS dno, d.doc_id, d.title, o.oid, b.buid, g.gid, d.published, d.period_end, "
    "d.date_precision, d.n_words, "
    + ", ".join(f"r_{s}.lo AS {s}_lo, r_{s}.hi AS {s}_hi" for s in _DOC_TABLES.values())
    + " FROM d0 d JOIN outs o ON d.outlet IS NOT DISTINCT FROM o.outlet JOIN bureaus b ON d.bureau IS NOT DISTINCT FROM b.bureau "
    "JOIN groups g ON g.oid = o.oid AND g.published IS NOT DISTINCT FROM d.published AND g.date_precision IS NOT DISTINCT FROM d.date_precision "
    + " ".join(f"LEFT JOIN r_{s} ON r_{s}.doc_id = d.doc_id" for s in _DOC_TABLES.values())
    + " ORDER BY d.dno",
    "CREATE TABLE ekeys AS SELECT (row_number() OVER (ORDER BY entity) - 1)::INTEGER AS ekey, entity FROM (SELECT DISTINCT entity FROM mentions)",
    ("CREATE TABLE ents AS SELECT (row_number() OVER (ORDER BY m.entity, m.label) - 1)::INTEGER AS eid, k.ekey, m.entity, m.label "
    "FROM (SELECT DISTINCT entity, label FROM mentions) m JOIN ekeys k ON m.entity IS NOT DISTINCT FROM k.entity"),
    # Entity ids with integers for what the questions rank and count by: the entity's key and its type.
    "CREATE TABLE labels AS SELECT (row_number() OVER (ORDER BY label) - 1)::TINYINT AS lid, label FROM (SELECT DISTINCT label FROM ents WHERE label IS NOT NULL)",
    ("CREATE TABLE eids AS SELECT e.eid, CASE WHEN e.entity IS NOT NULL THEN e.ekey END AS ekey, l.lid "
     "FROM ents e LEFT JOIN labels l ON e.label = l.label ORDER BY e.eid"),
    ("CREATE TABLE surfs AS SELECT (row_number() OVER (ORDER BY surface) - 1)::INTEGER AS sid, surface "
    "FROM (SELECT surface FROM mentions UNION SELECT surface FROM places)"),
    "CREATE TABLE mrules AS SELECT (row_number() OVER (ORDER BY merge_rule) - 1)::INTEGER AS rid, merge_rule FROM (SELECT DISTINCT merge_rule FROM mentions)",
    "CREATE TABLE prules AS SELECT (row_number() OVER (ORDER BY rule) - 1)::INTEGER AS prid, rule FROM (SELECT DISTINCT rule FROM places)",
    ("CREATE TABLE plc AS SELECT (row_number() OVER (ORDER BY place_id NULLS FIRST) - 1)::INTEGER AS pid, * FROM ("
    "SELECT place_id, arg_min(name, file_row_number) AS name, arg_min(country_code, file_row_number) AS country_code, "
    "arg_min(lat, file_row_number) AS lat, arg_min(lon, file_row_number) AS lon, coalesce(bool_or(source = $online), false) AS online "
    "FROM places GROUP BY place_id)"),
    "CREATE TABLE kws AS SELECT (row_number() OVER (ORDER BY key) - 1)::INTEGER AS kid, key FROM (SELECT DISTINCT lower(keyword) AS key FROM keywords WHERE keyword IS NOT NULL)",
    ("CREATE TABLE kspell AS SELECT (row_number() OVER (ORDER BY s.keyword) - 1)::INTEGER AS spid, s.keyword, k.kid "
    "FROM (SELECT DISTINCT keyword FROM keywords WHERE keyword IS NOT NULL) s JOIN kws k ON lower(s.keyword) = k.key"),
    # Each document's outlet and date group ride along, so a slice of the corpus is a plain filter on these tables.
    "CREATE TABLE dm (dno INTEGER, oid INTEGER, gid INTEGER, eid INTEGER, sid INTEGER, rid INTEGER, n INTEGER)",
    ("CREATE TABLE dp (dno INTEGER, oid INTEGER, gid INTEGER, buid INTEGER, pid INTEGER, sid INTEGER, prid INTEGER, quoted BOOLEAN, "
     "eid INTEGER, n INTEGER, cand BIGINT)"),
    "CREATE TABLE dk (dno INTEGER, oid INTEGER, gid INTEGER, kid INTEGER, spid INTEGER, n INTEGER, w DOUBLE, d INTEGER)",
    # Who a quotation is credited to (``analysis.quotes.voices``: the speaker's entity, else the speaker as written).
    ("CREATE TABLE vks AS SELECT (row_number() OVER (ORDER BY voice, kind) - 1)::INTEGER AS vkid, voice, kind "
     "FROM (SELECT DISTINCT coalesce(speaker_entity, speaker) AS voice, kind FROM quotes)"),
    "CREATE TABLE dw (dno INTEGER, oid INTEGER, gid INTEGER, vkid INTEGER, n INTEGER)",
]
# Counts per document, made a slice of documents at a time (the rows of documents $a..$b lie within the row ranges
# $m_lo..$m_hi, $p_lo..$p_hi, $k_lo..$k_hi of their tables), so memory stays bounded whatever the corpus size.
_CHUNK = "(SELECT * FROM docs WHERE dno BETWEEN $a AND $b)"
_PER_DOCUMENT_SQL = [
    # Each mention of the slice with its ids, once: both the mention and the place counts are made from it.
    (f"CREATE OR REPLACE TEMP TABLE chunk AS SELECT d.dno, d.oid, d.gid, m.file_row_number AS row, m.start, m.\"end\", e.eid, s.sid, r.rid "
     f"FROM mentions m JOIN {_CHUNK} d ON m.doc_id = d.doc_id "
     "JOIN ents e ON m.entity IS NOT DISTINCT FROM e.entity AND m.label IS NOT DISTINCT FROM e.label "
     "JOIN surfs s ON m.surface IS NOT DISTINCT FROM s.surface JOIN mrules r ON m.merge_rule IS NOT DISTINCT FROM r.merge_rule "
     "WHERE m.file_row_number BETWEEN $m_lo AND $m_hi"),
    "INSERT INTO dm SELECT dno, oid, gid, eid, sid, rid, count(*)::INTEGER AS n FROM chunk GROUP BY ALL ORDER BY dno",
    # A place mention is also an entity mention (same span): its entity decides whether it survives the type and
    # minimum-mentions filters. The first mention of a span stands for it.
    (f"INSERT INTO dp SELECT d.dno, d.oid, d.gid, d.buid, pl.pid, s.sid, r.prid, p.quoted, m.eid, count(*)::INTEGER AS n, "
     f"max(p.n_candidates)::BIGINT AS cand FROM places p JOIN {_CHUNK} d ON p.doc_id = d.doc_id "
     "JOIN plc pl ON p.place_id IS NOT DISTINCT FROM pl.place_id JOIN surfs s ON p.surface IS NOT DISTINCT FROM s.surface "
     "JOIN prules r ON p.rule IS NOT DISTINCT FROM r.rule "
     "LEFT JOIN (SELECT dno, start, \"end\", arg_min(eid, row) AS eid FROM chunk GROUP BY dno, start, \"end\") m "
     "ON m.dno = d.dno AND m.start = p.start AND m.\"end\" = p.\"end\" "
     "WHERE p.file_row_number BETWEEN $p_lo AND $p_hi GROUP BY ALL ORDER BY d.dno"),
    # d marks one row per (document, keyword), so sum(d) over any grouping counts documents.
    ("INSERT INTO dk SELECT dno, oid, gid, kid, spid, n, w, (row_number() OVER (PARTITION BY dno, kid ORDER BY spid) = 1)::INTEGER AS d "
     "FROM (SELECT d.dno, d.oid, d.gid, sp.kid, sp.spid, count(*)::INTEGER AS n, sum(k.weight) AS w FROM keywords k "
     f"JOIN {_CHUNK} d ON k.doc_id = d.doc_id JOIN kspell sp ON k.keyword = sp.keyword "
     "WHERE k.file_row_number BETWEEN $k_lo AND $k_hi GROUP BY ALL) ORDER BY dno"),
    (f"INSERT INTO dw SELECT d.dno, d.oid, d.gid, v.vkid, count(*)::INTEGER AS n FROM quotes q JOIN {_CHUNK} d ON q.doc_id = d.doc_id "
     "JOIN vks v ON coalesce(q.speaker_entity, q.speaker) IS NOT DISTINCT FROM v.voice AND q.kind IS NOT DISTINCT FROM v.kind "
     "WHERE q.file_row_number BETWEEN $qt_lo AND $qt_hi GROUP BY ALL ORDER BY d.dno"),
]
_ROLLUP_SQL = [
    "CREATE TABLE gm AS SELECT gid, oid, eid, sid, rid, sum(n)::BIGINT AS n FROM dm GROUP BY ALL ORDER BY gid",
    "CREATE TABLE gp AS SELECT gid, oid, buid, pid, sid, prid, quoted, eid, sum(n)::BIGINT AS n, max(cand) AS cand FROM dp GROUP BY ALL ORDER BY gid",
    "CREATE TABLE gk AS SELECT gid, oid, kid, spid, sum(n)::BIGINT AS n, sum(w) AS w, sum(d)::BIGINT AS d FROM dk GROUP BY ALL ORDER BY gid",
    "CREATE TABLE gw AS SELECT gid, oid, vkid, sum(n)::BIGINT AS n FROM dw GROUP BY ALL ORDER BY gid",
    # Per month first, then per calendar span from the months it holds.
    ("CREATE TEMP TABLE mm0 AS SELECT g.mid, t.oid, t.eid, t.sid, t.rid, sum(t.n)::BIGINT AS n FROM gm t JOIN groups g USING (gid) "
     "WHERE g.mid IS NOT NULL GROUP BY ALL"),
    ("CREATE TEMP TABLE mp0 AS SELECT g.mid, t.oid, t.buid, t.pid, t.sid, t.prid, t.quoted, t.eid, sum(t.n)::BIGINT AS n, max(t.cand) AS cand "
     "FROM gp t JOIN groups g USING (gid) WHERE g.mid IS NOT NULL GROUP BY ALL"),
    ("CREATE TEMP TABLE mk0 AS SELECT g.mid, t.oid, t.kid, t.spid, sum(t.n)::BIGINT AS n, sum(t.w) AS w, sum(t.d)::BIGINT AS d "
     "FROM gk t JOIN groups g USING (gid) WHERE g.mid IS NOT NULL GROUP BY ALL"),
    "CREATE TEMP TABLE mw0 AS SELECT g.mid, t.oid, t.vkid, sum(t.n)::BIGINT AS n FROM gw t JOIN groups g USING (gid) WHERE g.mid IS NOT NULL GROUP BY ALL",
    ("CREATE TABLE mm AS SELECT w.mid, t.oid, t.eid, t.sid, t.rid, sum(t.n)::BIGINT AS n FROM mm0 t JOIN within w ON w.m0 = t.mid "
     "GROUP BY ALL ORDER BY mid"),
    ("CREATE TABLE mp AS SELECT w.mid, t.oid, t.buid, t.pid, t.sid, t.prid, t.quoted, t.eid, sum(t.n)::BIGINT AS n, max(t.cand) AS cand "
     "FROM mp0 t JOIN within w ON w.m0 = t.mid GROUP BY ALL ORDER BY mid"),
    ("CREATE TABLE mk AS SELECT w.mid, t.oid, t.kid, t.spid, sum(t.n)::BIGINT AS n, sum(t.w) AS w, sum(t.d)::BIGINT AS d "
     "FROM mk0 t JOIN within w ON w.m0 = t.mid GROUP BY ALL ORDER BY mid"),
    "CREATE TABLE mw AS SELECT w.mid, t.oid, t.vkid, sum(t.n)::BIGINT AS n FROM mw0 t JOIN within w ON w.m0 = t.mid GROUP BY ALL ORDER BY mid",
    "CREATE TABLE om AS SELECT oid, eid, sid, rid, sum(n)::BIGINT AS n FROM gm GROUP BY ALL ORDER BY oid",
    "CREATE TABLE op AS SELECT oid, buid, pid, sid, prid, quoted, eid, sum(n)::BIGINT AS n, max(cand) AS cand FROM gp GROUP BY ALL ORDER BY oid",
    "CREATE TABLE ok AS SELECT oid, kid, spid, sum(n)::BIGINT AS n, sum(w) AS w, sum(d)::BIGINT AS d FROM gk GROUP BY ALL ORDER BY oid",
    "CREATE TABLE ow AS SELECT oid, vkid, sum(n)::BIGINT AS n FROM gw GROUP BY ALL ORDER BY oid",
    # Slimmer counts for the questions that need neither spellings nor rules (entities), nor bureaus, voices and
    # entities (places without type filters): fewer rows to sum.
    *[
        f"CREATE TABLE {level}e AS SELECT {unit}oid, eid, sum(n)::BIGINT AS n FROM {level}m GROUP BY ALL ORDER BY {unit}oid"
        for level, unit in (("g", "gid, "), ("m", "mid, "), ("o", ""))
    ],
    *[
        f"CREATE TABLE {level}q AS SELECT {unit}oid, pid, sid, prid, sum(n)::BIGINT AS n, max(cand) AS cand FROM {level}p "
        f"GROUP BY ALL ORDER BY {unit}oid"
        for level, unit in (("g", "gid, "), ("m", "mid, "), ("o", ""))
    ],
    # Per date and per calendar span of all outlets together (``a*``: ``amid`` of months, ``agid`` of groups), for the
    # questions that need no outlet on date ranges of every outlet: a few times fewer rows than one per outlet.
    *[
        f"CREATE TABLE a{level}{kind} AS SELECT u.a{unit} AS a{unit}, {columns} FROM {level}{kind} t JOIN {units} u USING ({unit}) "
        f"GROUP BY ALL ORDER BY a{unit}"
        for level, unit, units in (("m", "mid", "months"), ("g", "gid", "groups"))
        for kind, columns in (
            ("e", "t.eid, sum(t.n)::BIGINT AS n"),
            ("k", "t.kid, t.spid, sum(t.n)::BIGINT AS n, sum(t.w) AS w, sum(t.d)::BIGINT AS d"),
            ("q", "t.pid, sum(t.n)::BIGINT AS n"),
        )
    ],
]


@dataclass(frozen=True, slots=True)
class _Scope:
    """A resolved selection: units of one level (None: all of them), and the entity ids allowed by the
    type and minimum-mentions filters (None: no such filter). At the date-group level, ``months`` are the
    largest calendar spans of an outlet (months, quarters, halves, years...) the dates cover whole and ``rest`` the
    groups of the months they cover in part: counts are summed from those, fewer rows than all the groups. When the
    dates are of every outlet, ``across`` holds the same spans and groups numbered for all outlets together
    (``amid``, ``agid``), for the questions that need no outlet."""

    level: Level
    ids: np.ndarray | None
    eids: np.ndarray | None
    months: np.ndarray | None = None
    rest: np.ndarray | None = None
    across: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def empty(self) -> bool:
        return self.ids is not None and len(self.ids) == 0


@dataclass(frozen=True, slots=True)
class _Located:
    """Where the rows of some documents lie: per table (by its prefix), their first and last row; and their ids."""

    ranges: dict[str, tuple[int, int]]
    docs: list[str]

    def rows(self, prefix: str, alias: str) -> str:
        """A condition on ``alias``'s rows: within the documents' row range (so only the row groups holding them are
        read), and of those documents (bound as ``$docs``)."""
        low, high = self.ranges[prefix]
        return f"{alias}.file_row_number BETWEEN {int(low)} AND {int(high)} AND {alias}.doc_id IN (SELECT unnest($docs::VARCHAR[]))"


def index_path(build: str | os.PathLike[str]) -> Path:
    """Where the index of ``build`` lives: a file named by the build's manifest and table files, so a rebuilt
    corpus gets a new index. Under the build folder, or the temp folder when that is read-only."""
    folder = Path(build)
    digest = hashlib.sha256(f"index {INDEX_VERSION}".encode())
    digest.update((folder / MANIFEST).read_bytes())
    for name in schema.TABLES:
        stat = (folder / f"{name}.parquet").stat()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    parent = folder / INDEX_DIR
    if not os.access(folder, os.W_OK):
        parent = Path(tempfile.gettempdir()) / "news-coverage-index"
    return parent / f"index-{digest.hexdigest()[:16]}.duckdb"


def build_index(build: str | os.PathLike[str], *, memory: str = BUILD_MEMORY) -> Path:
    """Build the index of ``build`` unless it is there already; return its path. Written to a temporary file and
    renamed into place, so a reader never sees half an index; older indexes of the folder are removed."""
    target = index_path(build)
    if target.is_file():
        return target
    read_manifest(build)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".index-", suffix=".tmp")
    os.close(fd)
    Path(tmp).unlink()
    try:
        with duckdb.connect(tmp, config={"threads": THREADS, "memory_limit": memory, "preserve_insertion_order": False}) as con:
            con.execute("SET enable_progress_bar = false")
            con.execute(f"SET temp_directory = {_literal(str(target.parent / '.spill'))}")
            _raw_views(con, Path(build), temporary=True)
            for statement in _DICTIONARY_SQL:
                given = {"unknown": UNKNOWN, "online": ONLINE_SOURCE, "spans": list(SPAN_MONTHS)}
                params = {k: v for k, v in given.items() if f"${k}" in statement}
                con.execute(statement, params or None)
            (n_docs,) = con.execute("SELECT count(*) FROM docs").fetchone() or (0,)
            for first in range(0, n_docs, CHUNK_DOCS):
                bounds = con.execute(
                    "SELECT min(m_lo), max(m_hi), min(p_lo), max(p_hi), min(k_lo), max(k_hi), min(qt_lo), max(qt_hi) FROM docs "
                    "WHERE dno BETWEEN $a AND $b",
                    {"a": first, "b": first + CHUNK_DOCS - 1},
                ).fetchone() or ()
                names = ("m_lo", "m_hi", "p_lo", "p_hi", "k_lo", "k_hi", "qt_lo", "qt_hi")
                chunk = dict(zip(names, bounds), a=first, b=first + CHUNK_DOCS - 1)
                for statement in _PER_DOCUMENT_SQL:
                    con.execute(statement, {k: v for k, v in chunk.items() if f"${k}" in statement})
            for statement in _ROLLUP_SQL:
                con.execute(statement)
            con.execute("CHECKPOINT")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(target.parent / ".spill", ignore_errors=True)
    for old in target.parent.glob("index-*.duckdb"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


class DuckStore:
    """Answers from a stored build through DuckDB; safe to share between sessions (one cursor per question)."""

    def __init__(self, build: str | os.PathLike[str]) -> None:
        self._build = Path(build)
        index = build_index(self._build)
        spill = Path(tempfile.gettempdir()) / "news-coverage-duckdb"
        self._db = duckdb.connect(config={"threads": THREADS, "memory_limit": QUERY_MEMORY, "temp_directory": str(spill)})
        self._db.execute(f"ATTACH {_literal(str(index))} AS idx (READ_ONLY)")
        _raw_views(self._db, self._build, temporary=False)
        self._outs = self._db.execute("SELECT oid, outlet, shown FROM idx.outs ORDER BY oid").df()
        self._groups = self._db.execute("SELECT gid, oid, published, period_end, date_precision, mid, agid FROM idx.groups ORDER BY gid").df()
        self._months = self._db.execute(
            "SELECT mid, oid, month, month_end, coalesce(parent, -1) AS parent, amid FROM idx.months ORDER BY mid"
        ).df()
        self._outlets = self._db.execute("SELECT * EXCLUDE (file_row_number) FROM outlets").df()
        # Entity ids to their key, type and names, in memory (a few MB): ranking and counting entities need no join.
        entities = self._db.execute(
            "SELECT e.eid, coalesce(x.ekey, -1) AS ekey, coalesce(x.lid, -1) AS lid, e.entity, e.label FROM idx.ents e "
            "JOIN idx.eids x USING (eid) ORDER BY e.eid"
        ).df()
        self._ekey = entities["ekey"].to_numpy(dtype=np.int64)
        self._lid = entities["lid"].to_numpy(dtype=np.int64)
        self._entity = entities["entity"].to_numpy(dtype=object)
        self._label = entities["label"].to_numpy(dtype=object)
        self._totals: OrderedDict[Selection, pd.DataFrame] = OrderedDict()
        self._scopes: OrderedDict[Selection, _Scope] = OrderedDict()
        self._lock = threading.Lock()
        self._catalog = self._make_catalog()

    @property
    def large(self) -> bool:
        return True

    def close(self) -> None:
        self._db.close()

    # The corpus as a whole

    def catalog(self) -> Catalog:
        return self._catalog

    def _make_catalog(self) -> Catalog:
        labels = [r[0] for r in self._db.execute("SELECT DISTINCT label FROM idx.ents WHERE label IS NOT NULL").fetchall()]
        n_docs, first, last = self._db.execute(
            "SELECT count(*), min(published), max(period_end) FROM idx.docs"
        ).fetchone() or (0, None, None)
        bounds = None
        if first is not None and last is not None:
            bounds = (pd.Timestamp(first).date(), (pd.Timestamp(last) - pd.Timedelta(days=1)).date())
        return Catalog(
            n_docs=int(n_docs),
            outlets=tuple(sorted(self._outs["outlet"].dropna())),
            labels=tuple(sorted(labels, key=aggregate.label_order)),
            date_bounds=bounds,
            colours=charts.outlet_colours(self._outs["shown"]),
        )

    def known(self, kind: Kind, values: Collection[str]) -> set[str]:
        if kind == "speaker":
            # Voices are counted, but their statements are not found by speaker in large corpora: a speaker link is
            # dropped with a notice.
            return set()
        table, column = {
            "doc": ("idx.docs", "doc_id"),
            "outlet": ("idx.outs", "outlet"),
            "label": ("idx.ents", "label"),
            "entity": ("idx.ents", "entity"),
            "place": ("idx.plc", "place_id"),
            "keyword": ("idx.kspell", "keyword"),
        }[kind]
        rows = self._db.cursor().execute(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN (SELECT unnest($values::VARCHAR[]))",
            {"values": [str(v) for v in values]},
        ).fetchall()
        return {r[0] for r in rows}

    def place_name(self, place_id: str) -> str | None:
        row = self._db.cursor().execute("SELECT name FROM idx.plc WHERE place_id = $p", {"p": place_id}).fetchone()
        return row[0] if row else None

    # Selections

    def _scope(self, selection: Selection) -> _Scope:
        with self._lock:
            if selection in self._scopes:
                self._scopes.move_to_end(selection)
                return self._scopes[selection]
        scope = self._resolve(selection)
        with self._lock:
            self._scopes[selection] = scope
            while len(self._scopes) > _REMEMBERED:
                self._scopes.popitem(last=False)
        return scope

    def _resolve(self, selection: Selection) -> _Scope:
        chosen = selection.filters
        oids = self._oids(chosen.outlets) if chosen.outlets else None
        dated = chosen.date_from is not None or chosen.date_to is not None
        if chosen.docs:
            scope = _Scope("doc", self._doc_ids(chosen, oids), None)
        elif dated:
            gids = self._gids(chosen, oids)
            whole = self._whole_spans(chosen, oids)
            # A span the range covers whole within one it also covers is summed as part of that one.
            largest = whole.loc[~whole["parent"].isin(whole["mid"]), "mid"]
            rest = self._groups.loc[self._groups["gid"].isin(gids) & ~self._groups["mid"].isin(whole["mid"]), "gid"]
            across = None
            if oids is None:
                # Whether a span or a date group is taken depends on the dates only, so every outlet takes the same
                # ones: each is summed once for all of them.
                amids = np.unique(self._months.loc[self._months["mid"].isin(largest), "amid"].to_numpy(dtype=np.int32))
                agids = np.unique(self._groups.loc[self._groups["gid"].isin(rest), "agid"].to_numpy(dtype=np.int32))
                across = (amids, agids)
            scope = _Scope("group", gids, None, largest.to_numpy(dtype=np.int32), rest.to_numpy(dtype=np.int32), across)
        else:
            scope = _Scope("outlet", oids, None)
        if chosen.labels or chosen.min_mentions > 1:
            scope = replace(scope, eids=self._allowed_entities(scope, chosen))
        if selection.focus is not None and not scope.empty:
            scope = _Scope("doc", self._focus_docs(scope, selection.focus), scope.eids)
        return scope

    def _whole_spans(self, chosen: Filters, oids: np.ndarray | None) -> pd.DataFrame:
        """The calendar spans of an outlet (mid, parent) whose every document the date range keeps: spans it covers whole."""
        months = self._months
        keep = pd.Series(True, index=months.index)
        if chosen.date_from is not None:
            keep &= months["month"] >= pd.Timestamp(chosen.date_from)
        if chosen.date_to is not None:
            keep &= months["month_end"] <= pd.Timestamp(chosen.date_to) + pd.Timedelta(days=1)
        if oids is not None:
            keep &= months["oid"].isin(oids)
        return months.loc[keep, ["mid", "parent"]]

    def _oids(self, outlets: Sequence[str]) -> np.ndarray:
        return self._outs.loc[self._outs["shown"].isin(list(outlets)), "oid"].to_numpy(dtype=np.int32)

    def _gids(self, chosen: Filters, oids: np.ndarray | None) -> np.ndarray:
        groups = self._groups
        keep = groups["published"].notna()
        if chosen.date_from is not None:
            keep &= groups["period_end"] > pd.Timestamp(chosen.date_from)
        if chosen.date_to is not None:
            keep &= groups["published"] < pd.Timestamp(chosen.date_to) + pd.Timedelta(days=1)
        if oids is not None:
            keep &= groups["oid"].isin(oids)
        return groups.loc[keep, "gid"].to_numpy(dtype=np.int32)

    def _doc_ids(self, chosen: Filters, oids: np.ndarray | None) -> np.ndarray:
        conditions = ["doc_id IN (SELECT unnest($docs::VARCHAR[]))"]
        params: dict[str, object] = {"docs": list(chosen.docs)}
        if oids is not None:
            conditions.append("oid IN (SELECT unnest($oids::INTEGER[]))")
            params["oids"] = oids.tolist()
        if chosen.date_from is not None or chosen.date_to is not None:
            conditions.append("published IS NOT NULL")
        if chosen.date_from is not None:
            conditions.append("period_end > $date_from")
            params["date_from"] = dt.datetime.combine(chosen.date_from, dt.time())
        if chosen.date_to is not None:
            conditions.append("published < $date_to")
            params["date_to"] = dt.datetime.combine(chosen.date_to + dt.timedelta(days=1), dt.time())
        rows = self._db.cursor().execute(f"SELECT dno FROM idx.docs WHERE {' AND '.join(conditions)} ORDER BY dno", params)
        return np.array([r[0] for r in rows.fetchall()], dtype=np.int32)

    def _allowed_entities(self, scope: _Scope, chosen: Filters) -> np.ndarray:
        """Entity ids of the types chosen whose entity is mentioned at least ``min_mentions`` times in the selection."""
        where = "WHERE x.lid IN (SELECT lid FROM idx.labels WHERE label IN (SELECT unnest($labels::VARCHAR[])))" if chosen.labels else ""
        often = " WHERE ekey IN (SELECT ekey FROM m GROUP BY ekey HAVING sum(n) >= $min)" if chosen.min_mentions > 1 else ""
        sql = (
            f"WITH src AS ({_source('e', scope, outlets=False)}), "
            f"m AS (SELECT s.eid, x.ekey, sum(s.n)::BIGINT AS n FROM src s JOIN idx.eids x USING (eid) {where} GROUP BY s.eid, x.ekey) "
            f"SELECT eid FROM m{often} ORDER BY eid"
        )
        params: dict[str, object] = {"min": chosen.min_mentions} if often else {}
        if chosen.labels:
            params["labels"] = list(chosen.labels)
        return self._run(sql, scope, params)["eid"].to_numpy(dtype=np.int32)

    def _focus_docs(self, scope: _Scope, picked: focus.Focus) -> np.ndarray:
        """The documents of ``scope`` in which the focus occurs (among the mentions the filters keep)."""
        if picked.kind == "entity":
            table, condition = "dm", "eid IN (SELECT eid FROM idx.ents WHERE entity = $value)"
            if scope.eids is not None:
                condition += " AND eid IN (SELECT eid FROM ok_eids)"
        elif picked.kind == "place":
            table, condition = "dp", "pid IN (SELECT pid FROM idx.plc WHERE place_id = $value)"
            if scope.eids is not None:
                condition += " AND eid IN (SELECT eid FROM ok_eids)"
        else:
            table, condition = "dk", "kid IN (SELECT kid FROM idx.kws WHERE key = lower($value))"
        sql = f"SELECT DISTINCT dno FROM idx.{table} WHERE {condition} AND {_docs_in_scope('dno', scope)} ORDER BY dno"
        return self._run(sql, scope, {"value": picked.value})["dno"].to_numpy(dtype=np.int32)

    def _run(self, sql: str, scope: _Scope, params: dict[str, object] | None = None) -> pd.DataFrame:
        """Run ``sql`` on a fresh cursor with the scope's units as ``sel_ids``, its allowed entities as ``ok_eids``, its
        spans and groups as ``sel_months`` and ``sel_rest`` (``sel_amonths``, ``sel_arest`` for all outlets together),
        each registered when the query names it."""
        cursor = self._db.cursor()
        across = scope.across or (None, None)
        tables = {
            "sel_ids": ("id", scope.ids), "ok_eids": ("eid", scope.eids), "sel_months": ("id", scope.months), "sel_rest": ("id", scope.rest),
            "sel_amonths": ("id", across[0]), "sel_arest": ("id", across[1]),
        }  # fmt: skip
        try:
            for name, (column, values) in tables.items():
                if values is not None and name in sql:
                    cursor.register(name, pa.table({column: pa.array(values, pa.int32())}))
            return cursor.execute(sql, params or None).df()
        finally:
            cursor.close()

    # Questions

    def counts(self, selection: Selection) -> Counts:
        scope = self._scope(selection)
        if scope.empty:
            return Counts(0, 0, 0, 0, 0)
        docs = (
            f"SELECT count(*) AS n_docs, count(DISTINCT o.outlet) AS n_outlets, coalesce(sum(d.n_words), 0)::BIGINT AS n_words "
            f"FROM idx.docs d JOIN idx.outs o USING (oid) WHERE {_in_scope('d.dno', scope)}"
            if scope.level == "doc"
            else f"SELECT coalesce(sum(g.n_docs), 0)::BIGINT AS n_docs, count(DISTINCT o.outlet) AS n_outlets, "
            f"coalesce(sum(g.n_words), 0)::BIGINT AS n_words FROM idx.groups g JOIN idx.outs o USING (oid) "
            f"WHERE {_in_scope('g.gid' if scope.level == 'group' else 'g.oid', scope)}"
        )
        sql = (
            f"WITH docs AS ({docs}), "
            f"places AS (SELECT count(DISTINCT pl.place_id) AS n FROM (SELECT DISTINCT pid FROM ({_source('q', scope, outlets=False)})) s JOIN idx.plc pl USING (pid)) "
            "SELECT docs.*, places.n AS n_places FROM docs, places"
        )
        row = self._run(sql, scope).iloc[0]
        keys = self._ekey[self._entity_totals(selection)["eid"].to_numpy()]
        # Keys are small integers: marking them counts the distinct ones without sorting or hashing.
        seen = np.zeros(len(self._ekey), dtype=bool)
        seen[keys[keys >= 0]] = True
        entities = int(seen.sum())
        return Counts(int(row["n_docs"]), int(row["n_outlets"]), int(row["n_words"]), entities, int(row["n_places"]))

    def _entity_totals(self, selection: Selection) -> pd.DataFrame:
        """Mentions per entity id in the selection (eid, total), kept for the few questions of one page that need them."""
        with self._lock:
            if selection in self._totals:
                self._totals.move_to_end(selection)
                return self._totals[selection]
        scope = self._scope(selection)
        totals = self._run(f"SELECT eid, sum(n)::BIGINT AS total FROM ({_source('e', scope, outlets=False)}) GROUP BY eid", scope)
        with self._lock:
            self._totals[selection] = totals
            while len(self._totals) > _REMEMBERED:
                self._totals.popitem(last=False)
        return totals

    def outlets(self, selection: Selection) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.OUTLET_COLUMNS)
        if scope.level == "doc":
            sql = (
                "SELECT o.shown AS outlet, count(*) AS n_docs, sum(d.n_words)::BIGINT AS n_words FROM idx.docs d JOIN idx.outs o USING (oid) "
                f"WHERE {_in_scope('d.dno', scope)} GROUP BY o.shown"
            )
        else:
            sql = (
                "SELECT o.shown AS outlet, sum(g.n_docs)::BIGINT AS n_docs, sum(g.n_words)::BIGINT AS n_words FROM idx.groups g JOIN idx.outs o USING (oid) "
                f"WHERE {_in_scope('g.gid' if scope.level == 'group' else 'g.oid', scope)} GROUP BY o.shown"
            )
        counted = self._run(sql, scope).set_index("outlet")
        kept = self._outlets[self._outlets["outlet"].isin(counted.index)]
        recounted = kept.assign(
            n_docs=kept["outlet"].map(counted["n_docs"]).astype("int64"),
            n_words=kept["outlet"].map(counted["n_words"]).astype("int64"),
        )
        ordered = recounted.sort_values(["n_docs", "n_words", "outlet"], ascending=[False, False, True])
        return ordered[aggregate.OUTLET_COLUMNS].reset_index(drop=True)

    def entity_counts(self, selection: Selection, *, top: int) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.ENTITY_COUNT_COLUMNS)
        totals = self._entity_totals(selection)
        eids = totals["eid"].to_numpy()
        named = (self._lid[eids] >= 0) & (self._ekey[eids] >= 0)
        chosen = totals.iloc[_top_per_group(self._lid[eids], totals["total"].to_numpy(), eids, top=top, among=named)]
        split = self._run(
            f"SELECT eid, oid, sum(n)::BIGINT AS n FROM ({_source('e', scope)}) WHERE eid IN (SELECT unnest($chosen::INTEGER[])) GROUP BY eid, oid",
            scope,
            {"chosen": chosen["eid"].astype(int).tolist()},
        )
        shown = dict(zip(self._outs["oid"], self._outs["shown"]))
        rows = split.merge(chosen[["eid", "total"]], on="eid")
        rows = pd.DataFrame(
            {
                "label": self._label[rows["eid"].to_numpy()],
                "entity": self._entity[rows["eid"].to_numpy()],
                "outlet": rows["oid"].map(shown),
                "n": rows["n"],
                "total": rows["total"],
            }
        )
        rows["order"] = rows["label"].map(lambda label: aggregate.label_order(label)[0])
        rows = rows.sort_values(["order", "label", "total", "entity", "outlet"], ascending=[True, True, False, True, True])
        return _int(rows[aggregate.ENTITY_COUNT_COLUMNS], "n", "total")

    def entity_variants(self, selection: Selection, *, merged_only: bool, limit: int | None) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.VARIANT_COLUMNS)
        sql = (
            f"WITH src AS ({_source('m', scope)}), "
            "forms AS (SELECT s.eid, su.surface, sum(s.n)::BIGINT AS n FROM src s JOIN idx.surfs su USING (sid) WHERE su.surface IS NOT NULL GROUP BY s.eid, su.surface), "
            "v AS (SELECT eid, sum(n)::BIGINT AS n_mentions, count(*) AS n_variants, "
            "string_agg(surface || ' (' || n || ')', ', ' ORDER BY n DESC, surface) AS variants FROM forms GROUP BY eid), "
            "r AS (SELECT eid, string_agg(merge_rule, ', ' ORDER BY merge_rule) AS merge_rules FROM "
            "(SELECT DISTINCT s.eid, mr.merge_rule FROM src s JOIN idx.mrules mr USING (rid) WHERE mr.merge_rule IS NOT NULL) GROUP BY eid) "
            "SELECT e.entity, e.label, v.n_mentions, v.n_variants, v.variants, coalesce(r.merge_rules, '') AS merge_rules "
            "FROM v JOIN idx.ents e USING (eid) LEFT JOIN r USING (eid) WHERE e.entity IS NOT NULL AND e.label IS NOT NULL "
            + ("AND v.n_variants > 1 " if merged_only else "")
            + "ORDER BY v.n_variants DESC, v.n_mentions DESC, e.entity, e.label"
            + (" LIMIT $limit" if limit is not None else "")
        )
        rows = self._run(sql, scope, {"limit": limit} if limit is not None else None)
        return _int(rows[aggregate.VARIANT_COLUMNS], "n_mentions", "n_variants")

    def keyword_panels(self, selection: Selection, *, by: Grouping, top: int, max_groups: int) -> KeywordPanels:
        scope = self._scope(selection)
        if scope.empty:
            return KeywordPanels(pd.DataFrame(columns=aggregate.KEYWORD_COLUMNS), 0)
        if by == "doc":
            source = f"SELECT * FROM idx.dk WHERE {_docs_in_scope('dno', scope)}"
            grouped = "SELECT u.doc_id AS grp, src.kid, src.spid, src.n, src.w, src.d FROM src JOIN idx.docs u USING (dno)"
        elif by == "outlet":
            source = _source("k", scope)
            grouped = "SELECT u.shown AS grp, src.kid, src.spid, src.n, src.w, src.d FROM src JOIN idx.outs u USING (oid)"
        else:
            source = _source("k", scope, outlets=False)
            grouped = "SELECT '' AS grp, src.kid, src.spid, src.n, src.w, src.d FROM src"
        sql = (
            f"WITH src AS ({source}), "
            f"g AS (SELECT grp, kid, spid, sum(n)::BIGINT AS n, sum(w) AS w, sum(d)::BIGINT AS d FROM ({grouped}) GROUP BY grp, kid, spid), "
            "weights AS (SELECT grp, kid, round(sum(w), 6) AS weight, sum(d)::BIGINT AS n_docs FROM g GROUP BY grp, kid), "
            # Only keywords weighing at least each panel's top-th weight can be shown: spell and rank just those.
            "cutoffs AS (SELECT grp, min(weight) AS cutoff FROM (SELECT grp, weight, row_number() OVER (PARTITION BY grp ORDER BY weight DESC) AS r "
            "FROM weights) WHERE r <= $top GROUP BY grp), "
            "candidates AS (SELECT w.* FROM weights w JOIN cutoffs c USING (grp) WHERE w.weight >= c.cutoff), "
            "spelled AS (SELECT c.grp, c.kid, c.weight, c.n_docs, first(sp.keyword ORDER BY g.n DESC, sp.keyword) AS keyword "
            "FROM candidates c JOIN g USING (grp, kid) JOIN idx.kspell sp USING (spid) GROUP BY c.grp, c.kid, c.weight, c.n_docs), "
            "ranked AS (SELECT *, row_number() OVER (PARTITION BY grp ORDER BY weight DESC, keyword) AS r FROM spelled), "
            "chosen AS (SELECT * FROM ranked WHERE r <= $top), "
            "totals AS (SELECT grp, round(sum(weight), 6) AS total FROM chosen GROUP BY grp), "
            "ordered AS (SELECT grp, row_number() OVER (ORDER BY total DESC, grp) AS rank, count(*) OVER () AS n_groups FROM totals) "
            "SELECT c.grp AS \"group\", c.keyword, c.weight, c.n_docs, o.rank, o.n_groups FROM chosen c JOIN ordered o USING (grp) "
            "WHERE o.rank <= $max_groups ORDER BY o.rank, c.weight DESC, c.keyword"
        )
        rows = self._run(sql, scope, {"top": top, "max_groups": max_groups})
        n_groups = int(rows["n_groups"].iloc[0]) if len(rows) else 0
        if by == "corpus":
            rows = rows.assign(title="All documents", outlet="")
        elif by == "outlet":
            rows = rows.assign(title=rows["group"], outlet=rows["group"])
        else:
            info = self._doc_info(list(dict.fromkeys(rows["group"])))
            rows = rows.assign(
                title=[aggregate.doc_title(info.at[d, "title"], d, info.at[d, "outlet"]) for d in rows["group"]],
                outlet=[info.at[d, "outlet"] for d in rows["group"]],
            )
        return KeywordPanels(_int(rows[aggregate.KEYWORD_COLUMNS], "n_docs"), n_groups)

    def place_points(self, selection: Selection) -> PlacePoints:
        scope = self._scope(selection)
        if scope.empty:
            return PlacePoints(pd.DataFrame(columns=aggregate.POINT_COLUMNS), 0, False)
        sql = (
            # Each name's outlets are sorted as a list (most mentions first, then by name), cheaper than an ordered
            # aggregate. Per document, rows repeat (place, name, outlet, rule) many times: they are summed first.
            f"WITH src AS ({_source('q', scope)}), "
            + (
                "p0 AS (SELECT pid, sid, oid, prid, sum(n)::BIGINT AS n, max(cand) AS cand FROM src GROUP BY ALL), "
                if scope.level == "doc"
                else "p0 AS (SELECT pid, sid, oid, prid, n, cand FROM src), "
            )
            + "p AS (SELECT p0.* FROM p0 JOIN idx.plc pl USING (pid) WHERE pl.place_id IS NOT NULL AND pl.lat IS NOT NULL AND pl.lon IS NOT NULL), "
            "named AS (SELECT pid, sid, oid, sum(n)::BIGINT AS n, max(cand) AS cand FROM p GROUP BY pid, sid, oid), "
            "per_name AS (SELECT x.pid, x.sid, sum(x.n) AS total, "
            "array_to_string(list_transform(list_sort(list({'k': -x.n, 's': o.shown})), lambda e: e.s || ' ' || (-e.k)), ', ') AS outlets "
            "FROM named x JOIN idx.outs o USING (oid) GROUP BY x.pid, x.sid), "
            "forms AS (SELECT x.pid, list(su.surface || ' (' || x.outlets || ')' ORDER BY x.total DESC, su.surface) AS shown "
            "FROM per_name x JOIN idx.surfs su USING (sid) WHERE su.surface IS NOT NULL GROUP BY x.pid), "
            "rules AS (SELECT t.pid, first(r.rule ORDER BY t.k DESC, r.rule) AS rule FROM "
            "(SELECT pid, prid, sum(n) AS k FROM p GROUP BY pid, prid) t JOIN idx.prules r USING (prid) WHERE r.rule IS NOT NULL GROUP BY t.pid), "
            # From the (place, name, outlet) counts: a third of the rows of p, and already one per outlet. The outlets
            # naming a place come back as bit masks of outlet ids, made into names once per distinct mask.
            f"points AS (SELECT x.pid, sum(x.n)::BIGINT AS n, max(x.cand) AS candidates, {self._outlet_masks('x.oid')} "
            "FROM named x GROUP BY x.pid) "
            "SELECT pl.place_id, pl.name AS place_name, pl.country_code AS country, pl.lat, pl.lon, points.n, points.* EXCLUDE (pid, n, candidates), "
            "coalesce(rules.rule, $not_recorded) AS rule, points.candidates, "
            "array_to_string(list_slice(forms.shown, 1, $most), ', ') "
            "|| CASE WHEN len(forms.shown) > $most THEN ', and ' || (len(forms.shown) - $most) || ' more' ELSE '' END AS forms, "
            "pl.online, (SELECT sum(n) FROM p0) AS n_mentions "
            "FROM points JOIN idx.plc pl USING (pid) LEFT JOIN rules USING (pid) LEFT JOIN forms USING (pid) ORDER BY pl.place_id"
        )
        points = self._run(sql, scope, {"not_recorded": aggregate.NOT_RECORDED, "most": aggregate.MAX_FORMS})
        if points.empty:
            n_mentions = self._run(f"SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ({_source('q', scope, outlets=False)})", scope)["n"].iloc[0]
            return PlacePoints(pd.DataFrame(columns=aggregate.POINT_COLUMNS), int(n_mentions), False)
        points["outlets"] = self._outlet_names(points)
        return PlacePoints(_int(points[aggregate.POINT_COLUMNS], "n", "candidates"), int(points["n_mentions"].iloc[0]), bool(points["online"].any()))

    def _outlet_masks(self, column: str) -> str:
        """SQL aggregates naming the outlet ids of ``column`` seen in a group: bits of 64-bit words ``mask0``, ``mask1``..."""
        words = range((len(self._outs) + _MASK_BITS - 1) // _MASK_BITS)
        return ", ".join(
            f"bit_or(CASE WHEN {column} // {_MASK_BITS} = {w} THEN 1::UBIGINT << ({column} % {_MASK_BITS}) ELSE 0::UBIGINT END) AS mask{w}"
            for w in words
        )

    def _outlet_names(self, rows: pd.DataFrame) -> pd.Series:
        """Per row, the names (as shown, sorted) of the outlets its ``mask*`` columns mark."""
        columns = sorted((c for c in rows.columns if c.startswith("mask")), key=lambda c: int(c[4:]))
        masks = np.column_stack([rows[c].to_numpy(dtype=np.uint64) for c in columns])
        distinct, inverse = np.unique(masks, axis=0, return_inverse=True)
        shown = self._outs["shown"].to_numpy(dtype=object)
        named = []
        for words in distinct:
            bits = np.unpackbits(words.astype("<u8").view(np.uint8), bitorder="little").reshape(len(words), 64)[:, :_MASK_BITS].ravel()
            named.append(tuple(sorted(str(o) for o in shown[np.flatnonzero(bits[: len(shown)])])))
        return pd.Series([named[i] for i in inverse.ravel()], index=rows.index, dtype=object)

    def place_reasons(self, selection: Selection, *, limit: int | None) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.REASON_COLUMNS)
        sql = (
            f"WITH src AS ({_source('q', scope)}) "
            "SELECT pl.place_id, coalesce(pl.name, $unresolved) AS name, su.surface, r.rule, pl.country_code AS country, "
            "sum(s.n)::BIGINT AS mentions, max(s.cand) AS candidates, pl.lat, pl.lon FROM src s JOIN idx.plc pl USING (pid) "
            "JOIN idx.surfs su USING (sid) JOIN idx.prules r USING (prid) GROUP BY ALL "
            "ORDER BY mentions DESC, name, su.surface, r.rule, pl.place_id" + (" LIMIT $limit" if limit is not None else "")
        )
        params: dict[str, object] = {"unresolved": aggregate.UNRESOLVED}
        if limit is not None:
            params["limit"] = limit
        return _int(self._run(sql, scope, params)[aggregate.REASON_COLUMNS], "mentions", "candidates")

    def _named_sql(self, scope: _Scope, group: str) -> str:
        """Resolved place mentions of places written more than one way, with ``group`` and the name as written."""
        return (
            f"WITH src AS ({_source('p', scope)}), "
            "p AS (SELECT s.*, su.surface, lower(su.surface) AS k FROM src s JOIN idx.plc pl USING (pid) JOIN idx.surfs su USING (sid) "
            "WHERE pl.place_id IS NOT NULL), "
            "spelling AS (SELECT k, first(surface ORDER BY c DESC, surface) AS written FROM "
            "(SELECT k, surface, sum(n) AS c FROM p GROUP BY k, surface) GROUP BY k), "
            "pw AS (SELECT p.*, spelling.written FROM p JOIN spelling USING (k)), "
            "several AS (SELECT pid FROM pw GROUP BY pid HAVING count(DISTINCT written) > 1), "
            f"named AS (SELECT pw.pid, pw.written, pw.n, {group} AS grp, o.shown AS outlet, coalesce(b.bureau, $no_bureau) AS bureau, "
            "CASE WHEN pw.quoted THEN $quoted ELSE $narration END AS voice FROM pw JOIN several USING (pid) "
            "JOIN idx.outs o USING (oid) JOIN idx.bureaus b USING (buid)) "
        )

    def naming(self, selection: Selection, *, by: Voice, max_places: int | None) -> Naming:
        scope = self._scope(selection)
        if scope.empty:
            return Naming(pd.DataFrame(columns=aggregate.NAMING_COLUMNS), 0)
        group = {"outlet": "o.shown", "bureau": "coalesce(b.bureau, $no_bureau)", "voice": "CASE WHEN pw.quoted THEN $quoted ELSE $narration END"}[by]
        sql = self._named_sql(scope, group) + (
            ", counted AS (SELECT pid, written, grp, sum(n)::BIGINT AS n FROM named GROUP BY ALL), "
            "totals AS (SELECT pid, sum(n)::BIGINT AS total FROM counted GROUP BY pid), "
            "ranked AS (SELECT t.pid, pl.place_id, pl.name, row_number() OVER (ORDER BY t.total DESC, pl.place_id) AS rank, count(*) OVER () AS n_places "
            "FROM totals t JOIN idx.plc pl USING (pid)) "
            "SELECT r.place_id, r.name, c.written, c.grp AS \"group\", c.n, r.rank, r.n_places FROM counted c JOIN ranked r USING (pid) "
            + ("WHERE r.rank <= $max_places " if max_places is not None else "")
            + "ORDER BY r.rank, c.grp, c.written"
        )
        params = self._voice_params()
        if max_places is not None:
            params["max_places"] = max_places
        rows = self._run(sql, scope, params)
        n_places = int(rows["n_places"].iloc[0]) if len(rows) else 0
        return Naming(_int(rows[aggregate.NAMING_COLUMNS], "n"), n_places)

    def naming_table(self, selection: Selection, *, limit: int | None) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.NAMING_TABLE_COLUMNS)
        sql = self._named_sql(scope, "''") + (
            "SELECT pl.name AS place, named.written AS \"written as\", named.outlet, named.bureau, named.voice, sum(named.n)::BIGINT AS mentions "
            "FROM named JOIN idx.plc pl USING (pid) GROUP BY ALL "
            "ORDER BY place, mentions DESC, \"written as\", outlet, bureau, voice" + (" LIMIT $limit" if limit is not None else "")
        )
        params = self._voice_params()
        if limit is not None:
            params["limit"] = limit
        return _int(self._run(sql, scope, params)[aggregate.NAMING_TABLE_COLUMNS], "mentions")

    @staticmethod
    def _voice_params() -> dict[str, object]:
        return {"quoted": aggregate.QUOTED, "narration": aggregate.NARRATION, "no_bureau": aggregate.NO_BUREAU}

    # Time

    def dating(self, selection: Selection) -> Dating:
        scope = self._scope(selection)
        if scope.empty:
            return Dating(0, 0, 0)
        if scope.level == "doc":
            sql = (
                "SELECT count(published) AS dated, count(*) FILTER (published IS NOT NULL AND date_precision = 'month') AS month_only, "
                f"count(*) FILTER (published IS NULL) AS undated FROM idx.docs WHERE {_in_scope('dno', scope)}"
            )
        else:
            sql = (
                "SELECT coalesce(sum(n_docs) FILTER (published IS NOT NULL), 0)::BIGINT AS dated, "
                "coalesce(sum(n_docs) FILTER (published IS NOT NULL AND date_precision = 'month'), 0)::BIGINT AS month_only, "
                "coalesce(sum(n_docs) FILTER (published IS NULL), 0)::BIGINT AS undated "
                f"FROM idx.groups WHERE {_in_scope('gid' if scope.level == 'group' else 'oid', scope)}"
            )
        row = self._run(sql, scope).iloc[0]
        return Dating(int(row["dated"]), int(row["month_only"]), int(row["undated"]))

    def timeline(self, selection: Selection, *, entities: Sequence[str], keywords: Sequence[str]) -> pd.DataFrame:
        scope = self._scope(selection)
        entities, keys = aggregate.timeline_terms(entities, keywords)
        order = [*entities, *keys.values()]
        empty = pd.DataFrame(columns=["term", "published", "date_precision", "outlet", "n"])
        if scope.empty or not order:
            return aggregate.timeline_periods(empty, order=order)
        eids = np.flatnonzero(np.isin(self._entity, entities))
        if scope.eids is not None:
            eids = np.intersect1d(eids, scope.eids)
        kids = self._run(
            "SELECT k.kid, c.key FROM idx.kws k JOIN (SELECT unnest($keys::VARCHAR[]) AS key) c USING (key)", scope, {"keys": list(keys)}
        )
        # Counts per date group, whatever the scope's level: a document's date and outlet are its group's.
        prefix, unit = ("d", "dno") if scope.level == "doc" else ("g", "gid" if scope.level == "group" else "oid")
        units = _in_scope(f"t.{unit}", scope)
        sql = (
            f"SELECT t.gid, t.eid AS id, false AS keyword, sum(t.n)::BIGINT AS n FROM idx.{prefix}{'m' if prefix == 'd' else 'e'} t "
            f"WHERE t.eid IN (SELECT unnest($eids::INTEGER[])) AND {units} GROUP BY ALL UNION ALL "
            f"SELECT t.gid, t.kid AS id, true AS keyword, sum(t.d)::BIGINT AS n FROM idx.{prefix}k t "
            f"WHERE t.kid IN (SELECT unnest($kids::INTEGER[])) AND {units} GROUP BY ALL"
        )
        found = self._run(sql, scope, {"eids": eids.tolist(), "kids": kids["kid"].tolist()})
        if found.empty:
            return aggregate.timeline_periods(empty, order=order)
        words = found.loc[found["keyword"], "id"].map(dict(zip(kids["kid"], kids["key"].map(keys))))
        names = pd.Series(self._entity[found.loc[~found["keyword"], "id"].to_numpy()], index=found.index[~found["keyword"]])
        groups = self._groups.set_index("gid").loc[found["gid"].to_numpy()]
        shown = dict(zip(self._outs["oid"], self._outs["shown"]))
        frame = pd.DataFrame(
            {
                "term": pd.concat([names, words]).reindex(found.index).to_numpy(),
                "published": groups["published"].to_numpy(),
                "date_precision": groups["date_precision"].to_numpy(),
                "outlet": groups["oid"].map(shown).to_numpy(),
                "n": found["n"].to_numpy(),
            }
        )
        return aggregate.timeline_periods(frame, order=order)

    # Voices

    def voices(self, selection: Selection, *, top: int) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.VOICE_COLUMNS)
        sql = (
            f"WITH src AS ({_source('w', scope)}), "
            "c AS (SELECT v.voice, v.kind, s.oid, sum(s.n)::BIGINT AS n FROM src s JOIN idx.vks v USING (vkid) "
            "WHERE v.voice IS NOT NULL AND v.voice <> $unattributed GROUP BY ALL), "
            "totals AS (SELECT voice, sum(n)::BIGINT AS total FROM c GROUP BY voice ORDER BY total DESC, voice LIMIT $top), "
            "kinds AS (SELECT voice, first(kind ORDER BY k DESC, kind) AS kind FROM "
            "(SELECT voice, kind, sum(n) AS k FROM c WHERE kind IS NOT NULL GROUP BY ALL) GROUP BY voice) "
            "SELECT c.voice, kinds.kind, o.shown AS outlet, sum(c.n)::BIGINT AS n, t.total FROM c JOIN totals t USING (voice) "
            "LEFT JOIN kinds USING (voice) JOIN idx.outs o USING (oid) GROUP BY ALL ORDER BY t.total DESC, c.voice, outlet"
        )
        rows = self._run(sql, scope, {"unattributed": UNATTRIBUTED, "top": top})
        return _int(rows[aggregate.VOICE_COLUMNS], "n", "total")

    def voice_kinds(self, selection: Selection) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.VOICE_KIND_COLUMNS)
        sql = (
            f"SELECT v.kind, o.shown AS outlet, sum(s.n)::BIGINT AS n FROM ({_source('w', scope)}) s JOIN idx.vks v USING (vkid) "
            "JOIN idx.outs o USING (oid) WHERE v.kind IS NOT NULL GROUP BY ALL ORDER BY v.kind, outlet"
        )
        return _int(self._run(sql, scope)[aggregate.VOICE_KIND_COLUMNS], "n")

    def statements(self, selection: Selection, *, limit: int) -> Statements:
        scope = self._scope(selection)
        if scope.empty:
            return Statements(pd.DataFrame(columns=aggregate.STATEMENT_COLUMNS), 0)
        total = int(self._run(f"SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ({_source('w', scope)})", scope)["n"].iloc[0])
        # The first rows in corpus order hold enough quotations (each row at least one) to fill the limit.
        first = self._run(f"SELECT dno, n FROM idx.dw WHERE {_units(scope)} ORDER BY dno LIMIT $limit", scope, {"limit": limit})
        per_doc = first.groupby("dno", sort=True)["n"].sum()
        wanted = [int(d) for d in per_doc[per_doc.cumsum().shift(fill_value=0) < limit].index]
        located = self._locate(wanted, ("qt", "d"))
        quotes = self._doc_rows("quotes", wanted, located=located)
        documents = self._doc_rows("documents", wanted, columns="doc_id, title, outlet", located=located)
        return Statements(aggregate.statements(quotes, documents).head(limit), total)

    # Distinctive terms

    def term_counts(self, selection: Selection, *, kind: Term) -> pd.DataFrame:
        scope = self._scope(selection)
        if scope.empty:
            return pd.DataFrame(columns=aggregate.TERM_COUNT_COLUMNS)
        if kind == "entity":
            # By the entity's name: its ids of several types count as one term, as in pandas.
            counted = (
                f"SELECT s.oid, x.ekey, sum(s.n)::BIGINT AS n FROM ({_source('e', scope)}) s JOIN idx.eids x USING (eid) "
                "WHERE x.ekey IS NOT NULL GROUP BY ALL"
            )
            join, term = "JOIN idx.ekeys t USING (ekey)", "t.entity"
        else:
            counted = f"SELECT oid, spid, sum(n)::BIGINT AS n FROM ({_source('k', scope)}) GROUP BY ALL"
            join, term = "JOIN idx.kspell t USING (spid)", "t.keyword"
        # By the outlet as shown (documents without one under ``UNKNOWN``), as pandas groups them.
        sql = (
            f"SELECT o.shown AS \"group\", {term} AS term, sum(c.n)::BIGINT AS n FROM ({counted}) c JOIN idx.outs o USING (oid) "
            f"{join} GROUP BY ALL ORDER BY \"group\", term"
        )
        return _int(self._run(sql, scope)[aggregate.TERM_COUNT_COLUMNS], "n")

    # Text

    def contexts(self, selection: Selection, *, limit: int) -> Contexts:
        picked = selection.focus
        # The focus's documents are those of the filters that contain it: no need to list them all first.
        scope = self._scope(Selection(selection.filters))
        if picked is None or scope.empty:
            return Contexts(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0)
        if picked.kind == "keyword":
            return self._keyword_contexts(scope, picked.value, limit=limit)
        kind, table, condition = (
            ("e", "dm", "eid IN (SELECT eid FROM idx.ents WHERE entity = $value)")
            if picked.kind == "entity"
            else ("q", "dp", "pid IN (SELECT pid FROM idx.plc WHERE place_id = $value)")
        )
        if scope.eids is not None:
            condition += " AND eid IN (SELECT eid FROM ok_eids)"
        if picked.kind == "entity":
            totals = self._entity_totals(Selection(selection.filters))
            total = int(totals.loc[totals["eid"].isin(np.flatnonzero(self._entity == picked.value)), "total"].sum())
        else:
            found = self._run(
                f"SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ({_source(kind, scope, outlets=False)}) WHERE {condition}", scope, {"value": picked.value}
            )
            total = int(found["n"].iloc[0])
        # The first rows in corpus order hold enough occurrences (each row at least one) to fill the limit.
        first = self._run(
            f"SELECT dno, n FROM idx.{table} WHERE {condition} AND {_units(scope)} ORDER BY dno LIMIT $limit",
            scope,
            {"value": picked.value, "limit": limit},
        )
        per_doc = first.groupby("dno", sort=True)["n"].sum()
        wanted = [int(d) for d in per_doc[per_doc.cumsum().shift(fill_value=0) < limit].index]
        # One look-up finds the documents' rows in every table read below.
        located = self._locate(wanted, ("d", "m", "p"))
        spans = self._focus_spans(picked, located, scope)
        documents = self._doc_rows("documents", wanted, columns="doc_id, title, outlet, text", located=located)
        return Contexts(focus.contexts_of(spans, documents).head(limit), total)

    def _focus_spans(self, picked: focus.Focus, located: _Located, scope: _Scope) -> pd.DataFrame:
        if not located.docs:
            return pd.DataFrame(columns=focus.SPAN_COLUMNS)
        columns = "t.doc_id, t.start, t.\"end\", t.sent_start, t.sent_end"
        if picked.kind == "entity":
            sql = f"SELECT {columns} FROM mentions t WHERE t.entity = $value"
            if scope.eids is not None:
                sql += " AND t.label IN (SELECT label FROM idx.ents WHERE entity = $value AND eid IN (SELECT eid FROM ok_eids))"
            prefix = "m"
        else:
            sql = f"SELECT {columns} FROM places t WHERE t.place_id = $value"
            if scope.eids is not None:
                sql += (
                    " AND EXISTS (SELECT 1 FROM mentions m JOIN idx.ents e ON e.entity = m.entity AND e.label = m.label "
                    "WHERE m.doc_id = t.doc_id AND m.start = t.start AND m.\"end\" = t.\"end\" AND e.eid IN (SELECT eid FROM ok_eids) "
                    f"AND {located.rows('m', 'm')})"
                )
            prefix = "p"
        sql += f" AND {located.rows(prefix, 't')} ORDER BY t.file_row_number"
        return self._run(sql, scope, {"value": picked.value, "docs": located.docs})

    def _keyword_contexts(self, scope: _Scope, keyword: str, *, limit: int) -> Contexts:
        """Occurrences of ``keyword`` in the text of the scope's documents that have it, a batch of documents at a
        time in corpus order until ``limit`` are found (then the total is not counted)."""
        found: list[pd.DataFrame] = []
        count, after = 0, -1
        while True:
            batch = self._run(
                f"SELECT DISTINCT dno FROM (SELECT dno FROM idx.dk WHERE kid IN (SELECT kid FROM idx.kws WHERE key = lower($value)) "
                f"AND {_units(scope)} AND dno > $after ORDER BY dno LIMIT $batch) ORDER BY dno",
                scope,
                {"value": keyword, "after": after, "batch": _SEARCH_BATCH},
            )["dno"].tolist()
            if not batch:
                break
            rows = focus.search(self._small_tables(batch, ("documents", "sentences")), keyword)
            found.append(rows)
            count += len(rows)
            after = int(batch[-1])
            if count >= limit:
                more = self._run(
                    f"SELECT count(*) AS n FROM idx.dk WHERE kid IN (SELECT kid FROM idx.kws WHERE key = lower($value)) "
                    f"AND {_units(scope)} AND dno > $after",
                    scope,
                    {"value": keyword, "after": after},
                )["n"].iloc[0]
                if more:
                    return Contexts(pd.concat(found, ignore_index=True).head(limit), None)
        rows = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=focus.CONTEXT_COLUMNS)
        return Contexts(rows.head(limit), len(rows))

    def search(self, selection: Selection, term: str, *, doc_ids: Sequence[str], limit: int) -> Contexts:
        scope = self._scope(selection)
        if scope.empty or not doc_ids:
            return Contexts(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0)
        dnos = self._run(
            f"SELECT dno FROM idx.docs WHERE doc_id IN (SELECT unnest($docs::VARCHAR[])) AND {_docs_in_scope('dno', scope)} ORDER BY dno",
            scope,
            {"docs": list(doc_ids)},
        )["dno"].tolist()
        rows = focus.search(self._small_tables(dnos, ("documents", "sentences")), term)
        return Contexts(rows.head(limit), len(rows))

    # Documents

    def documents(self, selection: Selection, *, limit: int) -> Page:
        page, _ = self._page(self._scope(selection), limit)
        return page

    def _page(self, scope: _Scope, limit: int) -> tuple[Page, list[int]]:
        """The first ``limit`` documents of the scope in corpus order, and their numbers."""
        if scope.empty:
            return Page(pd.DataFrame(columns=["doc_id", "title", "outlet", "published"]), 0), []
        condition = _docs_in_scope("d.dno", scope)
        if scope.level == "doc" or scope.ids is None:
            total = int(self._run(f"SELECT count(*) AS n FROM idx.docs d WHERE {condition}", scope)["n"].iloc[0])
        else:
            # Per outlet or date group, the groups table has the documents counted already.
            unit = "gid" if scope.level == "group" else "oid"
            total = int(self._run(f"SELECT coalesce(sum(n_docs), 0)::BIGINT AS n FROM idx.groups WHERE {_in_scope(unit, scope)}", scope)["n"].iloc[0])
        if limit == 0:
            return Page(pd.DataFrame(columns=["doc_id", "title", "outlet", "published"]), total), []
        rows = self._run(
            "SELECT d.dno, d.doc_id, d.title, o.outlet, d.published FROM idx.docs d JOIN idx.outs o USING (oid) "
            f"WHERE {condition} ORDER BY d.dno LIMIT $limit",
            scope,
            {"limit": limit},
        )
        rows["published"] = pd.to_datetime(rows["published"]).astype("datetime64[ms]")
        return Page(rows.drop(columns="dno"), total), rows["dno"].tolist()

    def document(self, doc_id: str) -> Tables:
        found = self._db.cursor().execute("SELECT dno FROM idx.docs WHERE doc_id = $d", {"d": doc_id}).fetchall()
        return self._small_tables([r[0] for r in found], tuple(schema.TABLES))

    def frames(self, selection: Selection, *, max_docs: int = FRAME_DOCS) -> Frames:
        scope = self._scope(selection)
        page, dnos = self._page(scope, max_docs)
        tables = self._small_tables(dnos, tuple(schema.TABLES))
        if scope.eids is not None:
            allowed = self._run(
                "SELECT entity, label FROM idx.ents WHERE eid IN (SELECT eid FROM ok_eids) AND entity IN (SELECT unnest($entities::VARCHAR[]))",
                scope,
                {"entities": tables.mentions["entity"].dropna().unique().tolist()},
            )
            pairs = pd.MultiIndex.from_frame(allowed)
            mentions = tables.mentions[pd.MultiIndex.from_frame(tables.mentions[["entity", "label"]]).isin(pairs)]
            span = ["doc_id", "start", "end"]
            places = tables.places[pd.MultiIndex.from_frame(tables.places[span]).isin(pd.MultiIndex.from_frame(mentions[span]))]
            tables = Tables.from_frames({**tables.as_dict(), "mentions": mentions, "places": places})
        return Frames(tables, page.total)

    def explain_rows(self, name: str, doc_id: str) -> str:
        """The executed plan of reading one document's rows of table ``name``: it names the row groups read."""
        found = self._db.cursor().execute("SELECT dno FROM idx.docs WHERE doc_id = $d", {"d": doc_id}).fetchall()
        located = self._locate([r[0] for r in found], (_DOC_TABLES[name],))
        sql = f"EXPLAIN ANALYZE SELECT * FROM {name} t WHERE {located.rows(_DOC_TABLES[name], 't')}"
        return "\n".join(str(row[-1]) for row in self._db.cursor().execute(sql, {"docs": located.docs}).fetchall())

    def _small_tables(self, dnos: Sequence[int], names: Sequence[str]) -> Tables:
        """The rows of a few documents in the tables ``names`` (others empty), in corpus order."""
        frames: dict[str, pd.DataFrame] = {}
        for name in names:
            if name == "outlets":
                continue
            frames[name] = self._doc_rows(name, dnos) if name != "errors" else self._db.execute("SELECT source, reason FROM errors").df()
        if "documents" in frames and "outlets" in names:
            frames["outlets"] = aggregate.outlet_mix(self._outlets, frames["documents"])
        return Tables.from_frames(frames)

    def _doc_rows(
        self, name: str, dnos: Sequence[int], *, columns: str = "* EXCLUDE (file_row_number)", located: _Located | None = None
    ) -> pd.DataFrame:
        """Rows of table ``name`` belonging to the documents ``dnos`` (found by ``located`` when given), read from the
        row groups that hold them."""
        if not dnos:
            return schema.empty(name) if columns.startswith("*") else pd.DataFrame(columns=[c.strip() for c in columns.split(",")])
        prefix = "d" if name == "documents" else _DOC_TABLES[name]
        located = located or self._locate(dnos, (prefix,))
        sql = f"SELECT {columns} FROM {name} t WHERE {located.rows(prefix, 't')} ORDER BY t.file_row_number"
        return self._db.cursor().execute(sql, {"docs": located.docs}).df()

    def _locate(self, dnos: Sequence[int], prefixes: Sequence[str]) -> _Located:
        """Where the rows of the documents ``dnos`` lie in the tables ``prefixes`` ('d' documents, 'm' mentions...), and
        the documents' ids, from one look-up."""
        numbers = [int(d) for d in dnos]
        bounds = "".join(f", min({p}_lo), max({p}_hi)" for p in prefixes if p != "d")
        row = self._db.cursor().execute(
            f"SELECT list(doc_id){bounds} FROM idx.docs WHERE dno IN (SELECT unnest($dnos::INTEGER[]))", {"dnos": numbers}
        ).fetchone() or (None,)
        found = iter(row[1:])
        ranges = {}
        for prefix in prefixes:
            if prefix == "d":
                ranges[prefix] = (min(numbers, default=-1), max(numbers, default=-1))
            else:
                low, high = next(found), next(found)
                ranges[prefix] = (low, high) if low is not None else (-1, -1)
        return _Located(ranges, list(row[0] or []))

    def _doc_info(self, doc_ids: list[str]) -> pd.DataFrame:
        return self._db.cursor().execute(
            "SELECT d.doc_id, d.title, o.shown AS outlet FROM idx.docs d JOIN idx.outs o USING (oid) WHERE d.doc_id IN (SELECT unnest($docs::VARCHAR[]))",
            {"docs": doc_ids},
        ).df().set_index("doc_id")


def _top_per_group(groups: np.ndarray, totals: np.ndarray, ids: np.ndarray, *, top: int, among: np.ndarray) -> np.ndarray:
    """Positions of the ``top`` largest ``totals`` of each group (ties to the smaller id) among the positions ``among``
    marks. Only the values at or above each group's top-th largest are sorted: a few out of tens of thousands."""
    chosen = []
    for group in np.unique(groups[among]):
        mine = among & (groups == group)
        values = totals[mine]
        if 0 < top < len(values):
            mine &= totals >= np.partition(values, len(values) - top)[len(values) - top]
        found = np.flatnonzero(mine)
        # Entity ids follow the entities' names within a type, so ties go to the first name, as in pandas.
        chosen.append(found[np.lexsort((ids[found], -totals[found]))][:top])
    return np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)


def _source(table: str, scope: _Scope, *, outlets: bool = True) -> str:
    """The per-unit counts of ``table`` at the scope's level, limited to its units and, for mentions and places, to
    the entities the filters allow: 'm' mentions by entity, spelling and rule, 'e' by entity only; 'p' place
    mentions with bureau, voice and entity, 'q' without (the full table when entities are filtered); 'k' keywords;
    'w' quotations by voice and kind. Per document there is one table of each kind. With ``outlets=False`` the
    rows may come without the outlet (``oid``), and places without name or rule: for dates of every outlet, the
    counts of all outlets together are read, a few times fewer rows."""
    if scope.level == "doc" or (table == "q" and scope.eids is not None):
        table = {"e": "m", "q": "p"}.get(table, table)
    allowed = " AND eid IN (SELECT eid FROM ok_eids)" if scope.eids is not None and table in ("m", "e", "p") else ""
    if not outlets and scope.across is not None and table in _ACROSS_COLUMNS:
        columns = _ACROSS_COLUMNS[table]
        return (
            f"SELECT {columns} FROM idx.am{table} WHERE amid IN (SELECT id FROM sel_amonths){allowed} "
            f"UNION ALL SELECT {columns} FROM idx.ag{table} WHERE agid IN (SELECT id FROM sel_arest){allowed}"
        )
    if scope.level == "group" and scope.months is not None:
        columns = _COLUMNS[table]
        return (
            f"SELECT {columns} FROM idx.m{table} WHERE mid IN (SELECT id FROM sel_months){allowed} "
            f"UNION ALL SELECT {columns} FROM idx.g{table} WHERE gid IN (SELECT id FROM sel_rest){allowed}"
        )
    suffix, key = _LEVELS[scope.level]
    condition = "true" if scope.ids is None else _in_scope(key, scope)
    return f"SELECT * FROM idx.{suffix}{table} WHERE {condition}{allowed}"


def _in_scope(column: str, scope: _Scope) -> str:
    """``column`` (a unit of the scope's level) is one of the scope's units."""
    if scope.ids is None:
        return "true"
    if scope.level == "doc" and len(scope.ids):
        # Documents are numbered in file order: the range lets DuckDB skip row groups before probing the set.
        return f"{column} BETWEEN {int(scope.ids.min())} AND {int(scope.ids.max())} AND {column} IN (SELECT id FROM sel_ids)"
    return f"{column} IN (SELECT id FROM sel_ids)"


def _units(scope: _Scope) -> str:
    """A row of a per-document table (dm, dp, dk) belongs to the scope: by its outlet, date group or document."""
    if scope.ids is None:
        return "true"
    return _in_scope({"outlet": "oid", "group": "gid", "doc": "dno"}[scope.level], scope)


def _docs_in_scope(column: str, scope: _Scope) -> str:
    """``column`` (a document number) is a document of the scope, at whatever level."""
    if scope.level == "doc" or scope.ids is None:
        return _in_scope(column, scope)
    unit = "gid" if scope.level == "group" else "oid"
    return f"{column} IN (SELECT dno FROM idx.docs WHERE {unit} IN (SELECT id FROM sel_ids))"


def _raw_views(con: duckdb.DuckDBPyConnection, build: Path, *, temporary: bool) -> None:
    for name in schema.TABLES:
        path = build / f"{name}.parquet"
        con.execute(
            f"CREATE {'TEMP ' if temporary else ''}VIEW {name} AS SELECT * FROM read_parquet({_literal(str(path))}, file_row_number = true)"
        )


def _literal(text: str) -> str:
    """A SQL string literal of a path this module chose (never of user input)."""
    return "'" + text.replace("'", "''") + "'"


def _int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.astype({c: "int64" for c in columns}).reset_index(drop=True)


def main() -> None:
    """``python -m dashboard.duck BUILD...``: build the dashboard's index of stored builds ahead of time."""
    for build in sys.argv[1:]:
        print(build_index(build))


if __name__ == "__main__":
    main()
