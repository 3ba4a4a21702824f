"""The ``quotes`` part: a document's quoted spans and its quoted and reported statements.

They depend on the document's text and on the canonical names of its mentions, which the corpus
decides, so the corpus stage makes them and stores them under a key of both (:func:`quotes_key`):
a rebuild extracts again only the quotes of documents whose names changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import NamedTuple

from analysis.language import RUSSIAN
from analysis.quotes import Quote, extract_quotes, quote_spans
from analysis.russian_quotes import russian_quote_spans, russian_statements
from analysis.types import Mention


class StatementRecord(NamedTuple):
    """One statement as the cache keeps it: the quote is text[start:end]."""

    start: int
    end: int
    speaker: str
    speaker_entity: str | None
    cue: str | None
    kind: str
    mode: str
    sent_start: int
    sent_end: int


class QuotesPayload(NamedTuple):
    """The ``quotes`` part of one document: its quoted spans' (start, end) and its statements."""

    spans: list[tuple[int, int]]
    statements: list[StatementRecord]

    @classmethod
    def decode(cls, value: list) -> QuotesPayload:
        """The payload from its JSON form (lists for tuples)."""
        spans, statements = value
        return cls([(s, e) for s, e in spans], [StatementRecord(*q) for q in statements])


def quotes_key(key: str, mentions: Sequence[Mention]) -> str:
    """What a document's quotes are stored under: its text's key and what attribution reads of its
    canonical mentions (their offsets, labels and entities; the sentences come with the text)."""
    digest = hashlib.sha256(key.encode())
    digest.update(
        "\x1e".join(f"{m.start}\x1f{m.end}\x1f{m.label}\x1f{m.entity}" for m in mentions).encode(
            "utf-8", "surrogatepass"
        )
    )
    return digest.hexdigest()


def document_quotes(
    text: str, *, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int]], language: str = "en"
) -> QuotesPayload:
    """The payload of the ``quotes`` part: the text's quoted spans and its statements (see
    :func:`analysis.quotes.extract_quotes`, and :mod:`analysis.russian_quotes` for a Russian text),
    without the document's id."""
    bounds = [(start, end) for start, end in sentences]
    if language == RUSSIAN:
        spans = russian_quote_spans(text)
        found = russian_statements(text, doc_id="", mentions=mentions, sentences=bounds)
    else:
        spans = quote_spans(text)
        found = extract_quotes(text, doc_id="", mentions=mentions, sentences=bounds, spans=spans)
    return QuotesPayload(
        spans,
        [
            StatementRecord(
                q.start, q.end, q.speaker, q.speaker_entity, q.cue, q.kind, q.mode, q.sent_start, q.sent_end
            )
            for q in found
        ],
    )


def quotes_of(text: str, payload: QuotesPayload, *, doc_id: str) -> tuple[list[tuple[int, int]], list[Quote]]:
    """The quoted spans and the statements a ``quotes`` payload holds, as found in ``doc_id``."""
    quotes = [
        Quote(
            doc_id=doc_id,
            start=s.start,
            end=s.end,
            quote=text[s.start : s.end],
            speaker=s.speaker,
            speaker_entity=s.speaker_entity,
            cue=s.cue,
            kind=s.kind,
            mode=s.mode,
            sent_start=s.sent_start,
            sent_end=s.sent_end,
        )
        for s in payload.statements
    ]
    return [(s, e) for s, e in payload.spans], quotes
