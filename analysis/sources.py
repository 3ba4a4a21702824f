"""Source mix, outlet side: which outlets published, how much, from which country and of which type.
(Whose voices they carry is ``analysis.quotes``.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.metadata import outlet_info
from analysis.outlets import canonical_outlet
from analysis.quotes import Quote

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


def without_self_credits(quotes: Sequence[Quote], outlets: Mapping[str, str | None]) -> list[Quote]:
    """``quotes`` less those credited to the outlet that published the document ("..., Azernews
    reports" in an Azernews article): an outlet crediting itself is a byline, not a voice."""
    own = {doc_id: canonical_outlet(outlet).casefold() for doc_id, outlet in outlets.items() if outlet}

    def is_own(quote: Quote) -> bool:
        names = {canonical_outlet(n).casefold() for n in (quote.speaker, quote.speaker_entity) if n}
        return own.get(quote.doc_id) in names

    return [q for q in quotes if not is_own(q)]
