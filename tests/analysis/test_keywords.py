from __future__ import annotations

import random

import pytest
import yake
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analysis import Settings, load_corpus
from analysis.keywords import make_extractor, topical_keywords
from bench.make_corpus import Writer
from tests.conftest import SEEDS
from tests.strategies import news_text


# What YAKE itself returns is the reference: the same keywords, in the same order, with the same
# scores to the last bit (repr), for every option a user can set.
def yake_reference(settings: Settings) -> yake.KeywordExtractor:
    return yake.KeywordExtractor(
        lan="en",
        n=settings.keyword_ngrams,
        dedup_lim=settings.keyword_dedup_lim,
        window_size=settings.keyword_window_size,
        top=settings.keyword_top,
    )


def exactly(pairs):
    return [(keyword, repr(float(score))) for keyword, score in pairs]


@pytest.fixture(scope="module")
def articles(gazetteer) -> list[str]:
    """The seeds and articles from the project's generator: shuffled seed sentences, new people and towns."""
    writer = Writer(random.Random(5), words=300, gazetteer=gazetteer)
    generated = [str(writer.article(i)["text"]) for i in range(40)]
    return [d.text for d in load_corpus(SEEDS).documents] + generated


def test_keywords_and_scores_are_yakes_on_the_seeds_and_generated_articles(articles):
    settings = Settings()
    ours, reference = make_extractor(settings), yake_reference(settings)
    for text in articles:
        assert exactly(ours.extract(text)) == exactly(reference.extract_keywords(text))


@pytest.mark.parametrize(
    "options",
    [
        {"keyword_ngrams": 1},
        {"keyword_ngrams": 5, "keyword_window_size": 3},
        {"keyword_top": 3, "keyword_dedup_lim": 0.5},
        {"keyword_dedup_lim": 1.0, "keyword_top": 50},
    ],
)
def test_every_option_gives_yakes_keywords(articles, options):
    settings = Settings(**options)
    ours, reference = make_extractor(settings), yake_reference(settings)
    for text in articles[:12]:
        assert exactly(ours.extract(text)) == exactly(reference.extract_keywords(text))


# Words that exercise every branch of YAKE's statistics: stopwords inside n-grams, plurals that
# share a term ("talks"/"talk"), acronyms, capitalised words mid-sentence, numbers, tokens mixing
# digits and letters, repeated neighbours, and punctuation that splits blocks and sentences.
WORDS = (
    "the", "of", "and", "in", "a", "to", "is", "Lachin", "corridor", "talks", "talk", "peace", "Peace",
    "OSCE", "NATO", "Baku", "Yerevan", "said", "very", "very", "2023", "1,000", "3.5", "COVID-19", "x1",
    "ministry", "ministries", "Ministry", "it's", "don't", "U.S.", "e-mail", "—", "-", ",", ".", ";", "!",
    "?", "(", ")", "“", "”", "'", "\n", "\n\n", "\t", "İstanbul", "Gyumri",
)  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.one_of(sentences, news_text), st.sampled_from([1, 2, 3]), st.sampled_from([1, 2]))
def test_arbitrary_text_gets_yakes_keywords(text, ngrams, window):
    settings = Settings(keyword_ngrams=ngrams, keyword_window_size=window)
    assert exactly(make_extractor(settings).extract(text)) == exactly(yake_reference(settings).extract_keywords(text))


def test_keywords_are_not_fragments_of_names_titles_or_the_outlet():
    candidates = [
        ("Prime Minister Nikol", 0.01),
        ("Armenian Prime", 0.02),
        ("Ilham Aliyev met", 0.03),
        ("Azernews reports", 0.04),
        ("Lachin corridor", 0.05),
        ("World Council", 0.06),
        ("Nikol Pashinyan", 0.07),
        ("CSTO military bloc", 0.08),
        ("Churches urge lifting", 0.09),
        ("wake of Prime", 0.10),
        ("Pashinyan government", 0.11),
        ("border", 0.12),
    ]
    kept = topical_keywords(
        candidates,
        doc_id="a",
        top=4,
        persons=["Nikol Pashinyan", "Ilham Aliyev"],
        organisations=["World Council of Churches", "CSTO"],
        groups=["Armenian"],
        outlet_names=["AzerNews", "Azernews", "azernews.az"],
    )
    expected = ["Lachin corridor", "Nikol Pashinyan", "CSTO military bloc", "Pashinyan government"]
    assert [k.keyword for k in kept] == expected
    assert [k.rank for k in kept] == [1, 2, 3, 4] and kept[0].weight == 1.0 and kept[-1].weight == 0.25


def test_the_corpus_stage_keeps_the_configured_number_of_keywords(seeds_tables):
    per_doc = seeds_tables.keywords.groupby("doc_id")["rank"].agg(["count", "max"])
    assert (per_doc["count"] <= Settings().keyword_top).all() and (per_doc["count"] == per_doc["max"]).all()


def test_a_keyword_written_only_across_a_line_break_is_not_a_phrase():
    text = "Talks on Nagorno-Karabakh\n\nYEREVAN, AUGUST 7. The talks resumed on the corridor. The talks\nresumed."
    candidates = [("Nagorno-Karabakh YEREVAN", 0.01), ("talks resumed", 0.02), ("corridor", 0.03)]
    kept = topical_keywords(candidates, doc_id="a", top=3, text=text)
    assert [k.keyword for k in kept] == ["talks resumed", "corridor"]
