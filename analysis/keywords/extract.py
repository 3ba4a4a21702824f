"""The YAKE adapter: the extractor's options, the yake package's own extractor they mirror, and the
keyword candidates of one document.

Everything but the statistics is YAKE's own: its sentence splitter and tokenizer, word tags,
stopword list and deduplication; :mod:`analysis.keywords.statistics` computes the statistics.
The yake package is pinned, so an upgrade that changes YAKE's scoring shows up in
``tests/analysis/test_keywords.py`` first.

YAKE scores are "lower is better" and unbounded. Charts need "higher is better",
so each keyword also gets a rank-based ``weight``: 1.0 for a document's first
keyword down to ``1/top`` for its last. Corpus and outlet totals sum weights.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import yake
from yake.data.utils import pre_filter

from analysis.config import Settings
from analysis.keywords.statistics import Statistics
from analysis.types import Keyword

log = logging.getLogger(__name__)

# Each document keeps this many times its share of YAKE's candidates, so that the corpus stage can drop
# fragments of names (which needs the document's entities) and still keep ``top`` keywords.
CANDIDATE_FACTOR = 2


@dataclass(frozen=True, slots=True)
class Extractor:
    """YAKE's keyword extraction for one set of options."""

    ngrams: int
    window_size: int
    top: int
    dedup_lim: float
    stopwords: frozenset[str]
    similarity: Callable[[str, str], float]

    def extract(self, text: str) -> list[tuple[str, float]]:
        """(keyword, score) pairs, best (lowest score) first, as ``yake.KeywordExtractor.extract_keywords``."""
        if not text:
            return []
        statistics = Statistics(
            pre_filter(text.replace("\n", " ")),
            ngrams=self.ngrams,
            window_size=self.window_size,
            stopwords=self.stopwords,
        )
        ranked = statistics.ranked()
        if self.dedup_lim >= 1.0:
            return [(key, score) for _, key, score in ranked[: self.top]]
        kept: list[tuple[str, str, float]] = []
        for keyword, key, score in ranked:
            if all(self.similarity(key, other) <= self.dedup_lim for _, other, _ in kept):
                kept.append((keyword, key, score))
                if len(kept) == self.top:
                    break
        return [(keyword, score) for keyword, _, score in kept]


def yake_extractor(settings: Settings, *, language: str = "en") -> yake.KeywordExtractor:
    """The yake package's own extractor for the settings' options and ``language``'s stopwords (YAKE's list
    for that ISO 639-1 code; YAKE falls back to its language-neutral list for one it lacks): what
    :class:`Extractor` matches."""
    return yake.KeywordExtractor(
        lan=language,
        n=settings.keyword_ngrams,
        dedup_lim=settings.keyword_dedup_lim,
        window_size=settings.keyword_window_size,
        top=settings.keyword_top,
    )


def make_extractor(settings: Settings, *, language: str = "en") -> Extractor:
    """An extractor with the settings' options; stopwords and deduplication are YAKE's defaults for ``language``."""
    reference = yake_extractor(settings, language=language)
    return Extractor(
        ngrams=settings.keyword_ngrams,
        window_size=settings.keyword_window_size,
        top=settings.keyword_top,
        dedup_lim=settings.keyword_dedup_lim,
        stopwords=frozenset(reference.stopword_set),
        similarity=reference.dedup_function,
    )


def extract_keywords(text: str, *, doc_id: str, extractor: Extractor) -> list[Keyword]:
    """The document's keyword candidates, best first: :data:`CANDIDATE_FACTOR` times the extractor's ``top``,
    for :func:`analysis.keywords.topical_keywords` to choose ``top`` from."""
    candidates = extractor.top * CANDIDATE_FACTOR
    pairs = replace(extractor, top=candidates).extract(text)
    if not pairs and len(text.split()) >= 3:
        log.warning("YAKE found no keywords in %s (%d words)", doc_id, len(text.split()))
    return [
        Keyword(doc_id=doc_id, keyword=keyword, score=float(score), rank=rank, weight=1 - (rank - 1) / candidates)
        for rank, (keyword, score) in enumerate(sorted(pairs, key=lambda p: p[1]), start=1)
    ]
