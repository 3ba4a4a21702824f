"""The questions views ask a store, one spec each: its name, the columns of its rows, its reference answer.

The reference answer is computed with pandas from the selection's tables (mostly by
``dashboard.store.aggregate``); the in-memory store answers with it as it is, and the DuckDB
store answers the same question under the same name in SQL (``dashboard.store.duck.questions``),
with the same columns, order and ties. ``QUESTIONS`` lists them all: the equivalence tests ask
every one with its ``examples``, so a new question is tested against both stores for free.

A view asks ``store.ask(questions.entity_counts, selection, top=5)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from analysis import quotes
from analysis.tables import Tables
from dashboard import focus
from dashboard.store import aggregate
from dashboard.store import search as text_search
from dashboard.store.base import (
    COMPARED,
    DOCUMENT_COLUMNS,
    ENTITY_COUNT_COLUMNS,
    KEYWORD_COLUMNS,
    NAMING_COLUMNS,
    NAMING_TABLE_COLUMNS,
    OUTLET_COLUMNS,
    PERIODS,
    POINT_COLUMNS,
    REASON_COLUMNS,
    STATEMENT_COLUMNS,
    TERM_COUNT_COLUMNS,
    TERM_TOTAL_COLUMNS,
    TIMELINE_COLUMNS,
    VARIANT_COLUMNS,
    VOICE_COLUMNS,
    VOICE_KIND_COLUMNS,
    VOLUME_COLUMNS,
    Compared,
    Counts,
    Dating,
    Examples,
    Grouping,
    Hits,
    Period,
    PlacePoints,
    Question,
    Rows,
    Selection,
    T,
    Term,
    Voice,
)
from dashboard.store.memory import narrow

QUESTIONS: dict[str, Question[Any]] = {}


def question(
    columns: Sequence[str], *, examples: Examples | Sequence[dict[str, Any]] = ({},)
) -> Callable[[Callable[..., T]], Question[T]]:
    """Registers the decorated reference answer ``f(tables, selection, **options)`` as the question named after it."""

    def register(reference: Callable[..., T]) -> Question[T]:
        given = examples
        asked = given if callable(given) else lambda tables: given
        made = Question(reference.__name__, tuple(columns), reference, asked)
        if made.name in QUESTIONS:
            raise ValueError(f"question {made.name!r} is registered twice")
        QUESTIONS[made.name] = made
        return made

    return register


@question(())
def counts(tables: Tables, selection: Selection) -> Counts:
    """The selection at a glance: documents, outlets, words, entities, places."""
    return aggregate.counts(tables.documents, tables.mentions, tables.places)


@question(OUTLET_COLUMNS)
def outlets(tables: Tables, selection: Selection) -> pd.DataFrame:
    """The outlets table recounted over the selection."""
    return tables.outlets


@question(ENTITY_COUNT_COLUMNS, examples=({"top": 5},))
def entity_counts(tables: Tables, selection: Selection, *, top: int) -> pd.DataFrame:
    """Mentions per (type, entity, outlet) of the ``top`` most mentioned entities of each type."""
    return aggregate.entity_counts(tables.mentions, tables.documents, top=top)


@question(VARIANT_COLUMNS, examples=({"merged_only": True, "limit": None}, {"merged_only": False, "limit": None}))
def entity_variants(tables: Tables, selection: Selection, *, merged_only: bool, limit: int | None) -> pd.DataFrame:
    """Each canonical entity with the spellings merged into it, most spellings first."""
    return aggregate.entity_variants(tables.mentions, merged_only=merged_only, limit=limit)


@question(
    KEYWORD_COLUMNS,
    examples=[
        {"by": by, "top": top, "max_groups": most}
        for by in ("corpus", "outlet", "doc")
        for top, most in ((10, 12), (3, 2))
    ],
)
def keyword_panels(tables: Tables, selection: Selection, *, by: Grouping, top: int, max_groups: int) -> Rows:
    """Top keywords per panel (the corpus, each outlet or each document); ``total`` counts the panels."""
    return aggregate.keyword_panels(tables.keywords, tables.documents, by=by, top=top, max_groups=max_groups)


@question(POINT_COLUMNS)
def place_points(tables: Tables, selection: Selection) -> PlacePoints:
    """Every resolved place as one map point."""
    return aggregate.place_points(tables.places, tables.documents)


@question(REASON_COLUMNS, examples=({"limit": None},))
def place_reasons(tables: Tables, selection: Selection, *, limit: int | None) -> pd.DataFrame:
    """Why each place is where it is, most mentioned first."""
    table = aggregate.place_reasons(tables.places)
    return table if limit is None else table.head(limit)


@question(
    NAMING_COLUMNS,
    examples=[{"by": by, "max_places": most} for by in ("outlet", "bureau", "voice") for most in (None, 2)],
)
def naming(tables: Tables, selection: Selection, *, by: Voice, max_places: int | None) -> Rows:
    """Who calls a place what; ``total`` counts the places written more than one way."""
    return aggregate.naming(tables.places, tables.documents, by=by, max_places=max_places)


@question(NAMING_TABLE_COLUMNS, examples=({"limit": None},))
def naming_table(tables: Tables, selection: Selection, *, limit: int | None) -> pd.DataFrame:
    """The counts behind :func:`naming`, one row per place, name as written, outlet, bureau and voice."""
    return aggregate.naming_table(tables.places, tables.documents, limit=limit)


@question(())
def dating(tables: Tables, selection: Selection) -> Dating:
    """How the selected documents are dated."""
    return aggregate.dating(tables.documents)


def _timeline_examples(tables: Tables) -> list[dict[str, Any]]:
    entities = tables.mentions["entity"].value_counts().index[:3].tolist()
    keywords = tables.keywords["keyword"].value_counts().index[:2].tolist()
    asked = [
        (entities, []),
        ([], keywords),
        (entities[:1], [keywords[0].upper(), *keywords]),
        ([], []),
        (["nobody at all", entities[0]], ["x' OR '1'='1", "'; DROP TABLE docs; --"]),
    ]
    by_period = [{"entities": entities, "keywords": keywords, "period": period} for period in PERIODS]
    return [{"entities": chosen, "keywords": words} for chosen, words in asked] + by_period


@question(TIMELINE_COLUMNS, examples=_timeline_examples)
def timeline(
    tables: Tables, selection: Selection, *, entities: Sequence[str], keywords: Sequence[str], period: Period = "day"
) -> pd.DataFrame:
    """Mentions of each of ``entities`` and documents having each of ``keywords`` (ignoring case) per ``period``
    (or coarser, as the dates allow) and outlet, for ``charts.timeline``."""
    return aggregate.timeline(
        tables.mentions, tables.keywords, tables.documents, entities=entities, terms=keywords, period=period
    )


@question(VOLUME_COLUMNS, examples=[{"period": period} for period in PERIODS])
def period_volume(tables: Tables, selection: Selection, *, period: Period) -> pd.DataFrame:
    """Documents and words per ``period`` (or coarser, as the dates allow: see :func:`timeline`) and outlet, by period
    then outlet: what a timeline's counts are a share of. Undated documents are left out."""
    columns = ["doc_id", "published", "date_precision", "n_words"]
    docs = aggregate.with_outlet(tables.documents[columns], tables.documents)
    return volume_periods(docs.assign(n_docs=1, n_words=docs["n_words"].fillna(0)), period=period)


