"""The DuckDB store's index of a build: its tables (named in ``COUNT_TABLES`` and ``DICTIONARIES``) and building it.

The Parquet files of a build are queried where they lie, through views that add each
row's position in its file (``file_row_number``). Next to them, built once per build
(``build_index``, or on first open; ``python -m dashboard.store.duck BUILD``) and kept as a
DuckDB file under ``<build>/.dashboard/``, is a compact index: a row per document with its
outlet, date group and the range of row positions its rows take in every table (so one
document's rows are read from the row groups that hold them); dictionaries giving integer
ids to entities, spellings, places, keywords, outlets, voices...; and counts of mentions,
places, keywords and quotations per document, rolled up per date group, per calendar span,
per outlet and, for the questions that need no outlet, per date and span of all outlets
together. ``scope`` picks the coarsest of these that answers a selection exactly. The search's
postings list the documents of each word of the text (DuckDB's full-text extension is a download).

Just over 500 lines: the table registry and the SQL that fills each table are read side by side.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from analysis import schema
from analysis.geo.online import SOURCE as ONLINE_SOURCE
from analysis.sources import UNKNOWN
from analysis.storage import MANIFEST, read_manifest
from dashboard.store.duck.sql import Sql, literal

INDEX_VERSION = 14
INDEX_DIR = ".dashboard"
THREADS = max(1, min(2, os.cpu_count() or 1))
QUERY_MEMORY = "512MB"
BUILD_MEMORY = "1GB"
# The lengths in months of the calendar spans counted ahead (month, quarter, half, year, then 2, 4... years): each
# divides the next, so a date range's whole spans nest and a long range is summed from a few of them.
SPAN_MONTHS = (1, 3, 6, 12, 24, 48, 96, 192, 384, 768)
# Documents whose counts are made at once while indexing (a few million rows of each table).
CHUNK_DOCS = 50_000
# The tables whose rows ``doc_index`` locates per document: its columns ``<table>_lo`` and ``<table>_hi``.
LOCATED_TABLES = ("mentions", "places", "keywords", "sentences", "provenance", "boilerplate", "quotes")

# The dictionaries: each value of the corpus gets a small integer id.
DICTIONARIES = {
    "outlet_ids": "oid: an outlet (outlet; shown, as the views name it: UNKNOWN for none)",
    "bureau_ids": "buid: a bureau",
    "date_groups": "gid: one outlet, date and precision (with its documents, words, month span mid, and agid: the "
    "same date and precision of all outlets)",
    "spans": "mid: one outlet's calendar span of `size` months from `month` (parent: the span of the next size "
    "holding it; amid: the same span of all outlets)",
    "doc_index": "dno: a document (its position in documents.parquet), with its ids and row ranges",
    "entity_keys": "ekey: an entity's name, whatever its type",
    "entity_ids": "eid: an entity of one type (entity, label, ekey)",
    "label_ids": "lid: an entity type",
    "entity_codes": "eid with the integers the questions rank and count by: ekey (None for no entity) and lid",
    "spellings": "sid: a surface as written, of entity or place mentions",
    "merge_rules": "rid: the rule that merged a spelling into its entity",
    "place_forms": "fid: a place mention's name as written in its dictionary form (places.form; Степанакерта -> "
    "Степанакерт), what the naming questions count",
    "place_rules": "prid: the rule that placed a place mention",
    "place_ids": "pid: a place (place_id, its first name, country, coordinates; online: geocoded online)",
    "keyword_ids": "kid: a keyword, lower-cased (key)",
    "keyword_spellings": "spid: a keyword as spelled, with its kid",
    "voice_ids": "vkid: who a quotation is credited to (voice) and the kind of voice",
    "word_ids": "wid: a word of the documents' text, lower-cased (word)",
    "word_docs": "each word (wid) with every document (dno) whose text has it, and the document's outlet (oid) and "
    "date group (gid), ordered by word: the search's postings",
}
# A word of a document's text for the search index: a run of letters, digits and underscores, as Python's ``\w+``
# (in RE2's syntax; RE2's own ``\w`` is ASCII only).
WORD_PATTERN = r"[\pL\pN_]+"

Counted = Literal["mentions", "entities", "place_mentions", "places", "keywords", "voices"]
Per = Literal["doc", "date", "span", "outlet", "date_all_outlets", "span_all_outlets"]
# What each kind of count table counts, and the columns it has after its unit's.
COUNTED: dict[Counted, str] = {
    "mentions": "entity mentions by entity (eid), spelling (sid) and merge rule (rid)",
    "entities": "entity mentions by entity (eid) only, for the questions that need no more",
    "place_mentions": "place mentions by bureau, place (pid), spelling, form (fid), rule (prid), whether quoted, and "
    "the entity of the mention at the same span (eid); cand: the most candidates it was chosen among",
    "places": "place mentions by place, spelling and rule only (by place only for all outlets together)",
    "keywords": "keyword rows by keyword (kid) and spelling (spid): n rows, w summed weight, d documents",
    "voices": "quotations by voice and kind (vkid)",
}
# Per unit: the column naming it, and what it is.
PER: dict[Per, tuple[str, str]] = {
    "doc": ("dno", "per document, with its outlet (oid) and date group (gid)"),
    "date": ("gid", "per date group: one outlet, date and precision"),
    "span": ("mid", "per outlet and calendar span (month, quarter, half, year, runs of years)"),
    "outlet": ("oid", "per outlet"),
    "date_all_outlets": ("agid", "per date and precision, all outlets together"),
    "span_all_outlets": ("amid", "per calendar span, all outlets together"),
}


@dataclass(frozen=True, slots=True)
class CountTable:
    """An index table of counts: its name, what it counts (``COUNTED``), per which unit (``PER``), its columns."""

    name: str
    counts: Counted
    per: Per
    columns: str


_PLACE_MENTION = "buid, pid, sid, fid, prid, quoted, eid, n, cand"
COUNT_TABLES = (
    CountTable("mentions_per_doc", "mentions", "doc", "dno, oid, gid, eid, sid, rid, n"),
    CountTable("mentions_per_date", "mentions", "date", "gid, oid, eid, sid, rid, n"),
    CountTable("mentions_per_span", "mentions", "span", "mid, oid, eid, sid, rid, n"),
    CountTable("mentions_per_outlet", "mentions", "outlet", "oid, eid, sid, rid, n"),
    CountTable("entities_per_date", "entities", "date", "gid, oid, eid, n"),
    CountTable("entities_per_span", "entities", "span", "mid, oid, eid, n"),
    CountTable("entities_per_outlet", "entities", "outlet", "oid, eid, n"),
    CountTable("entities_per_date_all_outlets", "entities", "date_all_outlets", "agid, eid, n"),
    CountTable("entities_per_span_all_outlets", "entities", "span_all_outlets", "amid, eid, n"),
    CountTable("place_mentions_per_doc", "place_mentions", "doc", f"dno, oid, gid, {_PLACE_MENTION}"),
    CountTable("place_mentions_per_date", "place_mentions", "date", f"gid, oid, {_PLACE_MENTION}"),
    CountTable("place_mentions_per_span", "place_mentions", "span", f"mid, oid, {_PLACE_MENTION}"),
    CountTable("place_mentions_per_outlet", "place_mentions", "outlet", f"oid, {_PLACE_MENTION}"),
    CountTable("places_per_date", "places", "date", "gid, oid, pid, sid, prid, n, cand"),
    CountTable("places_per_span", "places", "span", "mid, oid, pid, sid, prid, n, cand"),
    CountTable("places_per_outlet", "places", "outlet", "oid, pid, sid, prid, n, cand"),
    CountTable("places_per_date_all_outlets", "places", "date_all_outlets", "agid, pid, n"),
    CountTable("places_per_span_all_outlets", "places", "span_all_outlets", "amid, pid, n"),
    CountTable("keywords_per_doc", "keywords", "doc", "dno, oid, gid, kid, spid, n, w, d"),
    CountTable("keywords_per_date", "keywords", "date", "gid, oid, kid, spid, n, w, d"),
    CountTable("keywords_per_span", "keywords", "span", "mid, oid, kid, spid, n, w, d"),
    CountTable("keywords_per_outlet", "keywords", "outlet", "oid, kid, spid, n, w, d"),
    CountTable("keywords_per_date_all_outlets", "keywords", "date_all_outlets", "agid, kid, spid, n, w, d"),
    CountTable("keywords_per_span_all_outlets", "keywords", "span_all_outlets", "amid, kid, spid, n, w, d"),
    CountTable("voices_per_doc", "voices", "doc", "dno, oid, gid, vkid, n"),
    CountTable("voices_per_date", "voices", "date", "gid, oid, vkid, n"),
    CountTable("voices_per_span", "voices", "span", "mid, oid, vkid, n"),
    CountTable("voices_per_outlet", "voices", "outlet", "oid, vkid, n"),
)
_BY_KIND = {(table.counts, table.per): table for table in COUNT_TABLES}


def count_table(counted: Counted, per: Per) -> CountTable:
    """The index table counting ``counted`` per ``per``; KeyError for a pair the index does not keep."""
    return _BY_KIND[(counted, per)]


def counts_columns(table: CountTable) -> str:
    """The table's columns after its unit's: the counts a union over two units has in common."""
    return table.columns.split(", ", 1)[1]


_PERIOD_END = """
    CASE date_precision WHEN 'month' THEN published + INTERVAL 1 MONTH
        WHEN 'year' THEN published + INTERVAL 1 YEAR ELSE published + INTERVAL 1 DAY END"""

# The dictionaries and the per-document count tables, each statement with the parameters it binds.
_DICTIONARY_SQL: list[Sql | str] = [
    Sql(
        """CREATE TABLE outlet_ids AS
           SELECT (row_number() OVER (ORDER BY outlet NULLS LAST) - 1)::INTEGER AS oid, outlet, coalesce(outlet,
               $unknown) AS shown
           FROM (SELECT DISTINCT outlet FROM documents)""",
        {"unknown": UNKNOWN},
    ),
    """CREATE TABLE bureau_ids AS
       SELECT (row_number() OVER (ORDER BY bureau NULLS LAST) - 1)::INTEGER AS buid, bureau
       FROM (SELECT DISTINCT bureau FROM documents)""",
    f"""CREATE TEMP TABLE d0 AS
        SELECT file_row_number AS dno, doc_id, title, outlet, bureau, published, date_precision, n_words,
               language, {_PERIOD_END} AS period_end
        FROM documents""",
    # A date group (one outlet, date and precision) of day or month precision lies within one calendar month.
    """CREATE TEMP TABLE g0 AS
       SELECT o.oid, d.published, d.date_precision, d.period_end, count(*)::BIGINT AS n_docs, sum(d.n_words)::BIGINT
           AS n_words,
              CASE WHEN d.date_precision IN ('day', 'month') THEN date_trunc('month', d.published) END AS month
       FROM d0 d JOIN outlet_ids o ON d.outlet IS NOT DISTINCT FROM o.outlet
       GROUP BY o.oid, d.published, d.date_precision, d.period_end""",
    # Calendar spans of each outlet: months, quarters, halves, years and runs of 2, 4... years, numbered from January
    # of the first dated year so each span lies within one of the next size. A span is listed where the outlet has
    # documents; sizes as long as the corpus's dated months or longer are left out (the outlet's totals answer those).
    """CREATE TEMP TABLE m0 AS
       SELECT DISTINCT oid, month, (year(month) - min(year(month)) OVER ()) * 12 + month(month) - 1 AS i
       FROM g0 WHERE month IS NOT NULL""",
    Sql(
        """CREATE TEMP TABLE s0 AS
           SELECT DISTINCT m0.oid, z.size, m0.i // z.size AS bucket FROM m0, (SELECT unnest($spans::INTEGER[]) AS
               size) z
           WHERE z.size = 1 OR z.size <= (SELECT max(i) FROM m0)""",
        {"spans": list(SPAN_MONTHS)},
    ),
    """CREATE TEMP TABLE s1 AS
       SELECT (row_number() OVER (ORDER BY size, oid, bucket) - 1)::INTEGER AS mid, oid, size, bucket,
              (SELECT make_timestamp(min(year(month)), 1, 1, 0, 0, 0) FROM m0) + to_months(bucket * size) AS month
       FROM s0""",
    # ``amid`` numbers the span itself, whatever the outlet: all outlets' counts of it are summed under that id.
    Sql(
        """CREATE TABLE spans AS
           SELECT s.mid, s.oid, s.size, s.month, s.month + to_months(s.size) AS month_end, p.mid AS parent,
                  (dense_rank() OVER (ORDER BY s.size, s.month) - 1)::INTEGER AS amid
           FROM s1 s LEFT JOIN s1 p ON p.oid = s.oid
               AND p.size = list_element($spans::INTEGER[], list_position($spans::INTEGER[], s.size) + 1)
               AND p.bucket = s.bucket * s.size // p.size
           ORDER BY s.mid""",
        {"spans": list(SPAN_MONTHS)},
    ),
    """CREATE TABLE date_groups AS
       SELECT (row_number() OVER (ORDER BY g.oid, g.published NULLS LAST, g.date_precision NULLS LAST) - 1)::INTEGER
           AS gid,
              g.oid, g.published, g.date_precision, g.period_end, g.n_docs, g.n_words, m.mid,
              (dense_rank() OVER (ORDER BY g.published NULLS LAST, g.date_precision NULLS LAST) - 1)::INTEGER AS agid
       FROM g0 g LEFT JOIN spans m ON m.oid = g.oid AND m.size = 1 AND m.month = g.month""",
    # Each month with every span holding it (itself included).
    """CREATE TEMP TABLE within AS
       SELECT a.mid AS m0, b.mid FROM spans a JOIN spans b ON a.oid = b.oid AND a.month >= b.month AND a.month <
           b.month_end
       WHERE a.size = 1""",
    *[
        f"""CREATE TEMP TABLE rows_{table} AS
            SELECT doc_id, min(file_row_number) AS lo, max(file_row_number) AS hi FROM {table} GROUP BY doc_id"""
        for table in LOCATED_TABLES
    ],
    f"""CREATE TABLE doc_index AS
        SELECT d.dno::INTEGER AS dno, d.doc_id, d.title, o.oid, b.buid, g.gid, d.published, d.period_end,
            d.date_precision, d.language,
               d.n_words, {", ".join(f"rows_{t}.lo AS {t}_lo, rows_{t}.hi AS {t}_hi" for t in LOCATED_TABLES)}
        FROM d0 d
        JOIN outlet_ids o ON d.outlet IS NOT DISTINCT FROM o.outlet
        JOIN bureau_ids b ON d.bureau IS NOT DISTINCT FROM b.bureau
        JOIN date_groups g ON g.oid = o.oid AND g.published IS NOT DISTINCT FROM d.published
            AND g.date_precision IS NOT DISTINCT FROM d.date_precision
        {" ".join(f"LEFT JOIN rows_{t} ON rows_{t}.doc_id = d.doc_id" for t in LOCATED_TABLES)}
        ORDER BY d.dno""",
    """CREATE TABLE entity_keys AS
       SELECT (row_number() OVER (ORDER BY entity) - 1)::INTEGER AS ekey, entity
       FROM (SELECT DISTINCT entity FROM mentions)""",
    """CREATE TABLE entity_ids AS
       SELECT (row_number() OVER (ORDER BY m.entity, m.label) - 1)::INTEGER AS eid, k.ekey, m.entity, m.label
       FROM (SELECT DISTINCT entity, label FROM mentions) m
       JOIN entity_keys k ON m.entity IS NOT DISTINCT FROM k.entity""",
    """CREATE TABLE label_ids AS
       SELECT (row_number() OVER (ORDER BY label) - 1)::TINYINT AS lid, label
       FROM (SELECT DISTINCT label FROM entity_ids WHERE label IS NOT NULL)""",
    """CREATE TABLE entity_codes AS
       SELECT e.eid, CASE WHEN e.entity IS NOT NULL THEN e.ekey END AS ekey, l.lid
       FROM entity_ids e LEFT JOIN label_ids l ON e.label = l.label ORDER BY e.eid""",
    """CREATE TABLE spellings AS
       SELECT (row_number() OVER (ORDER BY surface) - 1)::INTEGER AS sid, surface
       FROM (SELECT surface FROM mentions UNION SELECT surface FROM places)""",
    """CREATE TABLE merge_rules AS
       SELECT (row_number() OVER (ORDER BY merge_rule) - 1)::INTEGER AS rid, merge_rule
       FROM (SELECT DISTINCT merge_rule FROM mentions)""",
    # A place row without a form (tables put together by hand) is counted by its surface.
    """CREATE TABLE place_forms AS
       SELECT (row_number() OVER (ORDER BY form) - 1)::INTEGER AS fid, form
       FROM (SELECT DISTINCT coalesce(form, surface) AS form FROM places)""",
    """CREATE TABLE place_rules AS
       SELECT (row_number() OVER (ORDER BY rule) - 1)::INTEGER AS prid, rule FROM (SELECT DISTINCT rule FROM places)""",
    Sql(
        """CREATE TABLE place_ids AS
           SELECT (row_number() OVER (ORDER BY place_id NULLS FIRST) - 1)::INTEGER AS pid, *
           FROM (SELECT place_id, arg_min(name, file_row_number) AS name, arg_min(country_code, file_row_number) AS
               country_code,
                        arg_min(lat, file_row_number) AS lat, arg_min(lon, file_row_number) AS lon,
                        coalesce(bool_or(source = $online), false) AS online
                 FROM places GROUP BY place_id)""",
        {"online": ONLINE_SOURCE},
    ),
    """CREATE TABLE keyword_ids AS
       SELECT (row_number() OVER (ORDER BY key) - 1)::INTEGER AS kid, key
       FROM (SELECT DISTINCT lower(keyword) AS key FROM keywords WHERE keyword IS NOT NULL)""",
    """CREATE TABLE keyword_spellings AS
       SELECT (row_number() OVER (ORDER BY s.keyword) - 1)::INTEGER AS spid, s.keyword, k.kid
       FROM (SELECT DISTINCT keyword FROM keywords WHERE keyword IS NOT NULL) s
       JOIN keyword_ids k ON lower(s.keyword) = k.key""",
    # Who a quotation is credited to (``analysis.quotes.voices``: the speaker's entity, else the speaker as written).
    """CREATE TABLE voice_ids AS
       SELECT (row_number() OVER (ORDER BY voice, kind) - 1)::INTEGER AS vkid, voice, kind
       FROM (SELECT DISTINCT coalesce(speaker_entity, speaker) AS voice, kind FROM quotes)""",
    # Each document's outlet and date group ride along, so a slice of the corpus is a plain filter on these tables.
    """CREATE TABLE mentions_per_doc (dno INTEGER, oid INTEGER, gid INTEGER, eid INTEGER, sid INTEGER, rid INTEGER,
       n INTEGER)""",
    """CREATE TABLE place_mentions_per_doc (dno INTEGER, oid INTEGER, gid INTEGER, buid INTEGER, pid INTEGER,
       sid INTEGER, fid INTEGER, prid INTEGER, quoted BOOLEAN, eid INTEGER, n INTEGER, cand BIGINT)""",
    """CREATE TABLE keywords_per_doc (dno INTEGER, oid INTEGER, gid INTEGER, kid INTEGER, spid INTEGER, n INTEGER,
       w DOUBLE, d INTEGER)""",
    """CREATE TABLE voices_per_doc (dno INTEGER, oid INTEGER, gid INTEGER, vkid INTEGER, n INTEGER)""",
    """CREATE TEMP TABLE doc_words (dno INTEGER, word VARCHAR)""",
]

# Counts per document, made a slice of documents at a time (the documents $a..$b, whose rows lie within the row ranges
# $<table>_lo..$<table>_hi of their tables), so memory stays bounded whatever the corpus size. Each statement with the
# parameters it binds.
_CHUNK = "(SELECT * FROM doc_index WHERE dno BETWEEN $a AND $b)"
_PER_DOCUMENT_SQL = [
    # Each mention of the slice with its ids, once: both the mention and the place counts are made from it.
    (
        f"""CREATE OR REPLACE TEMP TABLE chunk AS
            SELECT d.dno, d.oid, d.gid, m.file_row_number AS row, m.start, m."end", e.eid, s.sid, r.rid
            FROM mentions m JOIN {_CHUNK} d ON m.doc_id = d.doc_id
            JOIN entity_ids e ON m.entity IS NOT DISTINCT FROM e.entity AND m.label IS NOT DISTINCT FROM e.label
            JOIN spellings s ON m.surface IS NOT DISTINCT FROM s.surface
            JOIN merge_rules r ON m.merge_rule IS NOT DISTINCT FROM r.merge_rule
            WHERE m.file_row_number BETWEEN $mentions_lo AND $mentions_hi""",
        ("a", "b", "mentions_lo", "mentions_hi"),
    ),
    (
        """INSERT INTO mentions_per_doc
           SELECT dno, oid, gid, eid, sid, rid, count(*)::INTEGER AS n FROM chunk GROUP BY ALL ORDER BY dno""",
        (),
    ),
    # A place mention is also an entity mention (same span): its entity decides whether it survives the type and
    # minimum-mentions filters. The first mention of a span stands for it.
    (
        f"""INSERT INTO place_mentions_per_doc
            SELECT d.dno, d.oid, d.gid, d.buid, pl.pid, s.sid, f.fid, r.prid, p.quoted, m.eid, count(*)::INTEGER AS n,
                   max(p.n_candidates)::BIGINT AS cand
            FROM places p JOIN {_CHUNK} d ON p.doc_id = d.doc_id
            JOIN place_ids pl ON p.place_id IS NOT DISTINCT FROM pl.place_id
            JOIN spellings s ON p.surface IS NOT DISTINCT FROM s.surface
            JOIN place_forms f ON coalesce(p.form, p.surface) IS NOT DISTINCT FROM f.form
            JOIN place_rules r ON p.rule IS NOT DISTINCT FROM r.rule
            LEFT JOIN (SELECT dno, start, "end", arg_min(eid, row) AS eid FROM chunk GROUP BY dno, start, "end") m
                ON m.dno = d.dno AND m.start = p.start AND m."end" = p."end"
            WHERE p.file_row_number BETWEEN $places_lo AND $places_hi GROUP BY ALL ORDER BY d.dno""",
        ("a", "b", "places_lo", "places_hi"),
    ),
    # d marks one row per (document, keyword), so sum(d) over any grouping counts documents.
    (
        f"""INSERT INTO keywords_per_doc
            SELECT dno, oid, gid, kid, spid, n, w, (row_number() OVER (PARTITION BY dno, kid ORDER BY spid) =
                1)::INTEGER AS d
            FROM (SELECT d.dno, d.oid, d.gid, sp.kid, sp.spid, count(*)::INTEGER AS n, sum(k.weight) AS w
                  FROM keywords k JOIN {_CHUNK} d ON k.doc_id = d.doc_id JOIN keyword_spellings sp ON k.keyword =
                      sp.keyword
                  WHERE k.file_row_number BETWEEN $keywords_lo AND $keywords_hi GROUP BY ALL)
            ORDER BY dno""",
        ("a", "b", "keywords_lo", "keywords_hi"),
    ),
    (
        f"""INSERT INTO voices_per_doc
            SELECT d.dno, d.oid, d.gid, v.vkid, count(*)::INTEGER AS n
            FROM quotes q JOIN {_CHUNK} d ON q.doc_id = d.doc_id
            JOIN voice_ids v ON coalesce(q.speaker_entity, q.speaker) IS NOT DISTINCT FROM v.voice
                AND q.kind IS NOT DISTINCT FROM v.kind
            WHERE q.file_row_number BETWEEN $quotes_lo AND $quotes_hi GROUP BY ALL ORDER BY d.dno""",
        ("a", "b", "quotes_lo", "quotes_hi"),
    ),
    # Each document's distinct words, for the search's postings (numbered once all are known: ``_WORD_SQL``).
    (
        f"""INSERT INTO doc_words
            SELECT DISTINCT dno, word FROM (
                SELECT file_row_number::INTEGER AS dno, unnest(regexp_extract_all(lower(text), {literal(WORD_PATTERN)}))
                    AS word
                FROM documents WHERE file_row_number BETWEEN $a AND $b)""",
        ("a", "b"),
    ),
]
_WORD_SQL = [
    """CREATE TABLE word_ids AS
       SELECT (row_number() OVER (ORDER BY word) - 1)::INTEGER AS wid, word
       FROM (SELECT DISTINCT word FROM doc_words)""",
    # The outlet and date group ride along, as in the count tables: a slice of the corpus is a plain filter.
    """CREATE TABLE word_docs AS
       SELECT w.wid, d.dno, x.oid, x.gid FROM doc_words d JOIN word_ids w USING (word) JOIN doc_index x USING (dno)
       ORDER BY w.wid, d.dno""",
    "DROP TABLE doc_words",
]

# How the counts of each kind add up: what they are counted by, and the sums (``{t}`` is a table alias and dot).
_SUMS: dict[Counted, tuple[str, str]] = {
    "mentions": ("eid, sid, rid", "sum({t}n)::BIGINT AS n"),
    "place_mentions": ("buid, pid, sid, fid, prid, quoted, eid", "sum({t}n)::BIGINT AS n, max({t}cand) AS cand"),
    "keywords": ("kid, spid", "sum({t}n)::BIGINT AS n, sum({t}w) AS w, sum({t}d)::BIGINT AS d"),
    "voices": ("vkid", "sum({t}n)::BIGINT AS n"),
}
# The slimmer kinds, summed from a fuller one: (made from, counted by, sums).
_SLIMMER: dict[Counted, tuple[Counted, str, str]] = {
    "entities": ("mentions", "eid", "sum(n)::BIGINT AS n"),
    "places": ("place_mentions", "pid, sid, prid", "sum(n)::BIGINT AS n, max(cand) AS cand"),
}
# The kinds also counted for all outlets together: (counted by, sums).
_ALL_OUTLETS: dict[Counted, str] = {
    "entities": "t.eid, sum(t.n)::BIGINT AS n",
    "keywords": "t.kid, t.spid, sum(t.n)::BIGINT AS n, sum(t.w) AS w, sum(t.d)::BIGINT AS d",
    "places": "t.pid, sum(t.n)::BIGINT AS n",
}


def _rollup_sql() -> Iterator[str]:
    """The statements rolling the per-document counts up to every other table of ``COUNT_TABLES``."""
    for counted, (keys, sums) in _SUMS.items():
        doc, date = count_table(counted, "doc").name, count_table(counted, "date").name
        span, outlet = count_table(counted, "span").name, count_table(counted, "outlet").name
        by = ", ".join(f"t.{key}" for key in keys.split(", "))
        yield f"""CREATE TABLE {date} AS
                  SELECT gid, oid, {keys}, {sums.format(t="")} FROM {doc} GROUP BY ALL ORDER BY gid"""
        # Per month first, then per calendar span from the months it holds.
        yield f"""CREATE TEMP TABLE per_month AS
                  SELECT g.mid, t.oid, {by}, {sums.format(t="t.")} FROM {date} t JOIN date_groups g USING (gid)
                  WHERE g.mid IS NOT NULL GROUP BY ALL"""
        yield f"""CREATE TABLE {span} AS
                  SELECT w.mid, t.oid, {by}, {sums.format(t="t.")} FROM per_month t JOIN within w ON w.m0 = t.mid
                  GROUP BY ALL ORDER BY mid"""
        yield f"CREATE TABLE {outlet} AS SELECT oid, {keys}, {sums.format(t='')} FROM {date} GROUP BY ALL ORDER BY oid"
        yield "DROP TABLE per_month"
    for counted, (source, keys, sums) in _SLIMMER.items():
        levels: tuple[tuple[Per, str], ...] = (("date", "gid, "), ("span", "mid, "), ("outlet", ""))
        for per, unit in levels:
            made, fuller = count_table(counted, per).name, count_table(source, per).name
            yield f"""CREATE TABLE {made} AS
                      SELECT {unit}oid, {keys}, {sums} FROM {fuller} GROUP BY ALL ORDER BY {unit}oid"""
    wholes: tuple[tuple[Per, Per, str, str], ...] = (
        ("span", "span_all_outlets", "mid", "spans"),
        ("date", "date_all_outlets", "gid", "date_groups"),
    )
    for per, all_outlets, unit, units in wholes:
        across = PER[all_outlets][0]
        for counted, columns in _ALL_OUTLETS.items():
            made, per_outlet = count_table(counted, all_outlets).name, count_table(counted, per).name
            yield f"""CREATE TABLE {made} AS
                      SELECT u.{across} AS {across}, {columns} FROM {per_outlet} t JOIN {units} u USING ({unit})
                      GROUP BY ALL ORDER BY {across}"""


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
        config: dict[str, str | bool | int | float | list[str]] = {
            "threads": THREADS,
            "memory_limit": memory,
            "preserve_insertion_order": False,
        }
        with duckdb.connect(tmp, config=config) as con:
            con.execute("SET enable_progress_bar = false")
            con.execute(f"SET temp_directory = {literal(str(target.parent / '.spill'))}")
            raw_views(con, Path(build), temporary=True)
            for statement in _DICTIONARY_SQL:
                made = statement if isinstance(statement, Sql) else Sql(statement)
                con.execute(made.text, dict(made.params) or None)
            _count_documents(con)
            for statement in _WORD_SQL:
                con.execute(statement)
            for statement in _rollup_sql():
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


def _count_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the per-document count tables, ``CHUNK_DOCS`` documents at a time."""
    (n_docs,) = con.execute("SELECT count(*) FROM doc_index").fetchone() or (0,)
    ranged = ("mentions", "places", "keywords", "quotes")
    bounds = ", ".join(f"min({t}_lo), max({t}_hi)" for t in ranged)
    for first in range(0, n_docs, CHUNK_DOCS):
        last = first + CHUNK_DOCS - 1
        sql = f"SELECT {bounds} FROM doc_index WHERE dno BETWEEN $a AND $b"
        found = con.execute(sql, {"a": first, "b": last}).fetchone()
        names = [f"{t}_{end}" for t in ranged for end in ("lo", "hi")]
        chunk = dict(zip(names, found or ()), a=first, b=last)
        for statement, uses in _PER_DOCUMENT_SQL:
            con.execute(statement, {name: chunk[name] for name in uses} or None)


def raw_views(con: duckdb.DuckDBPyConnection, build: Path, *, temporary: bool) -> None:
    """The build's Parquet tables as views named after them, each row with its position in its file. A text column
    the contract added after the build was written (``documents.language``, ``places.form``) reads as null, as
    ``schema.conform`` makes it for the pandas store, so an older build opens without a rebuild."""
    for name, columns in schema.TABLES.items():
        source = f"read_parquet({literal(str(build / f'{name}.parquet'))}, file_row_number = true)"
        present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        added = "".join(
            f", NULL::VARCHAR AS {column}"
            for column, dtype in columns.items()
            if column not in present and dtype == schema.STRING
        )
        kind = "TEMP VIEW" if temporary else "VIEW"
        con.execute(f"CREATE {kind} {name} AS SELECT *{added} FROM {source}")
