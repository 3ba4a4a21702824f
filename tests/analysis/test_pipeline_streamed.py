"""A build from files a chunk of documents at a time (the command line's) makes the tables that the
in-memory build makes, even when what looks across documents (merged spellings, the corpus' focus
for places, aliases, the outlet mix) spans chunks."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import replace

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis import Settings, SettingsError, load_corpus
from analysis.cache import ResultCache
from analysis.pipeline import build, build_files
from analysis.storage import read_manifest, read_tables
from bench.make_corpus import Writer

FIRST = "Haji Namazov told reporters in Ganja that the talks on the Lachin corridor would go on."
LAST = "Hagi Namazov said in Ganja on Monday that the Lachin corridor was open again. Namazov left for Baku."
ADDED = "Haji Namazov told Sputnik in Baku that the border talks with Yerevan would resume in Ganja next week."


@pytest.fixture(scope="module")
def folder(tmp_path_factory, gazetteer):
    """Generated articles in three files, a spelling variant in the first and the last article, a text
    repeated under another id, an id repeated across files, an alias file and a file that cannot be read."""
    root = tmp_path_factory.mktemp("streamed") / "articles"
    root.mkdir()
    writer = Writer(random.Random(5), words=90, gazetteer=gazetteer)
    articles = [writer.article(i) for i in range(45)]
    articles[0]["text"] = FIRST + "\n\n" + str(articles[0]["text"])
    articles[-1]["text"] = LAST + "\n\n" + str(articles[-1]["text"])
    articles[30] = {**articles[30], "text": articles[3]["text"]}
    articles[31] = {**articles[31], "id": articles[2]["id"]}
    for number, start in enumerate(range(0, 45, 15)):
        lines = (json.dumps(a, ensure_ascii=False) for a in articles[start : start + 15])
        (root / f"part-{number}.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (root / "broken.jsonl").write_bytes(b"\x00\x01\x02" * 50)
    (root / "aliases.csv").write_text("variant,canonical\nGanja,Gəncə\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def settings(folder):
    return Settings(aliases=folder / "aliases.csv")


@pytest.fixture(scope="module")
def in_memory(folder, settings, nlp, gazetteer):
    return build(load_corpus(folder, settings=settings), settings, nlp=nlp, gazetteer=gazetteer).tables


def same_tables(a, b):
    for name, frame in a.as_dict().items():
        pd.testing.assert_frame_equal(frame, getattr(b, name), obj=name)


def test_a_build_from_files_in_chunks_makes_the_tables_of_the_in_memory_build(
    folder, settings, in_memory, nlp, gazetteer, tmp_path
):
    out = tmp_path / "out"
    reported, reported_before_progress = [], []
    written = build_files(
        [folder], out, settings, nlp=nlp, gazetteer=gazetteer, chunk=4,
        rejected=reported.append, progress=lambda done, total: reported_before_progress.append(len(reported)),
    )  # fmt: skip
    same_tables(read_tables(out), in_memory)
    assert pq.ParquetFile(out / "mentions.parquet").num_row_groups > 5, (
        "the tables must have been written a chunk at a time"
    )
    assert written.counts == {**in_memory.counts()}
    assert read_manifest(out)["counts"] == {**in_memory.counts(), "inputs": 45 + 1}
    assert [e.source for e in written.errors] == ["articles/broken.jsonl"]
    assert reported == list(written.errors) and reported_before_progress[0] == 1, (
        "a rejected input is reported before the analysis"
    )
    # What spans chunks happened: the variant in the last chunk joined the first's spelling, the alias applied.
    mentions = in_memory.mentions
    spellings = mentions[mentions["surface"].isin(["Haji Namazov", "Hagi Namazov"])]
    assert set(spellings["surface"]) == {"Haji Namazov", "Hagi Namazov"} and spellings["entity"].nunique() == 1
    assert "Gəncə" in set(in_memory.mentions["entity"]) and in_memory.documents["doc_id"].is_unique
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"{name}.parquet" for name in in_memory.as_dict()), "manifest.json"]
    )


def test_a_rebuild_from_the_cache_parses_nothing_and_makes_the_same_tables(
    folder, settings, in_memory, nlp, gazetteer, tmp_path
):
    with ResultCache(tmp_path / "results.sqlite") as cache:
        first = build_files([folder], tmp_path / "first", settings, cache=cache, nlp=nlp, gazetteer=gazetteer, chunk=7)
        again = build_files([folder], tmp_path / "again", settings, cache=cache, nlp=nlp, gazetteer=gazetteer, chunk=7)
    # 45 rows, one text twice: 44 distinct texts.
    assert first.computed == {"entities": 44, "keywords": 44} and first.reused == {"entities": 0, "keywords": 0}
    assert again.computed == {"entities": 0, "keywords": 0} and again.reused == {"entities": 44, "keywords": 44}
    same_tables(read_tables(tmp_path / "again"), in_memory)


def test_an_unchanged_rebuild_does_nothing_and_every_kind_of_change_rebuilds(
    folder, settings, nlp, gazetteer, tmp_path
):
    corpus = tmp_path / "articles"
    shutil.copytree(folder, corpus)
    out = tmp_path / "out"

    def rebuild(changed: Settings | None = None, reported: list | None = None):
        with ResultCache(tmp_path / "results.sqlite") as cache:
            return build_files(
                [corpus], out, changed or replace(settings, aliases=corpus / "aliases.csv"),
                cache=cache, nlp=nlp, gazetteer=gazetteer, chunk=7,
                rejected=None if reported is None else reported.append,
            )  # fmt: skip

    def stamps() -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in out.glob("*.parquet")}

    first = rebuild()
    before, reported = stamps(), []
    again = rebuild(reported=reported)
    assert not first.up_to_date and again.up_to_date
    assert stamps() == before, "an unchanged corpus must rewrite nothing"
    assert again.counts == first.counts and again.errors == first.errors and reported == list(first.errors), (
        "rejected inputs are still reported"
    )

    part = corpus / "part-2.jsonl"
    part.write_text(part.read_text(encoding="utf-8").replace("on Monday", "on Tuesday", 1), encoding="utf-8")
    assert not rebuild().up_to_date
    assert read_tables(out).documents["text"].str.contains("on Tuesday").any()

    (corpus / "aliases.csv").write_text("variant,canonical\nGanja,Ganja City\n", encoding="utf-8")
    assert not rebuild().up_to_date
    tables = read_tables(out)
    renamed = tables.documents.loc[
        tables.documents["doc_id"].isin(tables.mentions.loc[tables.mentions["entity"] == "Ganja City", "doc_id"])
    ]
    assert len(renamed) > 0
    assert read_manifest(out)["cache"]["quotes"]["computed"] == renamed["text"].nunique(), (
        "quotes are found again only where the alias renamed someone"
    )

    fewer = rebuild(replace(settings, aliases=corpus / "aliases.csv", keyword_top=3))
    assert not fewer.up_to_date and read_tables(out).keywords.groupby("doc_id").size().max() == 3
    assert read_manifest(out)["cache"]["quotes"]["computed"] == 0, "keywords change no quote"

    assert not rebuild().up_to_date and rebuild().up_to_date
    (out / "keywords.parquet").write_bytes(b"PAR1")
    assert not rebuild().up_to_date, "a damaged table is rebuilt"
    assert len(read_tables(out).keywords) == first.counts["keywords"]


def test_a_document_added_to_a_cached_build_is_the_only_one_analysed_and_the_tables_are_those_of_a_fresh_build(
    folder, settings, nlp, gazetteer, tmp_path
):
    corpus = tmp_path / "articles"
    shutil.copytree(folder, corpus)
    grown = replace(settings, aliases=corpus / "aliases.csv")
    with ResultCache(tmp_path / "results.sqlite") as cache:
        build_files([corpus], tmp_path / "out", grown, cache=cache, nlp=nlp, gazetteer=gazetteer, chunk=7)
        assert namazov(read_tables(tmp_path / "out")) == {"Hagi Namazov"}
        (corpus / "part-3.jsonl").write_text(json.dumps({"id": "added", "text": ADDED}), encoding="utf-8")
        added = build_files([corpus], tmp_path / "out", grown, cache=cache, nlp=nlp, gazetteer=gazetteer, chunk=7)
    fresh = build_files([corpus], tmp_path / "fresh", grown, nlp=nlp, gazetteer=gazetteer, chunk=7)
    assert added.computed == {"entities": 1, "keywords": 1} and added.reused == {"entities": 44, "keywords": 44}
    assert added.counts == fresh.counts and fresh.counts["documents"] == 46
    tables = read_tables(tmp_path / "out")
    same_tables(tables, read_tables(tmp_path / "fresh"))
    # The added spelling is now the most used: the first and last articles' Namazov is renamed too.
    assert namazov(tables) == {"Haji Namazov"}
    quotes = read_manifest(tmp_path / "out")["cache"]["quotes"]
    assert quotes["computed"] + quotes["reused"] == 46 and 3 <= quotes["computed"] < 10, (
        "the other documents' quotes come from the cache"
    )


def namazov(tables) -> set[str]:
    """Who the two spellings of Namazov's name are taken for."""
    mentions = tables.mentions
    return set(mentions.loc[mentions["surface"].isin(["Haji Namazov", "Hagi Namazov"]), "entity"])


def test_nothing_is_written_when_no_document_loads(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    written = build_files([tmp_path / "empty.txt"], tmp_path / "out")
    assert written.counts["documents"] == 0 and [e.reason for e in written.errors] == ["empty file"]
    assert list((tmp_path / "out").iterdir()) == []


def test_a_chunk_of_no_documents_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="`chunk` = 0"):
        build_files([tmp_path], tmp_path / "out", chunk=0)
