"""Searching the selection's text for a word or phrase: which documents can hold it, and reading them in order.

A term matches as a whole word or phrase, ignoring case (``focus.search``). A document can only
hold it if it has every word of the term (``words``): the DuckDB store finds those in its word
index, the reference with pandas. Both then read the candidates in corpus order with ``scan``,
which stops after the document at which more than ``limit`` lines are found, or after
``MAX_SCANNED`` documents: the same rule for both, so they give the same answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.tables import Tables
from dashboard import focus
from dashboard.store.base import Hits, Rows

# Candidate documents read at most per search: a phrase whose words are common but which is rare itself would
# otherwise mean reading most of a large corpus's text.
MAX_SCANNED = 2_000
# Documents read at a time at most; the first batches are smaller (10, 40, 160): a common word needs few.
BATCH = 200
_WORD = re.compile(r"\w+")
# Some candidates' documents (doc_id, title, outlet, text) and their sentences (doc_id, start, end), in corpus order.
Batch = tuple[pd.DataFrame, pd.DataFrame]


def clean_term(term: object) -> str | None:
    """The term to search for: stripped, of at most ``focus.MAX_VALUE_CHARS`` characters, with a word in it and no
    control characters; None for anything else (a URL's value is checked with this)."""
    if not isinstance(term, str):
        return None
    term = term.strip()
    if not term or len(term) > focus.MAX_VALUE_CHARS or not _WORD.search(term):
        return None
    if any(unicodedata.category(c).startswith("C") for c in term):
        return None
    return term


def words(term: str) -> list[str]:
    """The distinct words of ``term``, lower-cased, in order: a document holding the term has each of them."""
    return list(dict.fromkeys(_WORD.findall(term.lower())))


def one_word(term: str) -> bool:
    """Whether ``term`` is a single word: then a document having the word holds the term (the count is exact)."""
    return _WORD.fullmatch(term) is not None


def candidates(documents: pd.DataFrame, term: str) -> pd.Series:
    """Which of ``documents`` have every word of ``term`` as a whole word, ignoring case (a boolean mask)."""
    keep = pd.Series(True, index=documents.index)
    texts = documents["text"].fillna("")
    for word in words(term):
        keep &= texts.str.contains(rf"(?<!\w){re.escape(word)}(?!\w)", case=False, regex=True)
    return keep


def scan(batches: Iterable[Batch], term: str, *, limit: int, n_candidates: int) -> Hits:
    """Keyword-in-context lines of ``term`` from ``batches`` (the candidates' documents and sentences, a few at a time,
    in corpus order; ``n_candidates`` in all), read until the document at which more than ``limit`` lines are found or
    ``MAX_SCANNED`` documents are read."""
    found: list[pd.DataFrame] = []
    read = lines = 0
    stopped = False
    for documents, sentences in batches:
        doc_ids = documents["doc_id"].tolist()[: MAX_SCANNED - read]
        rows = focus.search_in(documents, sentences, term)
        rows = rows[rows["doc_id"].isin(doc_ids)]
        per_doc = rows.groupby("doc_id", sort=False).size().reindex(doc_ids, fill_value=0).cumsum() + lines
        over = per_doc[per_doc > limit]
        if len(over):
            last = doc_ids.index(over.index[0])
            doc_ids = doc_ids[: last + 1]
            rows = rows[rows["doc_id"].isin(doc_ids)]
        found.append(rows)
        read += len(doc_ids)
        lines += len(rows)
        if lines > limit or read >= MAX_SCANNED:
            stopped = read < n_candidates
            break
    every = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=focus.CONTEXT_COLUMNS)
    if stopped:
        documents, exact = n_candidates, one_word(term)
    else:
        documents, exact = every["doc_id"].nunique(), True
    return Hits(Rows(every.head(limit).reset_index(drop=True), len(every), counted=not stopped), documents, exact)


def of_tables(tables: Tables, doc_ids: Sequence[str]) -> Batch:
    """The batch of ``doc_ids`` from tables in memory."""
    documents = tables.documents[tables.documents["doc_id"].isin(doc_ids)]
    return documents, tables.sentences[tables.sentences["doc_id"].isin(doc_ids)]


def nothing() -> Hits:
    return Hits(Rows(pd.DataFrame(columns=focus.CONTEXT_COLUMNS), 0), 0, True)


def batched(items: Sequence[Any] | np.ndarray, *, size: int) -> Iterator[Any]:
    """``items`` (document ids or numbers) a slice of ``size`` at a time; the first slices are smaller, since a common
    word needs few documents."""
    first, step = 0, max(1, size // 20)
    while first < len(items):
        yield items[first : first + step]
        first += step
        step = min(size, step * 4)
