"""The README's keyword weight: 1 − (rank − 1)/top, rank 1 the best (lowest) YAKE score of its document, so
charts that sum weights rank keywords the way YAKE ranks them in each document."""

from __future__ import annotations

from analysis import Settings


def test_each_documents_keywords_weigh_one_minus_rank_minus_one_over_top(seeds_tables):
    top = Settings().keyword_top
    keywords = seeds_tables.keywords
    assert set(keywords["doc_id"]) == set(seeds_tables.documents["doc_id"])
    for doc_id, rows in keywords.groupby("doc_id"):
        rows = rows.sort_values("rank")
        assert rows["rank"].tolist() == list(range(1, len(rows) + 1)), doc_id
        assert len(rows) <= top
        assert rows["score"].is_monotonic_increasing, f"{doc_id}: rank 1 is the lowest YAKE score"
        for rank, weight in zip(rows["rank"], rows["weight"]):
            assert abs(weight - (1 - (rank - 1) / top)) < 1e-12, (doc_id, rank, weight)


def test_the_weights_run_from_one_to_one_over_top(seeds_tables):
    top = Settings().keyword_top
    weights = seeds_tables.keywords["weight"]
    assert weights.max() == 1.0
    assert weights.min() >= 1 / top - 1e-12
    full = seeds_tables.keywords.groupby("doc_id")["rank"].max() == top
    assert full.any(), "some seed has a full list of keywords, so the lowest weight is reached"
    assert abs(weights.min() - 1 / top) < 1e-12
