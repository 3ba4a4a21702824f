"""Keywords with YAKE: the only module that imports yake.

YAKE scores are "lower is better" and unbounded. Charts need "higher is better",
so each keyword also gets a rank-based ``weight``: 1.0 for a document's first
keyword down to ``1/top`` for its last. Corpus and outlet totals sum weights.
"""

from __future__ import annotations

import logging

import pandas as pd
import yake

from analysis.config import Settings
from analysis.types import Keyword

log = logging.getLogger(__name__)


def make_extractor(settings: Settings) -> yake.KeywordExtractor:
    """A YAKE extractor with the settings' options (YAKE ignores misspelt keyword names, so these are exact)."""
    return yake.KeywordExtractor(
        lan="en",
        n=settings.keyword_ngrams,
        dedup_lim=settings.keyword_dedup_lim,
        window_size=settings.keyword_window_size,
        top=settings.keyword_top,
    )


def extract_keywords(text: str, *, doc_id: str, extractor: yake.KeywordExtractor, top: int) -> list[Keyword]:
    """The document's top keywords, best first; ``top`` is the number the extractor was made for."""
    pairs = extractor.extract_keywords(text)
    if not pairs and len(text.split()) >= 3:
        # YAKE returns [] on internal errors instead of raising; say so rather than show nothing silently.
        log.warning("YAKE found no keywords in %s (%d words)", doc_id, len(text.split()))
    return [
        Keyword(doc_id=doc_id, keyword=keyword, score=float(score), rank=rank, weight=1 - (rank - 1) / top)
        for rank, (keyword, score) in enumerate(sorted(pairs, key=lambda p: p[1]), start=1)
    ]


def aggregate_keywords(keywords: pd.DataFrame, documents: pd.DataFrame, *, by: str | None = None, top: int = 20) -> pd.DataFrame:
    """Keywords summed over the corpus (``by=None``) or per value of a documents column (e.g. ``by="outlet"``).

    Returns columns: [by,] keyword, weight (sum, higher is better), n_docs.
    Keywords are compared case-insensitively and shown in their most common spelling.
    """
    frame = keywords.assign(key=keywords["keyword"].str.lower())
    groups = ["key"]
    if by is not None:
        frame = frame.merge(documents[["doc_id", by]], on="doc_id", how="left")
        frame[by] = frame[by].fillna("(unknown)")
        groups = [by, "key"]
    summed = frame.groupby(groups, dropna=False).agg(
        weight=("weight", "sum"),
        n_docs=("doc_id", "nunique"),
        keyword=("keyword", lambda s: s.mode().iloc[0]),
    )
    summed = summed.reset_index().sort_values(["weight", "keyword"], ascending=[False, True])
    if by is not None:
        summed = summed.groupby(by, sort=True).head(top)
    else:
        summed = summed.head(top)
    return summed[[*([by] if by else []), "keyword", "weight", "n_docs"]].reset_index(drop=True)