def volume_periods(rows: pd.DataFrame, *, period: Period) -> pd.DataFrame:
    """``rows`` of (published, date_precision, outlet, n_docs, n_words) summed per period and outlet."""
    counted = [
        aggregate.timeline_periods(rows.assign(term="", n=rows[column]), order=[""], period=period)
        for column in ("n_docs", "n_words")
    ]
    keys = ["period", "precision", "outlet"]
    merged = counted[0].rename(columns={"n": "n_docs"}).merge(counted[1].rename(columns={"n": "n_words"}), on=keys)
    return merged[VOLUME_COLUMNS].sort_values(["period", "outlet"]).reset_index(drop=True)


@question(VOICE_COLUMNS, examples=({"top": 40}, {"top": 3}))
def voices(tables: Tables, selection: Selection, *, top: int) -> pd.DataFrame:
    """Statements per voice and outlet of the ``top`` voices."""
    return aggregate.voice_counts(tables.quotes, tables.documents, top=top)


@question(VOICE_KIND_COLUMNS)
def voice_kinds(tables: Tables, selection: Selection) -> pd.DataFrame:
    """Statements per kind of voice and outlet."""
    return aggregate.voice_kinds(tables.quotes, tables.documents)


@question(STATEMENT_COLUMNS, examples=({"limit": 10_000}, {"limit": 7}))
def statements(tables: Tables, selection: Selection, *, limit: int) -> Rows:
    """The first ``limit`` quotations in corpus order, and how many there are."""
    rows = aggregate.statements(tables.quotes, tables.documents)
    return Rows(rows.head(limit), len(rows))


@question(TERM_COUNT_COLUMNS, examples=({"kind": "entity"}, {"kind": "keyword"}))
def term_counts(tables: Tables, selection: Selection, *, kind: Term) -> pd.DataFrame:
    """Mentions of each entity, or keyword rows of each keyword as spelled, per outlet, for
    ``analysis.distinctive.log_odds``."""
    rows = tables.mentions if kind == "entity" else tables.keywords
    return aggregate.term_counts(rows, tables.documents, column=kind)


