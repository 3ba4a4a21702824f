"""The ``keywords`` part: a text's YAKE keyword candidates, best first (see :mod:`analysis.keywords`)."""

from __future__ import annotations

from typing import NamedTuple

from analysis.keywords import Extractor, extract_keywords


class KeywordRecord(NamedTuple):
    """One keyword candidate as the cache keeps it."""

    keyword: str
    score: float
    rank: int
    weight: float


def document_keywords(text: str, *, doc_id: str, extractor: Extractor) -> list[KeywordRecord]:
    """The payload of ``text``: its candidates (the extractor's ``top`` of them, times the candidate factor)."""
    return [
        KeywordRecord(k.keyword, k.score, k.rank, k.weight)
        for k in extract_keywords(text, doc_id=doc_id, extractor=extractor)
    ]


def decode_keywords(value: list) -> list[KeywordRecord]:
    """The payload from its JSON form (lists for tuples)."""
    return [KeywordRecord(*k) for k in value]
