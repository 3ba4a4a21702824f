"""The per-document result cache, through real builds of the seeds: what a rebuild parses again, and
that tables built partly from the cache are the tables a fresh build makes."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pandas as pd
import pytest

from analysis import Corpus, Settings, load_bytes, load_corpus
from analysis.cache import ResultCache
from analysis.per_document import ENTITIES, KEYWORDS, part_fingerprints
from analysis.pipeline import build
from tests.conftest import SEEDS

NEW_ARTICLE = b"Talks on the Lachin corridor resumed in Brussels on Monday, Toivo Klaar told reporters in Baku."


def same_tables(a, b):
    for name, frame in a.as_dict().items():
        pd.testing.assert_frame_equal(frame, getattr(b, name), obj=name)


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def first_build(seeds, nlp, gazetteer, tmp_path_factory):
    """The cache a first build of the seeds leaves (closed), and that build."""
    path = tmp_path_factory.mktemp("first") / "results.sqlite"
    with ResultCache(path) as cache:
        result = build(seeds, cache=cache, nlp=nlp, gazetteer=gazetteer)
    return path, result


@pytest.fixture
def cache(first_build, tmp_path):
    """A copy of the first build's cache, for one test to extend."""
    path = tmp_path / "results.sqlite"
    shutil.copy(first_build[0], path)
    with ResultCache(path) as opened:
        yield opened


def test_a_first_build_parses_every_document_once_and_stores_it(first_build, seeds):
    path, result = first_build
    assert result.computed == {ENTITIES: 5, KEYWORDS: 5}
    assert result.reused == {ENTITIES: 0, KEYWORDS: 0}
    fingerprints = part_fingerprints(Settings())
    with ResultCache(path) as cache:
        assert cache.count(ENTITIES, fingerprints[ENTITIES]) == cache.count(KEYWORDS, fingerprints[KEYWORDS]) == 5


def test_an_unchanged_rebuild_parses_nothing_and_makes_the_same_tables(cache, seeds, seeds_tables, gazetteer):
    # No model is passed: a build with nothing to parse never needs one.
    result = build(seeds, cache=cache, gazetteer=gazetteer)
    assert result.computed == {ENTITIES: 0, KEYWORDS: 0}
    assert result.reused == {ENTITIES: 5, KEYWORDS: 5}
    same_tables(result.tables, seeds_tables)


def test_an_added_document_is_the_only_one_parsed(cache, seeds, nlp, gazetteer):
    grown = Corpus.concat([seeds, load_bytes("brussels.txt", NEW_ARTICLE)])
    result = build(grown, cache=cache, nlp=nlp, gazetteer=gazetteer)
    assert result.computed == {ENTITIES: 1, KEYWORDS: 1}
    assert result.reused == {ENTITIES: 5, KEYWORDS: 5}
    same_tables(result.tables, build(grown, nlp=nlp, gazetteer=gazetteer).tables)
    assert "Brussels" in set(result.tables.places["surface"])


def test_renamed_documents_are_not_parsed_again(cache, seeds, gazetteer):
    renamed = Corpus(documents=tuple(replace(d, doc_id=f"renamed-{d.doc_id}") for d in seeds.documents))
    result = build(renamed, cache=cache, gazetteer=gazetteer)
    assert result.computed == {ENTITIES: 0, KEYWORDS: 0}
    assert set(result.tables.documents["doc_id"]) == {d.doc_id for d in renamed.documents}


def test_a_keyword_setting_recomputes_keywords_and_no_entities(cache, seeds, seeds_tables, nlp, gazetteer):
    result = build(seeds, Settings(keyword_top=5), cache=cache, nlp=nlp, gazetteer=gazetteer)
    assert result.computed == {ENTITIES: 0, KEYWORDS: 5}
    assert result.tables.keywords.groupby("doc_id").size().max() == 5
    pd.testing.assert_frame_equal(result.tables.mentions, seeds_tables.mentions)


def test_an_entity_setting_reparses_and_keeps_the_keywords(cache, seeds, seeds_tables, nlp, gazetteer):
    no_groups = Settings(labels=("PERSON", "ORG", "GPE", "LOC", "FAC"))
    result = build(seeds, no_groups, cache=cache, nlp=nlp, gazetteer=gazetteer)
    assert result.computed == {ENTITIES: 5, KEYWORDS: 0}
    assert "NORP" in set(seeds_tables.mentions["label"]) and "NORP" not in set(result.tables.mentions["label"])
    # YAKE's candidates come from the cache; which of them are fragments of names follows the new entities,
    # exactly as in a build without a cache.
    fresh = build(seeds, no_groups, nlp=nlp, gazetteer=gazetteer).tables
    pd.testing.assert_frame_equal(result.tables.keywords, fresh.keywords)


def test_aliases_and_place_overrides_apply_without_parsing_again(cache, seeds, gazetteer, tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("variant,canonical\nToivo Klaar,Toivo Klaar (EU envoy)\n", encoding="utf-8")
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("name,place_id\nGyumri,geonames:3034977\n", encoding="utf-8")
    result = build(seeds, Settings(aliases=aliases, place_overrides=overrides), cache=cache, gazetteer=gazetteer)
    assert result.computed == {ENTITIES: 0, KEYWORDS: 0}
    mentions, places = result.tables.mentions, result.tables.places
    assert set(mentions.loc[mentions["surface"] == "Toivo Klaar", "entity"]) == {"Toivo Klaar (EU envoy)"}
    assert set(places.loc[places["surface"] == "Gyumri", "rule"]) == {"override file"}
