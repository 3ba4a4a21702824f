"""The two stores give the same answers: pandas in memory and DuckDB over the stored Parquet files.

Every question of the registry (``dashboard.store.questions.QUESTIONS``) is put to both
backends for the same selections (filters, focus, and combinations): with all its examples for
one selection of each kind (``EVERY_KIND``), on the analysed seeds and on a small synthesised
corpus written as a large one is (row groups, clustered by outlet and date); and on the
synthesised corpus with one example in turn for each of the others (``MORE``). A new question
is tested here without a new test. Also: the DuckDB store reads only the row groups a document
list needs, and values from the URL reach SQL only as bound parameters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pandas as pd
import pytest

from analysis import Tables, read_tables, write_tables
from analysis.sources import UNKNOWN
from bench.make_tables import synthesise
from dashboard.filters import Filters
from dashboard.focus import Focus
from dashboard.store import Selection, Store, open_build
from dashboard.store import questions as q
from dashboard.store.base import Question
from dashboard.store.duck import DuckStore, build_index, index_path
from dashboard.store.duck import questions as duck_questions
from dashboard.store.duck.index import COUNT_TABLES, DICTIONARIES
from dashboard.store.memory import MemoryStore
from dashboard.store.questions import QUESTIONS
from tests.dashboard.conftest import SYNTHETIC_ARTICLES

HOSTILE = ["x' OR '1'='1", "'; DROP TABLE docs; --", "\\", "%", "_", "Robert'); DROP TABLE mentions;--"]


@pytest.fixture(scope="module")
def seeds_stores(seeds_build) -> tuple[MemoryStore, DuckStore]:
    return MemoryStore(read_tables(seeds_build)), DuckStore(seeds_build)


@pytest.fixture(scope="module")
def synthetic_stores(synthetic_build) -> tuple[MemoryStore, DuckStore]:
    """One pair of stores for the module's tests of the synthesised corpus: opening the index is done once."""
    return MemoryStore(read_tables(synthetic_build)), DuckStore(synthetic_build)


@pytest.fixture(scope="module", params=["seeds", "synthetic"])
def stores(request) -> tuple[MemoryStore, DuckStore]:
    return request.getfixturevalue(f"{request.param}_stores")


@dataclasses.dataclass(frozen=True)
class Picks:
    """The values of a corpus that selections name: its smallest and biggest outlet, its most mentioned entity,
    person, place, keyword and voice, three documents, and its first, middle and last day."""

    small: str
    big: str
    entity: str
    person: str
    place: str
    keyword: str
    speaker: str
    docs: tuple[str, ...]
    first: dt.date
    middle: dt.date
    last: dt.date


