"""Each question of ``dashboard.store.questions`` answered in SQL over the index, under the question's name.

Over 500 lines: one SQL answer per question of the registry, each readable on its own.

An answer is ``answer(index, scope, selection, **options)``: ``index`` is the build's open index
(``reading.OpenIndex``), ``scope`` the selection resolved against it (never empty: the store
answers an empty one with the question's reference over no rows); ``scope.source`` and the
other fragments of ``scope`` carry the scope tables and parameters they need. Each gives what the
    question's pandas reference
gives, with the same columns, order and ties (the equivalence tests hold them to it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.geo.demonyms import DEMONYM_RULE
from analysis.quotes import UNATTRIBUTED
from dashboard import focus
from dashboard.store import aggregate, base
from dashboard.store import questions as asked
from dashboard.store import search as text_search
from dashboard.store.base import (
    Compared,
    Counts,
    Dating,
    Grouping,
    Hits,
    Period,
    PlacePoints,
    Question,
    Rows,
    Selection,
    Term,
    Voice,
)
from dashboard.store.duck.index import WORD_PATTERN, Counted
from dashboard.store.duck.reading import OpenIndex
from dashboard.store.duck.scope import Located, Scope, allowed, docs_in_scope, focus_rows, in_scope, source, units
from dashboard.store.duck.sql import Sql, literal, query

Answer = Callable[..., Any]
ANSWERS: dict[str, Answer] = {}
# The questions answered within the filters' scope, the focus found inside it: resolving the focus's documents first
# would cost a query over every document that has it.
WITHIN_FILTERS: set[str] = set()
# Outlet ids per word of a bit mask (``_outlet_masks``).
_MASK_BITS = 64
# Documents read at a time when searching their text for a keyword.
_SEARCH_BATCH = 50


def answers(question: Question[Any], *, within_filters: bool = False) -> Callable[[Answer], Answer]:
    """Registers the decorated function as the SQL answer to ``question``; ``within_filters``: it is given the scope of
    the selection's filters, and finds the focus itself."""

    def register(answer: Answer) -> Answer:
        ANSWERS[question.name] = answer
        if within_filters:
            WITHIN_FILTERS.add(question.name)
        return answer

    return register


def _int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.astype({c: "int64" for c in columns}).reset_index(drop=True)


def _level_counts(scope: Scope, alias: str) -> tuple[str, Sql]:
    """The table counting documents and words at the scope's level (documents, or date groups for outlets and dates),
    and the condition keeping the scope's rows of it."""
    if scope.level == "doc":
        return "idx.doc_index", in_scope(f"{alias}.dno", scope)
    return "idx.date_groups", in_scope(f"{alias}.gid" if scope.level == "group" else f"{alias}.oid", scope)


@answers(asked.counts)
def counts(index: OpenIndex, scope: Scope, selection: Selection) -> Counts:
    table, condition = _level_counts(scope, "d")
    documents = "count(*)" if scope.level == "doc" else "coalesce(sum(d.n_docs), 0)::BIGINT"
    src = source("places", scope, outlets=False)
    row = index.run(
        query(
            f"""WITH docs AS (
                    SELECT {documents} AS n_docs, count(DISTINCT o.outlet) AS n_outlets, coalesce(sum(d.n_words),
                        0)::BIGINT AS n_words
                    FROM {table} d JOIN idx.outlet_ids o USING (oid) WHERE {condition}),
                places AS (
                    SELECT count(DISTINCT pl.place_id) AS n FROM (SELECT DISTINCT pid FROM ({src})) s JOIN
                        idx.place_ids pl USING (pid))
                SELECT docs.*, places.n AS n_places FROM docs, places""",
            condition,
            src,
        ),
        scope,
    ).iloc[0]
    keys = index.entity_key[index.entity_totals(selection)["eid"].to_numpy()]
    # Keys are small integers: marking them counts the distinct ones without sorting or hashing.
    seen = np.zeros(len(index.entity_key), dtype=bool)
    seen[keys[keys >= 0]] = True
    return Counts(int(row["n_docs"]), int(row["n_outlets"]), int(row["n_words"]), int(seen.sum()), int(row["n_places"]))


@answers(asked.outlets)
def outlets(index: OpenIndex, scope: Scope, selection: Selection) -> pd.DataFrame:
    table, condition = _level_counts(scope, "d")
    documents = "count(*)" if scope.level == "doc" else "sum(d.n_docs)::BIGINT"
    counted = index.run(
        query(
            f"""SELECT o.shown AS outlet, {documents} AS n_docs, sum(d.n_words)::BIGINT AS n_words
                FROM {table} d JOIN idx.outlet_ids o USING (oid) WHERE {condition} GROUP BY o.shown""",
            condition,
        ),
        scope,
    ).set_index("outlet")
    return aggregate.recount(index.outlets, counted)


