"""Compare two selections, A and B: their URL form, and the difference of each term's share between them.

A side is a set of outlets and a date range (the sidebar's other filters apply to both). The link
carries both sides (``?a_outlet=JAMnews&b_outlet=Sputnik&b_from=2023-06-01``) and what they are
compared by (``compare_by``); every value is checked as the sidebar's filters are, and each drop is
said once, naming its side. A share is a term's count per 100 of the side's articles (or per 1,000
of its words), so sides of different sizes compare; for naming, a spelling's share of its place's
mentions. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboard import filters
from dashboard.attention import Measure, per_selection
from dashboard.filters import Filters
from dashboard.store.base import Compared

SIDES = ("a", "b")
BY_PARAM = "compare_by"
_SIDE_KEYS = (filters.OUTLET, filters.DATE_FROM, filters.DATE_TO)
PARAMS = (*(f"{side}_{key}" for side in SIDES for key in _SIDE_KEYS), BY_PARAM)
# What the sides are compared by, as offered: a kind of term of ``questions.term_totals``, or the naming of places.
BY: dict[str, Compared | None] = {
    "entities": "entity",
    "keywords": "keyword",
    "places": "place",
    "naming": None,
    "voices": "voice",
}
DIFFERENCE_COLUMNS = ["term", "n_a", "n_b", "share_a", "share_b", "difference"]


@dataclass(frozen=True, slots=True)
class Pair:
    """The two sides (only their outlets and dates are used) and what they are compared by."""

    a: Filters
    b: Filters
    by: str = "entities"


def from_query(
    params: Mapping[str, str | list[str]],
    *,
    known_outlets: Collection[str],
    date_bounds: tuple[dt.date, dt.date] | None,
    outlet_name: Callable[[str], str] | None = None,
) -> tuple[Pair | None, list[str]]:
    """The pair a query string asks for (None when it names neither side) and a notice for each kind of value
    dropped."""
    notices: list[str] = []
    sides = []
    for side in SIDES:
        mine = {key: params[f"{side}_{key}"] for key in _SIDE_KEYS if f"{side}_{key}" in params}
        parsed, dropped = filters.from_query(
            mine,
            known_docs=(),
            known_outlets=known_outlets,
            known_labels=(),
            date_bounds=date_bounds,
            outlet_name=outlet_name,
        )
        notices += [f"Compare {side.upper()}: {notice}" for notice in dropped]
        sides.append(parsed)
    by = params.get(BY_PARAM, [])
    chosen = [by] if isinstance(by, str) else list(by)
    if chosen and (len(chosen) > 1 or chosen[0] not in BY):
        notices.append(f"Ignored `{BY_PARAM}`: must be one of {', '.join(BY)}.")
        chosen = []
    named = any(f"{side}_{key}" in params for side in SIDES for key in _SIDE_KEYS)
    pair = Pair(sides[0], sides[1], chosen[0] if chosen else "entities") if named or chosen else None
    return pair, notices


def to_query(pair: Pair) -> dict[str, list[str]]:
    """The query parameters for ``pair``; each side's outlets and dates, and what they are compared by."""
    query: dict[str, list[str]] = {}
    for side, chosen in zip(SIDES, (pair.a, pair.b)):
        query.update({f"{side}_{key}": values for key, values in filters.to_query(side_only(chosen)).items()})
    query[BY_PARAM] = [pair.by]
    return query


def side_only(side: Filters) -> Filters:
    """Just what a side sets: its outlets and dates."""
    return Filters(outlets=side.outlets, date_from=side.date_from, date_to=side.date_to)


def side_filters(shared: Filters, side: Filters) -> Filters:
    """The sidebar's filters with the side's outlets and dates (and no document list)."""
    dated = bool(side.date_from or side.date_to)
    return replace(
        shared,
        docs=(),
        outlets=side.outlets,
        date_from=side.date_from,
        date_to=side.date_to,
        undated=shared.undated and dated,
    )


def shares(rows: pd.DataFrame, *, docs: int, words: int, measure: Measure) -> pd.DataFrame:
    """``questions.term_totals`` rows (term, n) of a side with each term's share of the side's volume."""
    return rows.assign(share=per_selection(rows["n"], docs=docs, words=words, measure=measure))


def naming_shares(table: pd.DataFrame) -> pd.DataFrame:
    """``questions.naming_table`` rows of a side as (term, n, share): each spelling of a place ("Khankendi:
    Stepanakert"), its mentions, and its share of the place's mentions in percent."""
    if table.empty:
        return pd.DataFrame({"term": pd.Series(dtype=object), "n": pd.Series(dtype="int64"), "share": []})
    spelled = table.groupby(["place", "written as"], sort=False)["mentions"].sum().reset_index()
    of_place = spelled.groupby("place")["mentions"].transform("sum")
    return pd.DataFrame(
        {
            "term": spelled["place"] + ": " + spelled["written as"],
            "n": spelled["mentions"].astype("int64"),
            "share": spelled["mentions"] * 100.0 / of_place,
        }
    )


def difference(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Terms of either side with their counts and shares in each and the share in A minus the share in B, most
    ahead in A first, most ahead in B last (a term one side lacks has share 0 there)."""
    merged = a[["term", "n", "share"]].merge(b[["term", "n", "share"]], on="term", how="outer", suffixes=("_a", "_b"))
    merged = merged.fillna({"n_a": 0, "n_b": 0, "share_a": 0.0, "share_b": 0.0})
    merged = merged.astype({"n_a": "int64", "n_b": "int64", "share_a": float, "share_b": float})
    merged["difference"] = merged["share_a"] - merged["share_b"]
    merged = merged.sort_values(["difference", "term"], ascending=[False, True])
    return merged[DIFFERENCE_COLUMNS].reset_index(drop=True)
