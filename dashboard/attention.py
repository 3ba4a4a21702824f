"""Attention as a share: a count per outlet shown relative to that outlet's volume in the selection.

A large outlet mentions everything more often; per 100 of its articles, or per 1,000 of its words,
its attention can be set beside a small outlet's. The choice is kept in the URL (``?share=articles``
or ``?share=words``; counts are the default and leave the key out). As with the filters, a value
that is not offered is dropped with one notice, never raised. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd

Measure = Literal["count", "articles", "words"]
MEASURES: tuple[Measure, ...] = ("count", "articles", "words")
PARAM = "share"
LABELS: dict[Measure, str] = {"count": "Counts", "articles": "Per 100 articles", "words": "Per 1,000 words"}
UNITS: dict[Measure, str] = {"count": "", "articles": "per 100 articles", "words": "per 1,000 words"}
# The outlets' column each share is of, and per how many of them.
_VOLUME: dict[Measure, tuple[str, int]] = {"articles": ("n_docs", 100), "words": ("n_words", 1_000)}
_SHOWN_CHARS = 24


def from_query(params: Mapping[str, str | list[str]]) -> tuple[Measure, list[str]]:
    """The measure a query string asks for, and a notice if its value was dropped."""
    value = params.get(PARAM, [])
    values = [v for v in ([value] if isinstance(value, str) else list(value)) if v]
    if not values:
        return "count", []
    if len(values) > 1:
        return "count", [f"Ignored `{PARAM}`: expected one value, got {len(values)}."]
    for measure in MEASURES[1:]:
        if values[0] == measure:
            return measure, []
    shown = "".join(c if c.isalnum() or c in " -_." else "?" for c in values[0][:_SHOWN_CHARS])
    return "count", [f"Ignored `{PARAM}` = '{shown}': must be `articles` or `words`."]


def to_query(measure: Measure) -> dict[str, list[str]]:
    """The query parameter for ``measure``; none for counts."""
    return {} if measure == "count" else {PARAM: [measure]}


def per_outlet(
    rows: pd.DataFrame,
    volumes: pd.DataFrame,
    *,
    measure: Measure,
    column: str = "n",
    outlet: str = "outlet",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """``rows`` with ``column`` divided by the volume of the row's outlet, per 100 articles or 1,000 words; unchanged
    for counts. ``volumes`` has the outlets' ``n_docs`` and ``n_words`` in the same selection (the ``outlets``
    question's rows), or per ``by`` and outlet (``period_volume``: per period)."""
    if measure == "count":
        return rows
    volume, per = _VOLUME[measure]
    sizes = volumes.set_index([*by, "outlet"])[volume].astype(float)
    sizes = sizes.where(sizes > 0)
    wanted = pd.MultiIndex.from_frame(rows[[*by, outlet]]) if by else pd.Index(rows[outlet])
    denominators = sizes.reindex(wanted).to_numpy()
    return rows.assign(
        **{column: pd.Series(rows[column].to_numpy() / denominators * per, index=rows.index).fillna(0.0)}
    )


def per_selection(n: pd.Series, *, docs: int, words: int, measure: Measure) -> pd.Series:
    """Counts ``n`` over a whole selection of ``docs`` articles and ``words`` words, as a share (per 100 articles
    unless ``measure`` asks for words); zeros for an empty selection."""
    volume, per = (words, 1_000) if measure == "words" else (docs, 100)
    return n.astype(float) * per / volume if volume else n.astype(float) * 0.0