@answers(asked.entity_counts)
def entity_counts(index: OpenIndex, scope: Scope, selection: Selection, *, top: int) -> pd.DataFrame:
    totals = index.entity_totals(selection)
    eids = totals["eid"].to_numpy()
    named = (index.entity_label_id[eids] >= 0) & (index.entity_key[eids] >= 0)
    labels = index.entity_label_id[eids]
    chosen = totals.iloc[_top_per_group(labels, totals["total"].to_numpy(), eids, top=top, among=named)]
    src = source("entities", scope)
    split = index.run(
        query(
            f"""SELECT eid, oid, sum(n)::BIGINT AS n FROM ({src})
                WHERE eid IN (SELECT unnest($chosen::INTEGER[])) GROUP BY eid, oid""",
            src,
            chosen=chosen["eid"].astype(int).tolist(),
        ),
        scope,
    )
    shown = dict(zip(index.outlet_ids["oid"], index.outlet_ids["shown"]))
    rows = split.merge(chosen[["eid", "total"]], on="eid")
    rows = pd.DataFrame(
        {
            "label": index.entity_label[rows["eid"].to_numpy()],
            "entity": index.entity_name[rows["eid"].to_numpy()],
            "outlet": rows["oid"].map(shown),
            "n": rows["n"],
            "total": rows["total"],
        }
    )
    rows["order"] = rows["label"].map(lambda label: base.label_order(label)[0])
    rows = rows.sort_values(["order", "label", "total", "entity", "outlet"], ascending=[True, True, False, True, True])
    return _int(rows[base.ENTITY_COUNT_COLUMNS], "n", "total")


def _top_per_group(
    groups: np.ndarray, totals: np.ndarray, ids: np.ndarray, *, top: int, among: np.ndarray
) -> np.ndarray:
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


@answers(asked.entity_variants)
def entity_variants(
    index: OpenIndex, scope: Scope, selection: Selection, *, merged_only: bool, limit: int | None
) -> pd.DataFrame:
    src = source("mentions", scope)
    several = "AND v.n_variants > 1" if merged_only else ""
    most = "LIMIT $limit" if limit is not None else ""
    rows = index.run(
        query(
            f"""WITH src AS ({src}),
                forms AS (SELECT s.eid, su.surface, sum(s.n)::BIGINT AS n FROM src s JOIN idx.spellings su USING (sid)
                          WHERE su.surface IS NOT NULL GROUP BY s.eid, su.surface),
                v AS (SELECT eid, sum(n)::BIGINT AS n_mentions, count(*) AS n_variants,
                             string_agg(surface || ' (' || n || ')', ', ' ORDER BY n DESC, surface) AS variants
                      FROM forms GROUP BY eid),
                r AS (SELECT eid, string_agg(merge_rule, ', ' ORDER BY merge_rule) AS merge_rules
                      FROM (SELECT DISTINCT s.eid, mr.merge_rule FROM src s JOIN idx.merge_rules mr USING (rid)
                            WHERE mr.merge_rule IS NOT NULL)
                      GROUP BY eid)
                SELECT e.entity, e.label, v.n_mentions, v.n_variants, v.variants, coalesce(r.merge_rules, '') AS
                    merge_rules
                FROM v JOIN idx.entity_ids e USING (eid) LEFT JOIN r USING (eid)
                WHERE e.entity IS NOT NULL AND e.label IS NOT NULL {several}
                ORDER BY v.n_variants DESC, v.n_mentions DESC, e.entity, e.label {most}""",
            src,
            **({"limit": limit} if limit is not None else {}),
        ),
        scope,
    )
    return _int(rows[base.VARIANT_COLUMNS], "n_mentions", "n_variants")


_KEYWORD_COUNTS = "src.kid, src.spid, src.n, src.w, src.d"


@answers(asked.keyword_panels)
def keyword_panels(
    index: OpenIndex, scope: Scope, selection: Selection, *, by: Grouping, top: int, max_groups: int
) -> Rows:
    if by == "doc":
        in_docs = docs_in_scope("dno", scope)
        src = query(f"SELECT * FROM idx.keywords_per_doc WHERE {in_docs}", in_docs)
        grouped = f"SELECT u.doc_id AS grp, {_KEYWORD_COUNTS} FROM src JOIN idx.doc_index u USING (dno)"
    elif by == "outlet":
        src = source("keywords", scope)
        grouped = f"SELECT u.shown AS grp, {_KEYWORD_COUNTS} FROM src JOIN idx.outlet_ids u USING (oid)"
    else:
        src = source("keywords", scope, outlets=False)
        grouped = f"SELECT '' AS grp, {_KEYWORD_COUNTS} FROM src"
    rows = index.run(
        query(
            f"""WITH src AS ({src}),
                g AS (SELECT grp, kid, spid, sum(n)::BIGINT AS n, sum(w) AS w, sum(d)::BIGINT AS d FROM ({grouped})
                      GROUP BY grp, kid, spid),
                weights AS (SELECT grp, kid, round(sum(w), 6) AS weight, sum(d)::BIGINT AS n_docs FROM g GROUP BY grp,
                    kid),
                -- Only keywords weighing at least each panel's top-th weight can be shown: spell and rank just those.
                cutoffs AS (SELECT grp, min(weight) AS cutoff
                            FROM (SELECT grp, weight, row_number() OVER (PARTITION BY grp ORDER BY weight DESC) AS r
                                FROM weights)
                            WHERE r <= $top GROUP BY grp),
                candidates AS (SELECT w.* FROM weights w JOIN cutoffs c USING (grp) WHERE w.weight >= c.cutoff),
                spelled AS (SELECT c.grp, c.kid, c.weight, c.n_docs, first(sp.keyword ORDER BY g.n DESC, sp.keyword)
                    AS keyword
                            FROM candidates c JOIN g USING (grp, kid) JOIN idx.keyword_spellings sp USING (spid)
                            GROUP BY c.grp, c.kid, c.weight, c.n_docs),
                ranked AS (SELECT *, row_number() OVER (PARTITION BY grp ORDER BY weight DESC, keyword) AS r FROM
                    spelled),
                chosen AS (SELECT * FROM ranked WHERE r <= $top),
                totals AS (SELECT grp, round(sum(weight), 6) AS total FROM chosen GROUP BY grp),
                ordered AS (SELECT grp, row_number() OVER (ORDER BY total DESC, grp) AS rank, count(*) OVER () AS
                    n_groups
                            FROM totals)
                SELECT c.grp AS "group", c.keyword, c.weight, c.n_docs, o.rank, o.n_groups
                FROM chosen c JOIN ordered o USING (grp)
                WHERE o.rank <= $max_groups ORDER BY o.rank, c.weight DESC, c.keyword""",
            src,
            top=top,
            max_groups=max_groups,
        ),
        scope,
    )
    n_groups = int(rows["n_groups"].iloc[0]) if len(rows) else 0
    if by == "corpus":
        rows = rows.assign(title="All documents", outlet="")
    elif by == "outlet":
        rows = rows.assign(title=rows["group"], outlet=rows["group"])
    else:
        info = index.doc_info(list(dict.fromkeys(rows["group"])))
        rows = rows.assign(
            title=[aggregate.doc_title(info.at[d, "title"], d, info.at[d, "outlet"]) for d in rows["group"]],
            outlet=[info.at[d, "outlet"] for d in rows["group"]],
        )
    return Rows(_int(rows[base.KEYWORD_COLUMNS], "n_docs"), n_groups)