def _term_totals_examples(tables: Tables) -> list[dict[str, Any]]:
    entities = tables.mentions["entity"].value_counts().index[:2].tolist()
    asked: list[dict[str, Any]] = [{"kind": kind, "top": top} for kind in COMPARED for top in (None, 3)]
    return [
        *asked,
        {"kind": "entity", "top": None, "terms": [*entities, "nobody at all", "x' OR '1'='1"]},
        {"kind": "keyword", "top": 2, "terms": []},
    ]


@question(TERM_TOTAL_COLUMNS, examples=_term_totals_examples)
def term_totals(
    tables: Tables, selection: Selection, *, kind: Compared, top: int | None, terms: Sequence[str] | None = None
) -> pd.DataFrame:
    """How often each term occurs in the whole selection, most first (ties by term), for comparing two selections:
    mentions of an entity (by name, whatever its type), documents having a keyword (as spelled), mentions of a
    resolved place (by its name), statements credited to a voice (unattributed ones left out). Only ``terms`` when
    given; only the ``top`` first unless None."""
    if kind == "entity":
        values = tables.mentions["entity"]
    elif kind == "keyword":
        values = tables.keywords["keyword"]
    elif kind == "place":
        resolved = tables.places[tables.places["place_id"].notna()]
        names = resolved.drop_duplicates("place_id").set_index("place_id")["name"]
        values = resolved["place_id"].map(names)
    else:
        credited = quotes.voices(tables.quotes)
        values = credited[credited != quotes.UNATTRIBUTED]
    values = values.dropna()
    if terms is not None:
        values = values[values.isin(list(terms))]
    counted = values.value_counts().rename_axis("term").rename("n").reset_index()
    counted = counted.sort_values(["n", "term"], ascending=[False, True])
    counted = counted if top is None else counted.head(top)
    return counted[TERM_TOTAL_COLUMNS].astype({"n": "int64"}).reset_index(drop=True)


@question(focus.CONTEXT_COLUMNS, examples=({"limit": 10_000}, {"limit": 3}))
def contexts(tables: Tables, selection: Selection, *, limit: int) -> Rows:
    """The first ``limit`` occurrences of the selection's focus in their sentences; empty without a focus."""
    if selection.focus is None:
        return Rows(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0)
    rows = focus.contexts(tables, selection.focus)
    return Rows(rows.head(limit), len(rows))


def _search_examples(tables: Tables) -> list[dict[str, Any]]:
    doc_ids = tables.documents["doc_id"].head(3).tolist()
    terms = ("Azerbaijan", "peace talks", "nothing-like-this")
    return [{"term": term, "doc_ids": doc_ids, "limit": 1000} for term in terms]


@question(focus.CONTEXT_COLUMNS, examples=_search_examples)
def search(tables: Tables, selection: Selection, *, term: str, doc_ids: Sequence[str], limit: int) -> Rows:
    """Keyword in context: ``term`` as a whole word, ignoring case, in the selected documents among ``doc_ids``."""
    rows = focus.search(narrow(tables, doc_ids), term)
    return Rows(rows.head(limit), len(rows))


def _corpus_search_examples(tables: Tables) -> list[dict[str, Any]]:
    text = str(tables.documents["text"].iloc[0])
    common = max(text_search.words(text), key=lambda w: (text.lower().count(w), w))
    phrase = " ".join(text.split()[10:12])
    terms = [common, common.upper(), phrase, "nothing-like-this", "x' OR '1'='1", "%", "  "]
    return [{"term": term, "limit": limit} for term in terms for limit in (1_000, 3)]


@question(focus.CONTEXT_COLUMNS, examples=_corpus_search_examples)
def corpus_search(tables: Tables, selection: Selection, *, term: str, limit: int) -> Hits:
    """Keyword in context of ``term`` (a word or phrase, whole words, ignoring case) across the selection: its first
    ``limit`` lines in corpus order, and how many documents hold it (``dashboard.store.search``)."""
    cleaned = text_search.clean_term(term)
    if cleaned is None:
        return text_search.nothing()
    documents = tables.documents[text_search.candidates(tables.documents, cleaned)]
    doc_ids = documents["doc_id"].tolist()
    batches = (text_search.of_tables(tables, batch) for batch in text_search.batched(doc_ids, size=text_search.BATCH))
    return text_search.scan(batches, cleaned, limit=limit, n_candidates=len(doc_ids))


@question(DOCUMENT_COLUMNS, examples=({"limit": 10_000}, {"limit": 0}))
def documents(tables: Tables, selection: Selection, *, limit: int) -> Rows:
    """The first ``limit`` selected documents in corpus order, and how many there are."""
    rows = tables.documents[DOCUMENT_COLUMNS].head(limit).reset_index(drop=True)
    return Rows(rows, len(tables.documents))
