"""Plain-text rendering for the reader: marked entities and metadata with their provenance."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import LABEL_NAMES

FIELDS = (
    "title", "outlet", "outlet_country", "outlet_type", "published",
    "date_precision", "bureau", "author", "url", "source",
)  # fmt: skip
SHORT_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group"}


def marked_text(text: str, mentions: pd.DataFrame) -> str:
    """``text`` with each mention wrapped as ⟦surface · type⟧ (overlaps keep the first)."""
    pieces = []
    cursor = 0
    for m in mentions.sort_values(["start", "end"]).itertuples(index=False):
        if m.start < cursor:
            continue
        pieces.append(text[cursor : m.start])
        pieces.append(f"⟦{text[m.start : m.end]} · {SHORT_LABELS.get(m.label, LABEL_NAMES.get(m.label, m.label))}⟧")
        cursor = m.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def metadata(row: pd.Series, provenance: pd.DataFrame) -> pd.DataFrame:
    """One row per metadata field: its value and whether it was given or inferred (and how)."""
    how = dict(zip(provenance["field"], provenance["method"]))
    rows = []
    for field in FIELDS:
        value = row.get(field)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        if field == "published":
            day = row.get("date_precision") == "day"
            value = str(pd.Timestamp(value).date()) if day else pd.Timestamp(value).strftime("%B %Y")
        method = how.get(field)
        given = method in ("manifest", "row field", "html metadata")
        status = "" if method is None else ("given" if given else f"inferred ({method})")
        rows.append({"field": field.replace("_", " "), "value": str(value), "source": status})
    return pd.DataFrame(rows, columns=["field", "value", "source"])