@answers(asked.place_points)
def place_points(index: OpenIndex, scope: Scope, selection: Selection) -> PlacePoints:
    src = source("places", scope)
    # Per document, rows repeat (place, name, outlet, rule) many times: they are summed first.
    summed = (
        "SELECT pid, sid, oid, prid, sum(n)::BIGINT AS n, max(cand) AS cand FROM src GROUP BY ALL"
        if scope.level == "doc"
        else "SELECT pid, sid, oid, prid, n, cand FROM src"
    )
    points = index.run(
        query(
            # Each name's outlets are sorted as a list (most mentions first, then by name), cheaper than an ordered
            # aggregate. From the (place, name, outlet) counts, already one per outlet, the outlets naming a place come
            # back as bit masks of outlet ids, made into names once per distinct mask.
            f"""WITH src AS ({src}),
                p0 AS ({summed}),
                p AS (SELECT p0.* FROM p0 JOIN idx.place_ids pl USING (pid)
                      WHERE pl.place_id IS NOT NULL AND pl.lat IS NOT NULL AND pl.lon IS NOT NULL),
                named AS (SELECT pid, sid, oid, sum(n)::BIGINT AS n, max(cand) AS cand FROM p GROUP BY pid, sid, oid),
                per_name AS (SELECT x.pid, x.sid, sum(x.n) AS total,
                                    array_to_string(list_transform(list_sort(list({{'k': -x.n, 's': o.shown}})),
                                                                   lambda e: e.s || ' ' || (-e.k)), ', ') AS outlets
                             FROM named x JOIN idx.outlet_ids o USING (oid) GROUP BY x.pid, x.sid),
                forms AS (SELECT x.pid, list(su.surface || ' (' || x.outlets || ')' ORDER BY x.total DESC, su.surface)
                    AS shown
                          FROM per_name x JOIN idx.spellings su USING (sid) WHERE su.surface IS NOT NULL GROUP BY
                              x.pid),
                rules AS (SELECT t.pid, first(r.rule ORDER BY t.k DESC, r.rule) AS rule
                          FROM (SELECT pid, prid, sum(n) AS k FROM p GROUP BY pid, prid) t JOIN idx.place_rules r
                              USING (prid)
                          WHERE r.rule IS NOT NULL GROUP BY t.pid),
                points AS (SELECT x.pid, sum(x.n)::BIGINT AS n, max(x.cand) AS candidates,
                    {_outlet_masks(index, "x.oid")}
                           FROM named x GROUP BY x.pid)
                SELECT pl.place_id, pl.name AS place_name, pl.country_code AS country, pl.lat, pl.lon, points.n,
                       points.* EXCLUDE (pid, n, candidates), coalesce(rules.rule, $not_recorded) AS rule,
                           points.candidates,
                       array_to_string(list_slice(forms.shown, 1, $most), ', ')
                       || CASE WHEN len(forms.shown) > $most THEN ', and ' || (len(forms.shown) - $most) || ' more'
                           ELSE '' END
                       AS forms,
                       pl.online, (SELECT sum(n) FROM p0) AS n_mentions
                FROM points JOIN idx.place_ids pl USING (pid) LEFT JOIN rules USING (pid) LEFT JOIN forms USING (pid)
                ORDER BY pl.place_id""",
            src,
            not_recorded=aggregate.NOT_RECORDED,
            most=aggregate.MAX_FORMS,
        ),
        scope,
    )
    if points.empty:
        everywhere = source("places", scope, outlets=False)
        found = index.run(query(f"SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ({everywhere})", everywhere), scope)
        return PlacePoints(pd.DataFrame(columns=base.POINT_COLUMNS), int(found["n"].iloc[0]), False)
    points["outlets"] = _outlet_names(index, points)
    n_mentions, online = int(points["n_mentions"].iloc[0]), bool(points["online"].any())
    return PlacePoints(_int(points[base.POINT_COLUMNS], "n", "candidates"), n_mentions, online)


