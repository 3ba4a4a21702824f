"""What the user clicked (an entity, place, keyword, speaker or outlet) and the sentences behind it.

Pure functions over the tables: the focus narrows every view to the documents
that contain it, and ``contexts`` gives each occurrence in its sentence, so any
number on screen is one step from the text it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis import Tables
from analysis.quotes import voices
from dashboard import safe

KINDS = ("entity", "place", "keyword", "speaker")
PARAM = "focus"
MAX_VALUE_CHARS = 200
CONTEXT_CHARS = 80
CONTEXT_COLUMNS = ["doc_id", "title", "outlet", "left", "match", "right", "sentence", "start"]


@dataclass(frozen=True, slots=True)
class Focus:
    kind: str
    value: str

    def label(self, tables: Tables) -> str:
        if self.kind == "place":
            names = tables.places.loc[tables.places["place_id"] == self.value, "name"].dropna()
            return f"place: {names.iloc[0] if len(names) else self.value}"
        return f"{self.kind}: {self.value}"


def to_param(focus: Focus | None) -> dict[str, list[str]]:
    return {PARAM: [f"{focus.kind}:{focus.value}"]} if focus else {}


def from_param(values: list[str], tables: Tables) -> tuple[Focus | None, list[str]]:
    """The focus a query string names, if it names something in the tables; else None and a notice."""
    if not values:
        return None, []
    raw = values[-1]
    kind, _, value = raw.partition(":")
    if kind in KINDS and 0 < len(value) <= MAX_VALUE_CHARS and value in known(tables, kind):
        return Focus(kind, value), []
    # Notices are shown as Markdown: the value is escaped, or a link could show an outside image.
    return None, [f"Ignored the link's focus '{safe.md(raw[:40])}': nothing in these articles matches it."]


def known(tables: Tables, kind: str) -> set[str]:
    if kind == "entity":
        return set(tables.mentions["entity"].dropna())
    if kind == "place":
        return set(tables.places["place_id"].dropna())
    if kind == "keyword":
        return set(tables.keywords["keyword"].dropna())
    if kind == "speaker":
        return set(voices(tables.quotes).dropna())
    return set()


def docs_with(tables: Tables, focus: Focus) -> set[str]:
    """The documents in which the focused entity, place or keyword occurs."""
    return set(contexts(tables, focus)["doc_id"])


def contexts(tables: Tables, focus: Focus) -> pd.DataFrame:
    """Every occurrence of the focus: document, outlet, left context, the match, right context, the sentence."""
    if focus.kind == "entity":
        spans = tables.mentions.loc[tables.mentions["entity"] == focus.value, ["doc_id", "start", "end", "sent_start", "sent_end"]]
    elif focus.kind == "place":
        spans = tables.places.loc[tables.places["place_id"] == focus.value, ["doc_id", "start", "end", "sent_start", "sent_end"]]
    elif focus.kind == "speaker":
        quotes = tables.quotes
        spans = quotes.loc[voices(quotes) == focus.value, ["doc_id", "start", "end", "sent_start", "sent_end"]]
    else:
        spans = _keyword_spans(tables, focus.value)
    return _contexts(tables, spans)


def search(tables: Tables, term: str) -> pd.DataFrame:
    """Keyword in context for any text the user types (matched case-insensitively as whole words)."""
    term = term.strip()[:MAX_VALUE_CHARS]
    if not term:
        return pd.DataFrame(columns=CONTEXT_COLUMNS)
    return _contexts(tables, _keyword_spans(tables, term))


def _keyword_spans(tables: Tables, term: str) -> pd.DataFrame:
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    rows = []
    sentences = tables.sentences
    for doc_id, text in zip(tables.documents["doc_id"], tables.documents["text"]):
        bounds = sentences.loc[sentences["doc_id"] == doc_id, ["start", "end"]].to_numpy()
        for match in pattern.finditer(text):
            inside = bounds[(bounds[:, 0] <= match.start()) & (bounds[:, 1] >= match.end())] if len(bounds) else []
            sent_start, sent_end = (int(inside[0][0]), int(inside[0][1])) if len(inside) else (match.start(), match.end())
            rows.append({"doc_id": doc_id, "start": match.start(), "end": match.end(), "sent_start": sent_start, "sent_end": sent_end})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "sent_start", "sent_end"])


def _contexts(tables: Tables, spans: pd.DataFrame) -> pd.DataFrame:
    docs = tables.documents.set_index("doc_id")
    spans = spans[spans["doc_id"].isin(docs.index)]
    rows = []
    for span in spans.itertuples(index=False):
        text = docs.at[span.doc_id, "text"]
        rows.append(
            {
                "doc_id": span.doc_id,
                "title": docs.at[span.doc_id, "title"],
                "outlet": docs.at[span.doc_id, "outlet"],
                "left": _squash(text[max(span.sent_start, span.start - CONTEXT_CHARS) : span.start]),
                "match": text[span.start : span.end],
                "right": _squash(text[span.end : min(span.sent_end, span.end + CONTEXT_CHARS)]),
                "sentence": _squash(text[span.sent_start : span.sent_end]),
                "start": int(span.start),
            }
        )
    frame = pd.DataFrame(rows, columns=CONTEXT_COLUMNS)
    return frame.sort_values(["doc_id", "start"]).reset_index(drop=True)


def _squash(text: str) -> str:
    return " ".join(text.split())
