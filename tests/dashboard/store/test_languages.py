"""The language filter: both stores keep the same documents of a mixed-language corpus, for every question."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from analysis import Tables, read_tables, write_tables
from analysis.pipeline import analyze
from analysis.types import Corpus, Document
from dashboard.filters import Filters
from dashboard.focus import Focus
from dashboard.store import Selection
from dashboard.store import questions as q
from dashboard.store.duck import DuckStore
from dashboard.store.memory import MemoryStore
from dashboard.store.questions import QUESTIONS
from tests.dashboard.store.test_store import ask_both, same


@pytest.fixture(scope="module")
def mixed_stores(synthetic_build, tmp_path_factory):
    """The synthetic corpus with every third document said to be in Russian and a few in no known language."""
    tables = read_tables(synthetic_build)
    documents = tables.documents.copy()
    documents["language"] = "en"
    documents.loc[documents.index % 3 == 0, "language"] = "ru"
    documents.loc[documents.index % 17 == 0, "language"] = None
    frames = {**tables.as_dict(), "documents": documents}
    out = tmp_path_factory.mktemp("mixed-languages")
    build = write_tables(Tables.from_frames(frames), out / "build", manifest={"inputs": ["test"]})
    return MemoryStore(read_tables(build)), DuckStore(build)


def _selections(memory: MemoryStore) -> list[Selection]:
    tables = memory.tables
    documents = tables.documents
    outlet = documents["outlet"].value_counts().index[0]
    entity = tables.mentions["entity"].value_counts().index[0]
    middle = documents["published"].dropna().sort_values().iloc[len(documents) // 2].date()
    docs = tuple(documents["doc_id"].iloc[[0, 1, 2, 3]])
    return [
        Selection(Filters(languages=("ru",))),
        Selection(Filters(languages=("en", "ru"))),
        Selection(Filters(languages=("ru",), outlets=(outlet,))),
        Selection(Filters(languages=("ru",), date_from=middle, undated=True)),
        Selection(Filters(languages=("en",), docs=docs)),
        Selection(Filters(languages=("ru",), labels=("PERSON",), min_mentions=2)),
        Selection(Filters(languages=("ru",)), Focus("entity", entity)),
    ]


def test_both_stores_offer_the_corpus_languages(mixed_stores):
    memory, duckdb = mixed_stores
    assert memory.catalog().languages == duckdb.catalog().languages == ("en", "ru")


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_both_stores_answer_every_question_alike_for_a_language(mixed_stores, name):
    memory, duckdb = mixed_stores
    ask_both(memory, duckdb, _selections(memory), [QUESTIONS[name]], memory.tables)


def test_a_language_keeps_exactly_its_documents(mixed_stores):
    memory, duckdb = mixed_stores
    documents = memory.tables.documents
    russian = (documents["language"] == "ru").sum()
    for store in (memory, duckdb):
        assert store.ask(q.counts, Selection(Filters(languages=("ru",)))).docs == russian
        assert (
            store.ask(q.counts, Selection(Filters(languages=("en", "ru")))).docs == documents["language"].notna().sum()
        )


def test_the_naming_table_shows_each_script_of_one_place_in_both_stores(mixed_stores, tmp_path):
    """A place written in Cyrillic in the Russian documents and in Latin letters in the others is one place whose
    names the Naming table lists side by side, by outlet, alike in both stores."""
    memory, _ = mixed_stores
    tables = memory.tables
    places = tables.places.copy()
    place = places["place_id"].dropna().value_counts().index[0]
    russian = set(tables.documents.loc[tables.documents["language"] == "ru", "doc_id"])
    cyrillic = (places["place_id"] == place) & places["doc_id"].isin(russian)
    places.loc[cyrillic, ["surface", "form"]] = "Ханкенди"
    frames = {**tables.as_dict(), "places": places}
    build = write_tables(Tables.from_frames(frames), tmp_path / "scripts", manifest={"inputs": ["test"]})
    both = MemoryStore(read_tables(build)), DuckStore(build)
    answers = [store.ask(q.naming_table, Selection(), limit=None) for store in both]
    same(*answers)
    name = places.loc[places["place_id"] == place, "name"].iloc[0]
    written = set(answers[0].loc[answers[0]["place"] == name, "written as"])
    assert "Ханкенди" in written and len(written) >= 2
    russian_only = both[1].ask(q.naming_table, Selection(Filters(languages=("ru",))), limit=None)
    assert set(russian_only.loc[russian_only["place"] == name, "written as"]) <= {"Ханкенди"}


@pytest.fixture(scope="module")
def inflected_build(nlp, gazetteer, tmp_path_factory):
    """A Russian outlet writing Степанакерт in three cases, and an English one writing Stepanakert, Khankendi and
    the U.S., built by the pipeline."""
    documents = (
        Document(
            doc_id="ru-1",
            source="ru-1",
            outlet="Sputnik Армения",
            text="Жители Степанакерта вышли на улицы. В Степанакерте прошёл митинг. "
            "Степанакерт готовится к зиме, сообщили в Ереване.",
        ),
        Document(
            doc_id="ru-2",
            source="ru-2",
            outlet="Sputnik Армения",
            text="Делегация из Еревана прибыла в Степанакерт. Переговоры о Степанакерте продолжатся.",
        ),
        Document(
            doc_id="en-1",
            source="en-1",
            outlet="JAMnews",
            text="Residents of Stepanakert, which Azerbaijan calls Khankendi, met a U.S. envoy in Yerevan. "
            "The U.S. said talks on Khankendi would go on.",
        ),
    )
    tables = analyze(Corpus(documents=documents), nlp=nlp, gazetteer=gazetteer)
    return write_tables(tables, tmp_path_factory.mktemp("inflected") / "build", manifest={"inputs": ["test"]})


def test_a_russian_names_cases_are_one_name_in_the_naming_view_of_both_stores(inflected_build):
    """Степанакерта, Степанакерте and Степанакерт are one name, one row per outlet; the sentences still show them
    as written."""
    tables = read_tables(inflected_build)
    russian = tables.places[tables.places["doc_id"].str.startswith("ru-")]
    assert set(russian["surface"]) >= {"Степанакерта", "Степанакерте", "Степанакерт"}, russian[["surface", "form"]]
    both = MemoryStore(tables), DuckStore(inflected_build)
    naming = [store.ask(q.naming, Selection(), by="outlet", max_places=None).rows for store in both]
    same(*naming)
    rows = naming[0]
    place = russian.loc[russian["surface"] == "Степанакерта", "place_id"].iloc[0]
    cyrillic = rows[(rows["place_id"] == place) & rows["written"].str.contains("Степанакерт")]
    assert list(cyrillic["written"]) == ["Степанакерт"], rows
    assert int(cyrillic["n"].iloc[0]) == (russian["place_id"] == place).sum()
    tables_ = [store.ask(q.naming_table, Selection(), limit=None) for store in both]
    same(*tables_)
    assert not tables_[0]["written as"].isin(["Степанакерта", "Степанакерте"]).any()


def test_english_place_names_keep_their_surface_as_their_form(inflected_build):
    places = read_tables(inflected_build).places
    english = places[places["doc_id"] == "en-1"]
    assert {"Stepanakert", "Khankendi"} <= set(english["surface"])
    assert english["surface"].str.startswith("U.S").any()
    assert (english["form"] == english["surface"]).all(), english[["surface", "form"]]


def test_a_build_written_before_language_and_form_opens_in_both_stores_alike(inflected_build, tmp_path):
    """A build from before ``documents.language`` and ``places.form`` existed is not refused: its languages read as
    unknown and its places are named as written, in the DuckDB store as in the pandas one."""
    old = tmp_path / "old-build"
    shutil.copytree(inflected_build, old)
    for name, column in (("documents", "language"), ("places", "form")):
        table = pq.read_table(old / f"{name}.parquet")
        pq.write_table(table.drop_columns([column]), old / f"{name}.parquet")
    both = MemoryStore(read_tables(old)), DuckStore(old)
    assert both[0].catalog().languages == both[1].catalog().languages == ()
    naming = [store.ask(q.naming, Selection(), by="outlet", max_places=None).rows for store in both]
    same(*naming)
    assert {"Степанакерта", "Степанакерте", "Степанакерт"} <= set(naming[0]["written"])


def test_a_demonym_is_no_name_of_its_place_in_the_naming_view(nlp, gazetteer, tmp_path):
    """A demonym ("Armenian officials") puts Armenia on the map, but nobody chose "Armenian" as a name for Armenia:
    the Naming view, in both stores, lists only the names the place itself was written with."""
    documents = (
        Document(
            doc_id="d1",
            source="d1",
            outlet="JAMnews",
            text="Armenian officials met in Yerevan on Monday. Armenia said the talks would go on. "
            "Residents of Stepanakert, which Azerbaijan calls Khankendi, waited.",
        ),
    )
    tables = analyze(Corpus(documents=documents), nlp=nlp, gazetteer=gazetteer)
    rules = tables.places.set_index("surface")["rule"]
    assert rules.get("Armenian", "").startswith("a demonym"), tables.places[["surface", "rule"]]
    build = write_tables(tables, tmp_path / "build", manifest={"inputs": ["test"]})
    both = MemoryStore(read_tables(build)), DuckStore(build)
    naming = [store.ask(q.naming, Selection(), by="outlet", max_places=None).rows for store in both]
    same(*naming)
    assert "Armenian" not in set(naming[0]["written"]), naming[0]
    assert {"Stepanakert", "Khankendi"} <= set(naming[0]["written"]), naming[0]