def _outlet_masks(index: OpenIndex, column: str) -> str:
    """SQL aggregates naming the outlet ids of ``column`` seen in a group: bits of 64-bit words ``mask0``,
    ``mask1``..."""
    words = range((len(index.outlet_ids) + _MASK_BITS - 1) // _MASK_BITS)
    return ", ".join(
        f"bit_or(CASE WHEN {column} // {_MASK_BITS} = {w} THEN 1::UBIGINT << ({column} % {_MASK_BITS}) "
        f"ELSE 0::UBIGINT END) AS mask{w}"
        for w in words
    )


def _outlet_names(index: OpenIndex, rows: pd.DataFrame) -> pd.Series:
    """Per row, the names (as shown, sorted) of the outlets its ``mask*`` columns mark."""
    columns = sorted((c for c in rows.columns if c.startswith("mask")), key=lambda c: int(c[4:]))
    masks = np.column_stack([rows[c].to_numpy(dtype=np.uint64) for c in columns])
    distinct, inverse = np.unique(masks, axis=0, return_inverse=True)
    shown = index.outlet_ids["shown"].to_numpy(dtype=object)
    named = []
    for words in distinct:
        bits = np.unpackbits(words.astype("<u8").view(np.uint8), bitorder="little").reshape(len(words), 64)
        marked = bits[:, :_MASK_BITS].ravel()
        named.append(tuple(sorted(str(o) for o in shown[np.flatnonzero(marked[: len(shown)])])))
    return pd.Series([named[i] for i in inverse.ravel()], index=rows.index, dtype=object)


@answers(asked.place_reasons)
def place_reasons(index: OpenIndex, scope: Scope, selection: Selection, *, limit: int | None) -> pd.DataFrame:
    src = source("places", scope)
    most = "LIMIT $limit" if limit is not None else ""
    rows = index.run(
        query(
            f"""WITH src AS ({src})
                SELECT pl.place_id, coalesce(pl.name, $unresolved) AS name, su.surface, r.rule, pl.country_code AS
                    country,
                       sum(s.n)::BIGINT AS mentions, max(s.cand) AS candidates, pl.lat, pl.lon
                FROM src s JOIN idx.place_ids pl USING (pid) JOIN idx.spellings su USING (sid) JOIN idx.place_rules r
                    USING (prid)
                GROUP BY ALL ORDER BY mentions DESC, name, su.surface, r.rule, pl.place_id {most}""",
            src,
            unresolved=aggregate.UNRESOLVED,
            **({"limit": limit} if limit is not None else {}),
        ),
        scope,
    )
    return _int(rows[base.REASON_COLUMNS], "mentions", "candidates")


def _named(scope: Scope, group: str) -> Sql:
    """Resolved place mentions of places written more than one way (``named``), with ``group`` and the name as
    written in its most common spelling; names are compared in their dictionary form (``fid``), so a Russian
    name's cases are one name. A place found from its people's name ("Iraqi") is no name of it."""
    src = source("place_mentions", scope)
    return query(
        f"""WITH src AS ({src}),
            p AS (SELECT s.*, f.form, lower(f.form) AS k
                  FROM src s JOIN idx.place_ids pl USING (pid) JOIN idx.place_forms f USING (fid)
                  JOIN idx.place_rules r USING (prid)
                  WHERE pl.place_id IS NOT NULL AND NOT starts_with(coalesce(r.rule, ''), $demonym)),
            spelling AS (SELECT k, first(form ORDER BY c DESC, form) AS written
                         FROM (SELECT k, form, sum(n) AS c FROM p GROUP BY k, form) GROUP BY k),
            pw AS (SELECT p.*, spelling.written FROM p JOIN spelling USING (k)),
            several AS (SELECT pid FROM pw GROUP BY pid HAVING count(DISTINCT written) > 1),
            named AS (SELECT pw.pid, pw.written, pw.n, {group} AS grp, o.shown AS outlet, coalesce(b.bureau,
                $no_bureau) AS bureau,
                             CASE WHEN pw.quoted THEN $quoted ELSE $narration END AS voice
                      FROM pw JOIN several USING (pid) JOIN idx.outlet_ids o USING (oid)
                      JOIN idx.bureau_ids b USING (buid))""",
        src,
        quoted=aggregate.QUOTED,
        narration=aggregate.NARRATION,
        no_bureau=aggregate.NO_BUREAU,
        demonym=DEMONYM_RULE,
    )


@answers(asked.naming)
def naming(index: OpenIndex, scope: Scope, selection: Selection, *, by: Voice, max_places: int | None) -> Rows:
    group = {
        "outlet": "o.shown",
        "bureau": "coalesce(b.bureau, $no_bureau)",
        "voice": "CASE WHEN pw.quoted THEN $quoted ELSE $narration END",
    }[by]
    named = _named(scope, group)
    most = "WHERE r.rank <= $max_places" if max_places is not None else ""
    rows = index.run(
        query(
            f"""{named},
                counted AS (SELECT pid, written, grp, sum(n)::BIGINT AS n FROM named GROUP BY ALL),
                totals AS (SELECT pid, sum(n)::BIGINT AS total FROM counted GROUP BY pid),
                ranked AS (SELECT t.pid, pl.place_id, pl.name, row_number() OVER (ORDER BY t.total DESC, pl.place_id)
                    AS rank,
                                  count(*) OVER () AS n_places
                           FROM totals t JOIN idx.place_ids pl USING (pid))
                SELECT r.place_id, r.name, c.written, c.grp AS "group", c.n, r.rank, r.n_places
                FROM counted c JOIN ranked r USING (pid) {most} ORDER BY r.rank, c.grp, c.written""",
            named,
            **({"max_places": max_places} if max_places is not None else {}),
        ),
        scope,
    )
    n_places = int(rows["n_places"].iloc[0]) if len(rows) else 0
    return Rows(_int(rows[base.NAMING_COLUMNS], "n"), n_places)


@answers(asked.naming_table)
def naming_table(index: OpenIndex, scope: Scope, selection: Selection, *, limit: int | None) -> pd.DataFrame:
    named = _named(scope, "''")
    most = "LIMIT $limit" if limit is not None else ""
    rows = index.run(
        query(
            f"""{named}
                SELECT pl.name AS place, named.written AS "written as", named.outlet, named.bureau, named.voice,
                       sum(named.n)::BIGINT AS mentions
                FROM named JOIN idx.place_ids pl USING (pid) GROUP BY ALL
                ORDER BY place, mentions DESC, "written as", outlet, bureau, voice {most}""",
            named,
            **({"limit": limit} if limit is not None else {}),
        ),
        scope,
    )
    return _int(rows[base.NAMING_TABLE_COLUMNS], "mentions")


@answers(asked.dating)
def dating(index: OpenIndex, scope: Scope, selection: Selection) -> Dating:
    table, condition = _level_counts(scope, "d")
    if scope.level == "doc":
        counted = """count(published) AS dated,
                     count(*) FILTER (published IS NOT NULL AND date_precision = 'month') AS month_only,
                     count(*) FILTER (published IS NULL) AS undated"""
    else:
        counted = """coalesce(sum(n_docs) FILTER (published IS NOT NULL), 0)::BIGINT AS dated,
                     coalesce(sum(n_docs) FILTER (published IS NOT NULL AND date_precision = 'month'), 0)::BIGINT AS
                         month_only,
                     coalesce(sum(n_docs) FILTER (published IS NULL), 0)::BIGINT AS undated"""
    row = index.run(query(f"SELECT {counted} FROM {table} d WHERE {condition}", condition), scope).iloc[0]
    return Dating(int(row["dated"]), int(row["month_only"]), int(row["undated"]))


@answers(asked.timeline)
def timeline(
    index: OpenIndex,
    scope: Scope,
    selection: Selection,
    *,
    entities: Sequence[str],
    keywords: Sequence[str],
    period: Period = "day",
) -> pd.DataFrame:
    entities, keys = aggregate.timeline_terms(entities, keywords)
    order = [*entities, *keys.values()]
    empty = pd.DataFrame(columns=["term", "published", "date_precision", "outlet", "n"])
    if not order:
        return aggregate.timeline_periods(empty, order=order, period=period)
    eids = np.flatnonzero(np.isin(index.entity_name, entities))
    if scope.eids is not None:
        eids = np.intersect1d(eids, scope.eids)
    kids = index.run(
        Sql(
            "SELECT k.kid, c.key FROM idx.keyword_ids k JOIN (SELECT unnest($keys::VARCHAR[]) AS key) c USING (key)",
            {"keys": list(keys)},
        ),
        scope,
    )
    # Counts per date group, whatever the scope's level: a document's date and outlet are its group's.
    mentions, words = (
        ("mentions_per_doc", "keywords_per_doc") if scope.level == "doc" else ("entities_per_date", "keywords_per_date")
    )
    mine = units(scope, "t.")
    found = index.run(
        query(
            f"""SELECT t.gid, t.eid AS id, false AS keyword, sum(t.n)::BIGINT AS n FROM idx.{mentions} t
                WHERE t.eid IN (SELECT unnest($eids::INTEGER[])) AND {mine} GROUP BY ALL
                UNION ALL
                SELECT t.gid, t.kid AS id, true AS keyword, sum(t.d)::BIGINT AS n FROM idx.{words} t
                WHERE t.kid IN (SELECT unnest($kids::INTEGER[])) AND {mine} GROUP BY ALL""",
            mine,
            eids=eids.tolist(),
            kids=kids["kid"].tolist(),
        ),
        scope,
    )
    if found.empty:
        return aggregate.timeline_periods(empty, order=order, period=period)
    words_found = found.loc[found["keyword"], "id"].map(dict(zip(kids["kid"], kids["key"].map(keys))))
    entity_rows = found.loc[~found["keyword"], "id"]
    names = pd.Series(index.entity_name[entity_rows.to_numpy()], index=entity_rows.index)
    groups = index.date_groups.set_index("gid").loc[found["gid"].to_numpy()]
    shown = dict(zip(index.outlet_ids["oid"], index.outlet_ids["shown"]))
    frame = pd.DataFrame(
        {
            "term": pd.concat([names, words_found]).reindex(found.index).to_numpy(),
            "published": groups["published"].to_numpy(),
            "date_precision": groups["date_precision"].to_numpy(),
            "outlet": groups["oid"].map(shown).to_numpy(),
            "n": found["n"].to_numpy(),
        }
    )
    return aggregate.timeline_periods(frame, order=order, period=period)


@answers(asked.period_volume)
def period_volume(index: OpenIndex, scope: Scope, selection: Selection, *, period: Period) -> pd.DataFrame:
    table, condition = _level_counts(scope, "d")
    documents = "count(*)" if scope.level == "doc" else "sum(d.n_docs)"
    rows = index.run(
        query(
            f"""SELECT d.published, d.date_precision, o.shown AS outlet, {documents}::BIGINT AS n_docs,
                       coalesce(sum(d.n_words), 0)::BIGINT AS n_words
                FROM {table} d JOIN idx.outlet_ids o USING (oid)
                WHERE {condition} AND d.published IS NOT NULL GROUP BY ALL""",
            condition,
        ),
        scope,
    )
    return asked.volume_periods(rows, period=period)


@answers(asked.voices)
def voices(index: OpenIndex, scope: Scope, selection: Selection, *, top: int) -> pd.DataFrame:
    src = source("voices", scope)
    rows = index.run(
        query(
            f"""WITH src AS ({src}),
                c AS (SELECT v.voice, v.kind, s.oid, sum(s.n)::BIGINT AS n FROM src s JOIN idx.voice_ids v USING (vkid)
                      WHERE v.voice IS NOT NULL AND v.voice <> $unattributed GROUP BY ALL),
                totals AS (SELECT voice, sum(n)::BIGINT AS total FROM c GROUP BY voice ORDER BY total DESC, voice
                    LIMIT $top),
                kinds AS (SELECT voice, first(kind ORDER BY k DESC, kind) AS kind
                          FROM (SELECT voice, kind, sum(n) AS k FROM c WHERE kind IS NOT NULL GROUP BY ALL) GROUP BY
                              voice)
                SELECT c.voice, kinds.kind, o.shown AS outlet, sum(c.n)::BIGINT AS n, t.total
                FROM c JOIN totals t USING (voice) LEFT JOIN kinds USING (voice) JOIN idx.outlet_ids o USING (oid)
                GROUP BY ALL ORDER BY t.total DESC, c.voice, outlet""",
            src,
            unattributed=UNATTRIBUTED,
            top=top,
        ),
        scope,
    )
    return _int(rows[base.VOICE_COLUMNS], "n", "total")


@answers(asked.voice_kinds)
def voice_kinds(index: OpenIndex, scope: Scope, selection: Selection) -> pd.DataFrame:
    src = source("voices", scope)
    rows = index.run(
        query(
            f"""SELECT v.kind, o.shown AS outlet, sum(s.n)::BIGINT AS n
                FROM ({src}) s JOIN idx.voice_ids v USING (vkid) JOIN idx.outlet_ids o USING (oid)
                WHERE v.kind IS NOT NULL GROUP BY ALL ORDER BY v.kind, outlet""",
            src,
        ),
        scope,
    )
    return _int(rows[base.VOICE_KIND_COLUMNS], "n")


def _first_documents(index: OpenIndex, counts: Sql, scope: Scope, limit: int) -> list[int]:
    """The documents, in corpus order, of the first rows of ``counts`` (per-document rows of dno and n, each n at
    least one) that hold ``limit`` of what they count."""
    first = index.run(query(f"SELECT dno, n FROM ({counts}) ORDER BY dno LIMIT $limit", counts, limit=limit), scope)
    per_doc = first.groupby("dno", sort=True)["n"].sum()
    return [int(d) for d in per_doc[per_doc.cumsum().shift(fill_value=0) < limit].index]


@answers(asked.statements)
def statements(index: OpenIndex, scope: Scope, selection: Selection, *, limit: int) -> Rows:
    src = source("voices", scope)
    total = int(index.run(query(f"SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ({src})", src), scope)["n"].iloc[0])
    mine = units(scope)
    wanted = _first_documents(index, query(f"SELECT dno, n FROM idx.voices_per_doc WHERE {mine}", mine), scope, limit)
    located = index.locate(wanted, ("quotes", "documents"))
    quotes = index.doc_rows("quotes", wanted, located=located)
    documents = index.doc_rows("documents", wanted, columns="doc_id, title, outlet", located=located)
    return Rows(aggregate.statements(quotes, documents).head(limit), total)


@answers(asked.term_counts)
def term_counts(index: OpenIndex, scope: Scope, selection: Selection, *, kind: Term) -> pd.DataFrame:
    if kind == "entity":
        # By the entity's name: its ids of several types count as one term, as in pandas.
        src = source("entities", scope)
        counted = f"""SELECT s.oid, x.ekey, sum(s.n)::BIGINT AS n FROM ({src}) s JOIN idx.entity_codes x USING (eid)
                      WHERE x.ekey IS NOT NULL GROUP BY ALL"""
        join, term = "JOIN idx.entity_keys t USING (ekey)", "t.entity"
    else:
        src = source("keywords", scope)
        counted = f"SELECT oid, spid, sum(n)::BIGINT AS n FROM ({src}) GROUP BY ALL"
        join, term = "JOIN idx.keyword_spellings t USING (spid)", "t.keyword"
    # By the outlet as shown (documents without one under ``UNKNOWN``), as pandas groups them.
    rows = index.run(
        query(
            f"""SELECT o.shown AS "group", {term} AS term, sum(c.n)::BIGINT AS n
                FROM ({counted}) c JOIN idx.outlet_ids o USING (oid) {join} GROUP BY ALL ORDER BY "group", term""",
            src,
        ),
        scope,
    )
    return _int(rows[base.TERM_COUNT_COLUMNS], "n")


# Per kind compared: the counts read, and how a counted row is named (its table joined and the term's column).
_TERM_TOTALS: dict[Compared, tuple[Counted, str, str]] = {
    "entity": ("entities", "JOIN idx.entity_codes x USING (eid) JOIN idx.entity_keys t USING (ekey)", "t.entity"),
    "keyword": ("keywords", "JOIN idx.keyword_spellings t USING (spid)", "t.keyword"),
    "place": ("places", "JOIN idx.place_ids t USING (pid)", "CASE WHEN t.place_id IS NOT NULL THEN t.name END"),
    "voice": ("voices", "JOIN idx.voice_ids t USING (vkid)", "nullif(t.voice, $unattributed)"),
}


@answers(asked.term_totals)
def term_totals(
    index: OpenIndex,
    scope: Scope,
    selection: Selection,
    *,
    kind: Compared,
    top: int | None,
    terms: Sequence[str] | None = None,
) -> pd.DataFrame:
    counted, join, term = _TERM_TOTALS[kind]
    src = source(counted, scope, outlets=False)
    chosen = "AND term IN (SELECT unnest($terms::VARCHAR[]))" if terms is not None else ""
    most = "LIMIT $top" if top is not None else ""
    rows = index.run(
        query(
            f"""SELECT * FROM (SELECT {term} AS term, sum(s.n)::BIGINT AS n FROM ({src}) s {join} GROUP BY ALL)
                WHERE term IS NOT NULL {chosen} ORDER BY n DESC, term {most}""",
            src,
            **({"unattributed": UNATTRIBUTED} if kind == "voice" else {}),
            **({"terms": list(terms)} if terms is not None else {}),
            **({"top": top} if top is not None else {}),
        ),
        scope,
    )
    return _int(rows[base.TERM_TOTAL_COLUMNS], "n")


@answers(asked.contexts, within_filters=True)
def contexts(index: OpenIndex, scope: Scope, selection: Selection, *, limit: int) -> Rows:
    picked = selection.focus
    if picked is None:
        return Rows(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0)
    # The focus's documents are those of the filters that contain it: no need to list them all first.
    filtered = Selection(selection.filters)
    if picked.kind == "keyword":
        return _keyword_contexts(index, scope, picked.value, limit=limit)
    found = focus_rows(picked, scope)
    if picked.kind == "entity":
        totals = index.entity_totals(filtered)
        total = int(totals.loc[totals["eid"].isin(np.flatnonzero(index.entity_name == picked.value)), "total"].sum())
    else:
        if picked.kind == "place":
            src = source("places", scope, outlets=False)
            keep = allowed(scope)
            condition = query(f"pid IN (SELECT pid FROM idx.place_ids WHERE place_id = $value){keep}", keep)
        else:
            src = source("voices", scope)
            condition = Sql("vkid IN (SELECT vkid FROM idx.voice_ids WHERE voice = $value)")
        sql = f"SELECT coalesce(sum(n), 0)::BIGINT AS n FROM ({src}) WHERE {condition}"
        counted = query(sql, src, condition, value=picked.value)
        total = int(index.run(counted, scope)["n"].iloc[0])
    mine = units(scope)
    wanted = _first_documents(index, query(f"SELECT dno, n FROM ({found}) WHERE {mine}", found, mine), scope, limit)
    # One look-up finds the documents' rows in every table read below.
    table = {"entity": "mentions", "place": "places", "speaker": "quotes"}[picked.kind]
    located = index.locate(wanted, tuple(dict.fromkeys(("documents", "mentions", table))))
    spans = _focus_spans(index, picked, located, scope)
    documents = index.doc_rows("documents", wanted, columns="doc_id, title, outlet, text", located=located)
    return Rows(focus.contexts_of(spans, documents).head(limit), total)


def _focus_spans(index: OpenIndex, picked: focus.Focus, located: Located, scope: Scope) -> pd.DataFrame:
    """Where the entity, place or voice of ``picked`` occurs in the ``located`` documents (among the mentions the
    filters keep): focus.SPAN_COLUMNS, in corpus order."""
    if not located.docs:
        return pd.DataFrame(columns=focus.SPAN_COLUMNS)
    columns = 't.doc_id, t.start, t."end", t.sent_start, t.sent_end'
    if picked.kind == "entity":
        keep = allowed(scope)
        kept = (
            query(f" AND t.label IN (SELECT label FROM idx.entity_ids WHERE entity = $value{keep})", keep)
            if scope.eids is not None
            else Sql("")
        )
        table, condition = "mentions", query(f"t.entity = $value{kept}", kept)
    elif picked.kind == "place":
        if scope.eids is not None:
            keep = allowed(scope, "e.eid")
            rows = located.rows("mentions", "m")
            kept = query(
                f""" AND EXISTS (
                        SELECT 1 FROM mentions m JOIN idx.entity_ids e ON e.entity = m.entity AND e.label = m.label
                        WHERE m.doc_id = t.doc_id AND m.start = t.start AND m."end" = t."end"{keep} AND {rows})""",
                keep,
                rows,
            )
        else:
            kept = Sql("")
        table, condition = "places", query(f"t.place_id = $value{kept}", kept)
    else:
        table, condition = "quotes", Sql("coalesce(t.speaker_entity, t.speaker) = $value")
    rows = located.rows(table, "t")
    sql = query(
        f"SELECT {columns} FROM {table} t WHERE {condition} AND {rows} ORDER BY t.file_row_number",
        condition,
        rows,
        value=picked.value,
    )
    return index.run(sql, scope)


def _keyword_contexts(index: OpenIndex, scope: Scope, keyword: str, *, limit: int) -> Rows:
    """Occurrences of ``keyword`` in the text of the scope's documents that have it, a batch of documents at a time in
    corpus order until ``limit`` are found (then the total is not counted)."""
    found: list[pd.DataFrame] = []
    count, after = 0, -1
    having = query(
        f"""SELECT dno FROM idx.keywords_per_doc
            WHERE kid IN (SELECT kid FROM idx.keyword_ids WHERE key = lower($value))
            AND {units(scope)} AND dno > $after""",
        units(scope),
        value=keyword,
    )
    while True:
        batch = index.run(
            query(
                f"SELECT DISTINCT dno FROM ({having} ORDER BY dno LIMIT $batch) ORDER BY dno",
                having,
                after=after,
                batch=_SEARCH_BATCH,
            ),
            scope,
        )["dno"].tolist()
        if not batch:
            break
        rows = focus.search(index.small_tables(batch, ("documents", "sentences")), keyword)
        found.append(rows)
        count += len(rows)
        after = int(batch[-1])
        if count >= limit:
            more = index.run(query(f"SELECT count(*) AS n FROM ({having})", having, after=after), scope)["n"].iloc[0]
            if more:
                rows = pd.concat(found, ignore_index=True).head(limit)
                return Rows(rows, len(rows), counted=False)
    rows = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=focus.CONTEXT_COLUMNS)
    return Rows(rows.head(limit), len(rows))


