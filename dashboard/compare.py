"""Compare two selections, A and B: their URL form, and the difference of each term's share between them.

A side is a set of outlets and a date range, and with uploads beside the bundled articles, which of them
(the sidebar's other filters apply to both). The link carries both sides
(``?a_outlet=JAMnews&b_outlet=Sputnik&b_from=2023-06-01``, ``a_articles=uploads``) and what they are
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
ARTICLES_KEY = "articles"
# Which articles a side reads when uploads are shown beside the stored ones.
ARTICLES = ("all", "bundled", "uploads")
PARAMS = (*(f"{side}_{key}" for side in SIDES for key in (*_SIDE_KEYS, ARTICLES_KEY)), BY_PARAM)
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
    """The two sides (only their outlets and dates are used), what they are compared by, and which articles each
    reads (``ARTICLES``)."""

    a: Filters
    b: Filters
    by: str = "entities"
    articles: tuple[str, str] = ("all", "all")


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
    articles = tuple(_one_of(params, f"{side}_{ARTICLES_KEY}", ARTICLES, notices=notices) for side in SIDES)
    by = _one_of(params, BY_PARAM, tuple(BY), notices=notices)
    if not any(key in params for key in PARAMS):
        return None, notices
    return Pair(sides[0], sides[1], by, (articles[0], articles[1])), notices


def _one_of(params: Mapping[str, str | list[str]], key: str, offered: tuple[str, ...], *, notices: list[str]) -> str:
    """The value of ``key`` if it is one of ``offered``, else the first offered (with a notice if one was given)."""
    value = params.get(key, [])
    values = [value] if isinstance(value, str) else list(value)
    if values and (len(values) > 1 or values[0] not in offered):
        notices.append(f"Ignored `{key}`: must be one of {', '.join(offered)}.")
        return offered[0]
    return values[0] if values else offered[0]


def to_query(pair: Pair) -> dict[str, list[str]]:
    """The query parameters for ``pair``; each side's outlets and dates, and what they are compared by."""
    query: dict[str, list[str]] = {}
    for side, chosen in zip(SIDES, (pair.a, pair.b)):
        query.update({f"{side}_{key}": values for key, values in filters.to_query(side_only(chosen)).items()})
    for side, articles in zip(SIDES, pair.articles):
        if articles != ARTICLES[0]:
            query[f"{side}_{ARTICLES_KEY}"] = [articles]
    query[BY_PARAM] = [pair.by]
    return query


def side_only(side: Filters) -> Filters:
    """Just what a side sets: its outlets and dates."""
    return Filters(outlets=side.outlets, date_from=side.date_from, date_to=side.date_to)


def side_filters(shared: Filters, side: Filters, *, docs: tuple[str, ...] = ()) -> Filters:
    """The sidebar's filters with the side's outlets and dates, and its documents (``docs``; all for none)."""
    dated = bool(side.date_from or side.date_to)
    return replace(
        shared,
        docs=docs,
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
