"""Source mix: which outlets published, how much, from which country and of which type."""

from __future__ import annotations

import bisect
import re

import pandas as pd

from analysis.metadata import outlet_info

UNKNOWN = "(unknown)"


def outlet_details(outlet: str | None) -> tuple[str | None, str | None]:
    """(country, type) of a known outlet; (None, None) for an outlet not in the outlets table."""
    info = outlet_info(outlet)
    return (info.country, info.type) if info else (None, None)


def outlets_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: documents and words published, country and type (unknown outlets grouped)."""
    if documents.empty:
        return pd.DataFrame(columns=["outlet", "country", "type", "n_docs", "n_words"])
    frame = documents.assign(outlet=documents["outlet"].fillna(UNKNOWN))
    table = (
        frame.groupby("outlet", sort=True)
        .agg(
            country=("outlet_country", "first"),
            type=("outlet_type", "first"),
            n_docs=("doc_id", "nunique"),
            n_words=("n_words", "sum"),
        )
        .reset_index()
    )
    return table.sort_values(["n_docs", "n_words", "outlet"], ascending=[False, False, True]).reset_index(drop=True)


_STRAIGHT_QUOTE = re.compile(r'"[^"\n]+"')
_CURLY_QUOTE = re.compile("[“”]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted speech: “curly” quotes (a long quote may reopen “ at each paragraph
    and close ” once, at its end) and "straight" quotes within a paragraph."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for match in _CURLY_QUOTE.finditer(text):
        char, index = match[0], match.start()
        if char == "“" and start is None:
            start = index
        elif char == "”" and start is not None:
            spans.append((start, index + 1))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    spans += [(m.start(), m.end()) for m in _STRAIGHT_QUOTE.finditer(text)]
    return sorted(spans)


def in_quotes(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``spans`` (sorted)."""
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]
