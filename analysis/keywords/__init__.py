"""Keywords with YAKE: the only package that imports yake.

- :mod:`~analysis.keywords.extract`: the YAKE adapter (options, candidates of one document);
- :mod:`~analysis.keywords.statistics`: YAKE's statistics computed in flat tables, to the same scores;
- :mod:`~analysis.keywords.topical`: which candidates say what a document is about (the corpus stage's choice).
"""

from analysis.keywords.extract import CANDIDATE_FACTOR, Extractor, extract_keywords, make_extractor, yake_extractor
from analysis.keywords.topical import topical_keywords

__all__ = ["CANDIDATE_FACTOR", "Extractor", "extract_keywords", "make_extractor", "topical_keywords", "yake_extractor"]
