"""What the user clicked (an entity, place, keyword, speaker or outlet) and the sentences behind it.

Pure functions over the tables: the focus narrows every view to the documents
that contain it, and ``contexts`` gives each occurrence in its sentence, so any
number on screen is one step from the text it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.quotes import voices
from analysis.tables import Tables
from dashboard import safe

KINDS = ("entity", "place", "keyword", "speaker")
PARAM = "focus"
MAX_VALUE_CHARS = 200
CONTEXT_CHARS = 80
CONTEXT_COLUMNS = ["doc_id", "title", "outlet", "left", "match", "right", "sentence", "start"]
SPAN_COLUMNS = ["doc_id", "start", "end", "sent_start", "sent_end"]


@dataclass(frozen=True, slots=True)
class Focus:
    kind: str
    value: str

    def label(self, *, place_name: str | None = None) -> str:
        """How the focus reads on screen; a place by its name when ``place_name`` is given."""
        if self.kind == "place":
            return f"place: {place_name or self.value}"
        return f"{self.kind}: {self.value}"


def to_param(focus: Focus | None) -> dict[str, list[str]]:
    return {PARAM: [f"{focus.kind}:{focus.value}"]} if focus else {}


def from_param(values: list[str], *, is_known: Callable[[str, str], bool]) -> tuple[Focus | None, list[str]]:
    """The focus a query string names, if ``is_known(kind, value)`` says it names something; else None and a notice.

    The kind and length are checked first, so ``is_known`` only ever sees a bounded value of a known kind.
    """
    if not values:
        return None, []
    raw = values[-1]
    kind, _, value = raw.partition(":")
    if kind in KINDS and 0 < len(value) <= MAX_VALUE_CHARS and is_known(kind, value):
        return Focus(kind, value), []
    # Notices are shown as Markdown: the value is escaped, or a link could show an outside image.
    return None, [f"Ignored the link's focus '{safe.md(raw[:40])}': nothing in these articles matches it."]


def docs_with(tables: Tables, focus: Focus) -> set[str]:
    """The documents in which the focused entity or place is mentioned, which have the keyword (ignoring case),
    or in which the speaker is quoted."""
    if focus.kind == "entity":
        return set(tables.mentions.loc[tables.mentions["entity"] == focus.value, "doc_id"])
    if focus.kind == "place":
        return set(tables.places.loc[tables.places["place_id"] == focus.value, "doc_id"])
    if focus.kind == "keyword":
        return set(tables.keywords.loc[tables.keywords["keyword"].str.lower() == focus.value.lower(), "doc_id"])
    if focus.kind == "speaker":
        return set(tables.quotes.loc[voices(tables.quotes) == focus.value, "doc_id"])
    return set()


def contexts(tables: Tables, focus: Focus) -> pd.DataFrame:
    """Every occurrence of the focus: document, outlet, left context, the match, right context, the sentence.

    A keyword is searched for in the text of the documents that have it.
    """
    if focus.kind == "entity":
        spans = tables.mentions.loc[tables.mentions["entity"] == focus.value, SPAN_COLUMNS]
    elif focus.kind == "place":
        spans = tables.places.loc[tables.places["place_id"] == focus.value, SPAN_COLUMNS]
    elif focus.kind == "speaker":
        spans = tables.quotes.loc[voices(tables.quotes) == focus.value, SPAN_COLUMNS]
    else:
        having = docs_with(tables, focus)
        spans = _keyword_spans(tables.documents[tables.documents["doc_id"].isin(having)], tables.sentences, focus.value)
    return contexts_of(spans, tables.documents)


def search(tables: Tables, term: str) -> pd.DataFrame:
    """Keyword in context for any text the user types (matched case-insensitively as whole words)."""
    return search_in(tables.documents, tables.sentences, term)


def search_in(documents: pd.DataFrame, sentences: pd.DataFrame, term: str) -> pd.DataFrame:
    """:func:`search` in ``documents`` (doc_id, title, outlet, text) split into ``sentences`` (doc_id, start, end)."""
    term = term.strip()[:MAX_VALUE_CHARS]
    if not term:
        return pd.DataFrame(columns=CONTEXT_COLUMNS)
    return contexts_of(_keyword_spans(documents, sentences, term), documents)


def _keyword_spans(documents: pd.DataFrame, sentences: pd.DataFrame, term: str) -> pd.DataFrame:
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    rows = []
    # Each document's sentences, found once (a look-up per document costs a scan of the table).
    of_doc = sentences.groupby("doc_id", sort=False).indices if len(sentences) else {}
    spans = sentences[["start", "end"]].to_numpy()
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        bounds = spans[of_doc.get(doc_id, [])]
        for match in pattern.finditer(text):
            inside = bounds[(bounds[:, 0] <= match.start()) & (bounds[:, 1] >= match.end())] if len(bounds) else []
            start, end = match.start(), match.end()
            sent_start, sent_end = (int(inside[0][0]), int(inside[0][1])) if len(inside) else (start, end)
            rows.append({"doc_id": doc_id, "start": start, "end": end, "sent_start": sent_start, "sent_end": sent_end})
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def contexts_of(spans: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`contexts` for ``spans`` (doc_id, start, end, sent_start, sent_end), in the order of
    ``documents`` (the corpus order), then by position; spans of documents not given are left out."""
    # Plain dicts: looking rows up by a string index costs about a millisecond each with Arrow-backed strings.
    doc_ids = documents["doc_id"].tolist()
    order = {doc_id: i for i, doc_id in enumerate(dict.fromkeys(doc_ids))}
    texts = dict(zip(doc_ids, documents["text"].tolist()))
    titles = dict(zip(doc_ids, documents["title"].tolist()))
    outlets = dict(zip(doc_ids, documents["outlet"].tolist()))
    rows = []
    for doc_id, start, end, sent_start, sent_end in zip(*(spans[c].tolist() for c in SPAN_COLUMNS)):
        if doc_id not in order:
            continue
        text = texts[doc_id]
        rows.append(
            {
                "doc_id": doc_id,
                "title": titles[doc_id],
                "outlet": outlets[doc_id],
                "left": _squash(text[max(sent_start, start - CONTEXT_CHARS) : start]),
                "match": text[start:end],
                "right": _squash(text[end : min(sent_end, end + CONTEXT_CHARS)]),
                "sentence": _squash(text[sent_start:sent_end]),
                "start": int(start),
            }
        )
    rows.sort(key=lambda row: (order[row["doc_id"]], row["start"]))
    return pd.DataFrame(rows, columns=CONTEXT_COLUMNS)


def _squash(text: str) -> str:
    return " ".join(text.split())