def picks(tables: Tables) -> Picks:
    documents = tables.documents
    outlets = documents["outlet"].value_counts()
    credited = tables.quotes["speaker_entity"].fillna(tables.quotes["speaker"])
    dated = documents["published"].dropna().sort_values()
    return Picks(
        small=outlets.index[-1],
        big=outlets.index[0],
        entity=tables.mentions["entity"].value_counts().index[0],
        person=tables.mentions.loc[tables.mentions["label"] == "PERSON", "entity"].value_counts().index[0],
        place=tables.places["place_id"].dropna().value_counts().index[0],
        keyword=tables.keywords["keyword"].value_counts().index[0],
        speaker=credited[credited != "unattributed"].value_counts().index[0],
        docs=tuple(documents["doc_id"].iloc[[0, len(documents) // 2, len(documents) - 1]]),
        first=dated.iloc[0].date(),
        middle=dated.iloc[len(dated) // 2].date(),
        last=dated.iloc[-1].date(),
    )


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# Every kind of filter and of focus, and every way the DuckDB store resolves a selection (per outlet, per date group
# with the counts of all outlets together or of some, with entity types and a minimum count, per document, nothing):
# each asked with every example of every question.
EVERY_KIND: dict[str, Callable[[Picks], Selection]] = {
    "everything": lambda p: Selection(),
    "one-outlet": lambda p: Selection(Filters(outlets=(p.small,))),
    "from-a-date": lambda p: Selection(Filters(date_from=p.middle)),
    "dates-of-one-outlet": lambda p: Selection(
        Filters(date_from=p.first + days(20), date_to=p.middle, outlets=(p.big,))
    ),
    "types": lambda p: Selection(Filters(labels=("PERSON", "GPE"))),
    "type-count-outlet": lambda p: Selection(Filters(labels=("GPE",), min_mentions=2, outlets=(p.big,))),
    "documents": lambda p: Selection(Filters(docs=p.docs)),
    "from-a-date-and-undated": lambda p: Selection(Filters(date_from=p.middle, undated=True)),
    "entity": lambda p: Selection(focus=Focus("entity", p.entity)),
    "place-type-count": lambda p: Selection(Filters(labels=("GPE",), min_mentions=2), Focus("place", p.place)),
    "keyword-shouted-from-a-date": lambda p: Selection(
        Filters(date_from=p.middle), Focus("keyword", p.keyword.upper())
    ),
    "speaker-outlet-type": lambda p: Selection(
        Filters(outlets=(p.big,), labels=("PERSON",)), Focus("speaker", p.speaker)
    ),
    "nobody": lambda p: Selection(focus=Focus("entity", "nobody at all")),
}
# More of each kind and combinations: date ranges of a few days, most of the corpus from mid-month to mid-month,
# open-ended, none; mid-month starts and ends around whole months, quarters and years, of every outlet (their counts
# summed for all outlets together) or of some, with type and frequency filters and a focus. Each asked with one
# example of every question, the next example for the next selection: every question meets every selection, and
# its examples meet these in turn.
MORE: dict[str, Callable[[Picks], Selection]] = {
    "two-outlets": lambda p: Selection(Filters(outlets=(p.small, p.big))),
    "to-a-date": lambda p: Selection(Filters(date_to=p.middle)),
    "count": lambda p: Selection(Filters(min_mentions=3)),
    "documents-of-an-outlet": lambda p: Selection(Filters(docs=p.docs, outlets=(p.big,))),
    "person-of-an-outlet": lambda p: Selection(Filters(outlets=(p.small,)), Focus("entity", p.person)),
    "entity-of-a-type": lambda p: Selection(Filters(labels=("PERSON",)), Focus("entity", p.entity)),
    "place": lambda p: Selection(focus=Focus("place", p.place)),
    "keyword": lambda p: Selection(focus=Focus("keyword", p.keyword)),
    "speaker": lambda p: Selection(focus=Focus("speaker", p.speaker)),
    "a-few-days": lambda p: Selection(Filters(date_from=p.middle, date_to=p.middle + days(3))),
    "most-days": lambda p: Selection(Filters(date_from=p.first + days(40), date_to=p.last - days(40))),
    "from-mid-month": lambda p: Selection(Filters(date_from=p.first + days(45))),
    "from-mid-month-type-count": lambda p: Selection(
        Filters(date_from=p.first + days(45), labels=("PERSON",), min_mentions=2)
    ),
    "before-the-first-day": lambda p: Selection(Filters(date_to=p.first - days(1))),
    "entity-from-a-date-of-an-outlet-and-undated": lambda p: Selection(
        Filters(date_from=p.middle, outlets=(p.big,), undated=True), Focus("entity", p.entity)
    ),
    "documents-to-a-date-and-undated": lambda p: Selection(Filters(docs=p.docs, date_to=p.middle, undated=True)),
    "mid-month-to-mid-month": lambda p: Selection(Filters(date_from=p.first + days(17), date_to=p.last - days(12))),
    "mid-month-to-mid-month-type": lambda p: Selection(
        Filters(date_from=p.first + days(17), date_to=p.last - days(12), labels=("GPE",))
    ),
    "place-from-mid-month-count": lambda p: Selection(
        Filters(date_from=p.middle + days(9), min_mentions=2), Focus("place", p.place)
    ),
    "entity-to-mid-month": lambda p: Selection(Filters(date_to=p.last - days(12)), Focus("entity", p.entity)),
    "mid-month-to-middle-of-two-outlets": lambda p: Selection(
        Filters(date_from=p.first + days(17), date_to=p.middle, outlets=(p.small, p.big))
    ),
}


def plain(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """Rows as tuples of plain values (missing values as None, floats rounded), whatever the engine's dtypes."""

    def value(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
            return None
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, (list, tuple)) or getattr(v, "ndim", 0) == 1:
            return tuple(value(x) for x in v)
        if hasattr(v, "item"):
            return value(v.item())
        if isinstance(v, pd.Timestamp):
            return v.to_pydatetime().replace(tzinfo=None)
        return v

    return [tuple(value(v) for v in row) for row in frame.astype(object).itertuples(index=False)]


def same(memory: pd.DataFrame, duckdb: pd.DataFrame) -> None:
    assert list(memory.columns) == list(duckdb.columns)
    assert plain(memory) == plain(duckdb)


def agree(memory: object, duckdb: object, context: object) -> None:
    """The same answer: equal frames (see ``same``) and equal values, field by field of a record."""
    if isinstance(memory, pd.DataFrame):
        assert isinstance(duckdb, pd.DataFrame), context
        same(memory, duckdb)
    elif dataclasses.is_dataclass(memory):
        assert type(memory) is type(duckdb), context
        for field in dataclasses.fields(memory):
            agree(getattr(memory, field.name), getattr(duckdb, field.name), (context, field.name))
    else:
        assert memory == duckdb, context


def rows_of(answer: object) -> pd.DataFrame | None:
    """The rows an answer draws, if it has any."""
    if isinstance(answer, pd.DataFrame):
        return answer
    for name in ("rows", "points"):
        if isinstance(getattr(answer, name, None), pd.DataFrame):
            return getattr(answer, name)
    return None


def answer_alike(
    memory: Store, duckdb: Store, question: Question[Any], selection: Selection, options: dict[str, Any]
) -> None:
    """Both stores give the same answer; its rows have the question's columns."""
    mine, theirs = memory.ask(question, selection, **options), duckdb.ask(question, selection, **options)
    agree(mine, theirs, (question, selection, options))
    rows = rows_of(mine)
    assert rows is None or list(rows.columns) == list(question.columns), question


def ask_both(
    memory: Store, duckdb: Store, selections: Sequence[Selection], asked: Sequence[Question[Any]], tables: Tables
) -> None:
    """Both stores give the same answer to each of ``asked`` with each of its examples, for each of ``selections``."""
    for question in asked:
        for selection in selections:
            for options in question.examples(tables):
                answer_alike(memory, duckdb, question, selection, options)


def test_every_question_has_an_answer_in_sql():
    assert set(duck_questions.ANSWERS) == set(QUESTIONS)


@pytest.mark.parametrize(
    ("corpus", "name"),
    [(corpus, name) for corpus in ("seeds", "synthetic") for name in EVERY_KIND]
    + [("synthetic", name) for name in MORE],
)
def test_both_stores_answer_every_question_alike(request, corpus, name):
    """Every question of the registry, for one selection (so each store filters once for all of them): with all its
    examples for a selection of ``EVERY_KIND``, with one of them in turn for one of ``MORE``. ``MORE`` is asked of the
    synthesised corpus only: its date ranges are about many months and outlets, and DuckDB answers a user only for
    a corpus that large (the seeds are always held in memory)."""
    memory, duckdb = request.getfixturevalue(f"{corpus}_stores")
    tables = memory.tables
    selection = {**EVERY_KIND, **MORE}[name](picks(tables))
    turn = list(MORE).index(name) if name in MORE else None
    for question in QUESTIONS.values():
        examples = question.examples(tables)
        for options in examples if turn is None else [examples[turn % len(examples)]]:
            answer_alike(memory, duckdb, question, selection, options)


def test_a_timeline_counts_every_mention_and_every_document_of_the_selection(stores):
    memory, duckdb = stores
    tables = memory.tables
    entity = tables.mentions["entity"].value_counts().index[0]
    keyword = tables.keywords["keyword"].value_counts().index[0]
    dated = set(tables.documents.loc[tables.documents["published"].notna(), "doc_id"])
    mentions = tables.mentions[tables.mentions["doc_id"].isin(dated)]
    keywords = tables.keywords[tables.keywords["doc_id"].isin(dated)]
    counts = duckdb.ask(q.timeline, Selection(), entities=[entity], keywords=[keyword.upper()])
    assert list(dict.fromkeys(counts["term"])) == [entity, keyword.upper()]
    per_term = counts.groupby("term")["n"].sum()
    assert per_term[entity] == (mentions["entity"] == entity).sum()
    assert (
        per_term[keyword.upper()]
        == keywords.loc[keywords["keyword"].str.lower() == keyword.lower(), "doc_id"].nunique()
    )
    assert counts.groupby("term", sort=False)["period"].apply(lambda p: p.is_monotonic_increasing).all()


def test_voices_count_every_attributed_statement_of_the_selection(stores):
    memory, duckdb = stores
    quotes = memory.tables.quotes
    credited = quotes["speaker_entity"].fillna(quotes["speaker"])
    rows = duckdb.ask(q.voices, Selection(), top=1_000)
    assert "unattributed" not in set(rows["voice"])
    assert rows["n"].sum() == (credited.notna() & (credited != "unattributed")).sum()
    assert duckdb.ask(q.voice_kinds, Selection())["n"].sum() == quotes["kind"].notna().sum()
    assert duckdb.ask(q.statements, Selection(), limit=1).total == len(quotes)


def test_terms_per_outlet_count_every_mention_and_keyword_of_the_selection(stores):
    memory, duckdb = stores
    tables = memory.tables
    outlets = tables.documents.set_index("doc_id")["outlet"]
    big = outlets.value_counts().index[0]
    for kind, rows in (("entity", tables.mentions), ("keyword", tables.keywords)):
        counts = duckdb.ask(q.term_counts, Selection(), kind=kind)
        assert counts["n"].sum() == rows[kind].notna().sum()
        mine = duckdb.ask(q.term_counts, Selection(Filters(outlets=(big,))), kind=kind)
        expected = rows.loc[rows["doc_id"].map(outlets) == big, kind].value_counts()
        assert set(mine["group"]) == {big}
        assert dict(zip(mine["term"], mine["n"])) == expected.to_dict()


def test_terms_per_outlet_agree_over_spellings_types_and_missing_outlets(synthetic_build, tmp_path):
    """A keyword is counted as spelled (two spellings are two terms), an entity of two types as one term, and the
    documents without an outlet under the outlet shown for them."""
    tables = read_tables(synthetic_build)
    keywords = tables.keywords.copy()
    shouted = keywords.index % 5 == 0
    keywords.loc[shouted, "keyword"] = keywords.loc[shouted, "keyword"].str.upper()
    mentions = tables.mentions.copy()
    entity = mentions.loc[mentions["label"] == "PERSON", "entity"].value_counts().index[0]
    retyped = (mentions["entity"] == entity) & (mentions.index % 2 == 0)
    mentions.loc[retyped, "label"] = "ORG"
    documents = tables.documents.copy()
    documents.loc[documents.index % 9 == 0, "outlet"] = None
    frames = {**tables.as_dict(), "documents": documents, "mentions": mentions, "keywords": keywords}
    build = write_tables(Tables.from_frames(frames), tmp_path / "varied", manifest={"inputs": ["test"]})
    memory, duckdb = MemoryStore(read_tables(build)), DuckStore(build)
    for filters in (
        Filters(),
        Filters(outlets=(UNKNOWN,)),
        Filters(labels=("ORG",)),
        Filters(labels=("PERSON",), min_mentions=3),
    ):
        for kind in ("entity", "keyword"):
            same(
                memory.ask(q.term_counts, Selection(filters), kind=kind),
                duckdb.ask(q.term_counts, Selection(filters), kind=kind),
            )
    counts = duckdb.ask(q.term_counts, Selection(), kind="keyword")
    spelled = keywords.loc[shouted, "keyword"].iloc[0]
    assert {spelled, spelled.lower()} <= set(counts["term"])
    entities = duckdb.ask(q.term_counts, Selection(), kind="entity")
    assert entities.loc[entities["term"] == entity, "n"].sum() == (mentions["entity"] == entity).sum()
    assert UNKNOWN in set(entities["group"])


def test_a_capped_list_of_sentences_says_how_many_there_are(stores):
    memory, duckdb = stores
    entity = memory.tables.mentions["entity"].value_counts()
    selection = Selection(focus=Focus("entity", entity.index[0]))
    capped = duckdb.ask(q.contexts, selection, limit=3)
    assert len(capped.rows) == 3
    assert capped.total == entity.iloc[0] == memory.ask(q.contexts, selection, limit=3).total


def test_a_documents_rows_agree(stores):
    memory, duckdb = stores
    doc_id = memory.tables.documents["doc_id"].iloc[-1]
    for name, frame in memory.document(doc_id).as_dict().items():
        same(frame, duckdb.document(doc_id).as_dict()[name])


def test_frames_hold_the_filtered_tables(stores):
    memory, duckdb = stores
    chosen = [made(picks(memory.tables)) for made in EVERY_KIND.values()]
    for selection in [selection for selection in chosen if selection.focus is None]:
        mine, theirs = memory.frames(selection), duckdb.frames(selection, max_docs=100_000)
        assert mine.n_docs == theirs.n_docs
        for name in ("documents", "mentions", "places", "keywords", "sentences", "outlets"):
            same(getattr(mine.tables, name), getattr(theirs.tables, name))


def test_frames_of_a_large_store_are_capped_and_say_so(synthetic_stores):
    _, store = synthetic_stores
    frames = store.frames(Selection(), max_docs=25)
    assert len(frames.tables.documents) == 25 and frames.n_docs == SYNTHETIC_ARTICLES and frames.capped
    assert set(frames.tables.mentions["doc_id"]) <= set(frames.tables.documents["doc_id"])


def test_catalogs_agree(stores):
    memory, duckdb = stores
    assert memory.catalog() == duckdb.catalog()


def test_known_values_agree_and_hostile_values_name_nothing(stores):
    memory, duckdb = stores
    tables = memory.tables
    samples = {
        "doc": tables.documents["doc_id"].head(2).tolist(),
        "outlet": tables.documents["outlet"].dropna().head(2).tolist(),
        "label": ["PERSON", "GPE"],
        "entity": tables.mentions["entity"].head(2).tolist(),
        "place": tables.places["place_id"].dropna().head(2).tolist(),
        "keyword": tables.keywords["keyword"].head(2).tolist(),
        "speaker": tables.quotes["speaker_entity"].fillna(tables.quotes["speaker"]).dropna().head(2).tolist(),
    }
    for kind, values in samples.items():
        asked = [*values, *HOSTILE]
        assert duckdb.known(kind, asked) == memory.known(kind, asked) == set(values)


def test_hostile_filter_values_are_bound_not_spliced(synthetic_stores):
    _, store = synthetic_stores
    before = store.ask(q.counts, Selection())
    hostile = Selection(
        Filters(docs=tuple(HOSTILE), outlets=tuple(HOSTILE), labels=tuple(HOSTILE)), Focus("entity", HOSTILE[1])
    )
    assert store.ask(q.counts, hostile).docs == 0
    assert store.ask(q.documents, Selection(Filters(docs=tuple(HOSTILE))), limit=10).total == 0
    assert store.ask(q.search, Selection(), term=HOSTILE[0], doc_ids=HOSTILE, limit=10).total == 0
    assert store.ask(q.counts, Selection()) == before


def test_a_document_list_reads_only_the_row_groups_that_hold_it(synthetic_stores):
    _, store = synthetic_stores
    doc_id = store.ask(q.documents, Selection(), limit=1).rows["doc_id"].iloc[0]
    plan = store.explain_rows("mentions", doc_id)
    assert "Row Groups Scanned: 1 /" in plan


def test_the_index_is_built_once_and_rebuilt_when_the_tables_change(synthetic_build, tmp_path):
    first = build_index(synthetic_build)
    assert build_index(synthetic_build) == first
    copy = tmp_path / "copy"
    synthesise(read_tables(synthetic_build), copy, articles=50, seed=5, batch_docs=16)
    assert index_path(copy) != first
    assert DuckStore(copy).ask(q.counts, Selection()).docs == 50


def test_date_ranges_from_and_to_any_day_agree(synthetic_stores):
    """Ranges starting and ending on any day of a month, of every outlet: the index sums whole calendar spans and the
    days of the months they cover in part, for all outlets together, and must count each day once. Each range is
    asked whole; every third one also open at either end (an open end is the corpus's first or last day)."""
    memory, duckdb = synthetic_stores
    first, last = memory.catalog().date_bounds
    rng = random.Random(4)
    for drawn in range(25):
        start = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        end = start + dt.timedelta(days=rng.choice([1, 6, 13, 20, 45, 200, 500]))
        ranges = [Filters(date_from=start, date_to=end)]
        if drawn % 3 == 0:
            ranges += [Filters(date_from=start), Filters(date_to=end)]
        for filters in ranges:
            selection = Selection(filters)
            assert memory.ask(q.counts, selection) == duckdb.ask(q.counts, selection), filters
            same(memory.ask(q.entity_counts, selection, top=3), duckdb.ask(q.entity_counts, selection, top=3))
            same(
                memory.ask(q.keyword_panels, selection, by="corpus", top=5, max_groups=1).rows,
                duckdb.ask(q.keyword_panels, selection, by="corpus", top=5, max_groups=1).rows,
            )


def test_map_points_name_their_outlets_however_many_outlets_a_mask_word_holds(synthetic_build, monkeypatch):
    """The outlets naming a place come back as words of bits; a corpus of more outlets than a word holds gets
    several."""
    memory = MemoryStore(read_tables(synthetic_build))
    monkeypatch.setattr(duck_questions, "_MASK_BITS", 3)
    duckdb = DuckStore(synthetic_build)
    several = duckdb.ask(q.place_points, Selection()).points
    assert (
        len(memory.catalog().outlets) > 2 * duck_questions._MASK_BITS
        and several["outlets"].map(len).max() > duck_questions._MASK_BITS
    )
    for selection in (Selection(), Selection(Filters(outlets=memory.catalog().outlets[-2:]))):
        same(memory.ask(q.place_points, selection).points, duckdb.ask(q.place_points, selection).points)


def test_open_build_picks_the_backend_by_size(seeds_build, synthetic_build, monkeypatch):
    assert not open_build(seeds_build).large
    monkeypatch.setattr("dashboard.store.MEMORY_MAX_ROWS", 1_000)
    assert open_build(synthetic_build).large
    assert not open_build(synthetic_build, engine="memory").large


def test_an_empty_selection_answers_with_nothing(stores):
    memory, duckdb = stores
    nothing = Selection(focus=Focus("entity", "nobody at all"))
    for store in (memory, duckdb):
        assert store.ask(q.counts, nothing).docs == 0
        assert store.ask(q.entity_counts, nothing, top=5).empty
        assert store.ask(q.place_points, nothing).points.empty
        assert store.ask(q.keyword_panels, nothing, by="outlet", top=5, max_groups=5).rows.empty
        assert (
            store.ask(q.term_counts, nothing, kind="entity").empty
            and store.ask(q.term_counts, nothing, kind="keyword").empty
        )


def test_documents_dated_to_the_year_or_undated_agree_over_date_ranges(synthetic_build, tmp_path):
    """A document dated to the year only is kept by any range overlapping its year, so a range covering the year whole
    counts it with the year's other documents; an undated one is kept by no range."""
    tables = read_tables(synthetic_build)
    documents = tables.documents.copy()
    published = documents["published"]
    yearly = documents.index % 7 == 0
    documents.loc[yearly, "published"] = published[yearly] - pd.to_timedelta(
        published[yearly].dt.day_of_year - 1, unit="D"
    )
    documents.loc[yearly, "date_precision"] = "year"
    undated = documents.index % 11 == 0
    documents.loc[undated, "published"] = pd.NaT
    documents.loc[undated, "date_precision"] = None
    build = write_tables(
        Tables.from_frames({**tables.as_dict(), "documents": documents}),
        tmp_path / "yearly",
        manifest={"inputs": ["test"]},
    )
    memory, duckdb = MemoryStore(read_tables(build)), DuckStore(build)
    big = documents["outlet"].value_counts().index[0]
    ranges = [
        Filters(date_from=dt.date(2024, 1, 1)),
        Filters(date_from=dt.date(2023, 3, 5), date_to=dt.date(2024, 12, 31)),
        Filters(date_to=dt.date(2023, 6, 30)),
        Filters(date_from=dt.date(2023, 2, 10), date_to=dt.date(2023, 2, 20)),
        Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31), outlets=(big,)),
    ]
    assert yearly.any() and undated.any()
    dated = [q.counts, q.outlets, q.entity_counts, q.keyword_panels, q.place_points, q.documents, q.dating, q.timeline]
    ask_both(memory, duckdb, [Selection(filters) for filters in ranges], [*dated, q.term_counts], read_tables(build))


def test_the_index_holds_the_tables_its_registry_names_with_their_columns(synthetic_build):
    with duckdb.connect(str(build_index(synthetic_build)), read_only=True) as con:
        built = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert {t.name for t in COUNT_TABLES} | set(DICTIONARIES) == built
        for table in COUNT_TABLES:
            columns = [row[0] for row in con.execute(f"DESCRIBE {table.name}").fetchall()]
            assert ", ".join(columns) == table.columns, table.name