@answers(asked.search)
def search(
    index: OpenIndex, scope: Scope, selection: Selection, *, term: str, doc_ids: Sequence[str], limit: int
) -> Rows:
    if not doc_ids:
        return Rows(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0)
    in_docs = docs_in_scope("dno", scope)
    dnos = index.run(
        query(
            f"""SELECT dno FROM idx.doc_index
                WHERE doc_id IN (SELECT unnest($docs::VARCHAR[])) AND {in_docs} ORDER BY dno""",
            in_docs,
            docs=list(doc_ids),
        ),
        scope,
    )["dno"].tolist()
    rows = focus.search(index.small_tables(dnos, ("documents", "sentences")), term)
    return Rows(rows.head(limit), len(rows))


def _text_of(index: OpenIndex, dnos: Sequence[int] | np.ndarray) -> text_search.Batch:
    """The text and sentence bounds of the documents ``dnos``, read from the row groups that hold them."""
    dnos = [int(d) for d in dnos]
    located = index.locate(dnos, ("documents", "sentences"))
    documents = index.doc_rows("documents", dnos, columns="doc_id, title, outlet, text", located=located)
    return documents, index.doc_rows("sentences", dnos, columns='doc_id, start, "end"', located=located)


@answers(asked.corpus_search)
def corpus_search(index: OpenIndex, scope: Scope, selection: Selection, *, term: str, limit: int) -> Hits:
    cleaned = text_search.clean_term(term)
    if cleaned is None:
        return text_search.nothing()
    dnos, n_candidates = _candidates(index, scope, cleaned)
    batches = (_text_of(index, batch) for batch in text_search.batched(dnos, size=text_search.BATCH))
    return text_search.scan(batches, cleaned, limit=limit, n_candidates=n_candidates)


