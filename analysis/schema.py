"""The data contract: the tidy tables a build writes and the dashboard reads.

Each table is a mapping of column name to pandas dtype. ``validate`` checks a
DataFrame against it; the README's "Data contract" section describes the same
columns for people.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import TablesError

STRING = "string"

TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": STRING,
        "title": STRING,
        "outlet": STRING,
        "outlet_country": STRING,
        "outlet_type": STRING,
        "published": "datetime64[ms]",
        "date_precision": STRING,
        "author": STRING,
        "url": STRING,
        "bureau": STRING,
        "language": STRING,
        "source": STRING,
        "n_words": "int64",
        "text": STRING,
    },
    "provenance": {
        "doc_id": STRING,
        "field": STRING,
        "method": STRING,
        "evidence": STRING,
    },
    "boilerplate": {
        "doc_id": STRING,
        "line_no": "int64",
        "line": STRING,
        "rule": STRING,
    },
    "sentences": {
        "doc_id": STRING,
        "sent_id": "int64",
        "start": "int64",
        "end": "int64",
    },
    "mentions": {
        "doc_id": STRING,
        "start": "int64",
        "end": "int64",
        "surface": STRING,
        "entity": STRING,
        "label": STRING,
        "merge_rule": STRING,
        "sent_start": "int64",
        "sent_end": "int64",
    },
    "keywords": {
        "doc_id": STRING,
        "keyword": STRING,
        "score": "float64",
        "rank": "int64",
        "weight": "float64",
    },
    "places": {
        "doc_id": STRING,
        "start": "int64",
        "end": "int64",
        "surface": STRING,
        "form": STRING,
        "place_id": STRING,
        "name": STRING,
        "country_code": STRING,
        "lat": "float64",
        "lon": "float64",
        "feature": STRING,
        "source": STRING,
        "rule": STRING,
        "n_candidates": "int64",
        "quoted": "bool",
        "metonymy": "bool",
        "sent_start": "int64",
        "sent_end": "int64",
    },
    "quotes": {
        "doc_id": STRING,
        "start": "int64",
        "end": "int64",
        "quote": STRING,
        "speaker": STRING,
        "speaker_entity": STRING,
        "cue": STRING,
        "kind": STRING,
        "mode": STRING,
        "sent_start": "int64",
        "sent_end": "int64",
    },
    "outlets": {
        "outlet": STRING,
        "country": STRING,
        "type": STRING,
        "n_docs": "int64",
        "n_words": "int64",
    },
    "errors": {
        "source": STRING,
        "reason": STRING,
    },
}


def empty(name: str) -> pd.DataFrame:
    """An empty table with the contract's columns and dtypes."""
    return conform(pd.DataFrame(), name)


def conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``frame`` with exactly the contract's columns, in order, cast to their dtypes.

    Missing text, float and date columns are added as nulls, so a builder only
    fills what it knows; integer columns cannot be null and must be present.
    """
    columns = _columns(name)
    out = pd.DataFrame(index=frame.index)
    for column, dtype in columns.items():
        if column not in frame and dtype == "int64" and len(frame):
            raise TablesError(f"table {name!r} lacks the integer column {column!r}, which cannot be null")
        values = frame[column] if column in frame else pd.Series([None] * len(frame), index=frame.index)
        if dtype.startswith("datetime"):
            out[column] = pd.to_datetime(values).astype(dtype)
        else:
            out[column] = values.astype(dtype)
    return out.reset_index(drop=True)


def validate(frame: pd.DataFrame, name: str) -> None:
    """Raise :class:`TablesError` unless ``frame`` has the contract's columns and dtypes."""
    columns = _columns(name)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise TablesError(f"table {name!r} lacks columns {missing}; the contract requires {list(columns)}")
    wrong = {c: str(frame[c].dtype) for c, t in columns.items() if str(frame[c].dtype) != t}
    if wrong:
        raise TablesError(f"table {name!r} has columns of the wrong type {wrong}; expected {columns}")


def _columns(name: str) -> dict[str, str]:
    try:
        return TABLES[name]
    except KeyError as err:
        raise TablesError(f"`name` = {name!r} is invalid; must be one of {sorted(TABLES)}") from err