def _candidates(index: OpenIndex, scope: Scope, term: str) -> tuple[np.ndarray, int]:
    """The first ``search.MAX_SCANNED`` documents of the scope having every word of ``term`` (as the index made its
    words: DuckDB's lower-casing), in corpus order, and how many there are. Each word's postings are read by its id,
    so only the row groups holding that word are read; the first word's are limited to the scope by the outlet, date
    group or document each posting carries, and the others' intersected with them here."""
    words = index.run(
        query(
            f"""SELECT w.wid FROM (SELECT DISTINCT unnest(regexp_extract_all(lower($term), {literal(WORD_PATTERN)}))
                    AS word) a
                LEFT JOIN idx.word_ids w USING (word)""",
            term=term,
        ),
        scope,
    )["wid"]
    if words.empty or words.isna().any():
        return np.zeros(0, dtype=np.int64), 0
    wids = words.astype("int64").tolist()
    mine = units(scope, "p.")
    first = query(f"SELECT p.dno FROM idx.word_docs p WHERE p.wid = $wid AND {mine}", mine, wid=wids[0])
    if len(wids) == 1:
        # One word: its postings are counted, and only the first few read.
        n = int(index.run(query(f"SELECT count(*) AS n FROM ({first})", first), scope)["n"].iloc[0])
        head = query(f"{first} ORDER BY p.dno LIMIT $most", first, most=text_search.MAX_SCANNED)
        return index.run(head, scope)["dno"].to_numpy(dtype=np.int64), n
    found = index.run(first, scope)["dno"].to_numpy(dtype=np.int64)
    for wid in wids[1:]:
        if not len(found):
            break
        dnos = index.run(query("SELECT p.dno FROM idx.word_docs p WHERE p.wid = $wid", wid=wid), scope)["dno"]
        # Marking one list's documents keeps the other's in linear time, without sorting either.
        has = np.zeros(int(max(found.max(), dnos.max())) + 1, dtype=bool)
        has[dnos.to_numpy(dtype=np.int64)] = True
        found = found[has[found]]
    return np.sort(found)[: text_search.MAX_SCANNED], len(found)


@answers(asked.documents)
def documents(index: OpenIndex, scope: Scope, selection: Selection, *, limit: int) -> Rows:
    return index.page(scope, limit)[0]
