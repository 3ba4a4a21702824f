"""The global filters: a ``Filters`` record, its URL form, and applying it to the tables.

The URL is the state of the view, so a share link restores it. A query string is
untrusted input: every value either selects from an allowlist the caller passes
(documents, outlets and entity types of the loaded corpus) or parses as a bounded
date or number. Anything else is dropped with a short notice, never raised, and no
value is ever used as a path. No Streamlit here: the app reads ``st.query_params``
and passes a plain mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from analysis.sources import UNKNOWN
from analysis.tables import Tables
from dashboard import aggregate

DOC = "doc"
OUTLET = "outlet"
DATE_FROM = "from"
DATE_TO = "to"
LABEL = "label"
MIN_MENTIONS = "min"

MAX_VALUES = 200
MAX_CHARS = 200
MAX_MIN_MENTIONS = 10_000

_SHOWN_CHARS = 24
_SHOWN_EXAMPLES = 3
# ASCII only: `int` and `date.fromisoformat` also accept other digits and ISO week forms.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNT = re.compile(r"[0-9]{1,5}")
_PERIODS = {"month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user narrowed the corpus to; the defaults select everything."""

    docs: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    labels: tuple[str, ...] = ()
    min_mentions: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.min_mentions <= MAX_MIN_MENTIONS:
            raise ValueError(f"`min_mentions` = {self.min_mentions!r} is invalid; must be in 1..{MAX_MIN_MENTIONS}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"`date_from` = {self.date_from} is after `date_to` = {self.date_to}")


def from_query(
    params: Mapping[str, str | list[str]],
    *,
    known_docs: Collection[str],
    known_outlets: Collection[str],
    known_labels: Collection[str],
    date_bounds: tuple[dt.date, dt.date] | None,
) -> tuple[Filters, list[str]]:
    """The filters a query string asks for, and a notice for each kind of value dropped.

    Keys other than the filters' own are left alone (other views may use them).
    A ``from`` at or before the first date (a ``to`` at or after the last) selects
    everything and reads as no bound; one that would select nothing is dropped.
    ``date_bounds=None`` means the corpus has no dates, so dates are dropped.
    """
    notices: list[str] = []
    docs = _chosen(params, DOC, known_docs, noun="document", notices=notices)
    outlets = _chosen(params, OUTLET, known_outlets, noun="outlet", notices=notices)
    labels = _chosen(params, LABEL, known_labels, noun="entity type", notices=notices)
    date_from = _date(params, DATE_FROM, date_bounds, notices=notices)
    date_to = _date(params, DATE_TO, date_bounds, notices=notices)
    if date_from and date_to and date_from > date_to:
        notices.append(f"Ignored the date range: {date_from} is after {date_to}.")
        date_from = date_to = None
    min_mentions = _min_mentions(params, notices=notices)
    filters = Filters(
        docs=docs, outlets=outlets, date_from=date_from, date_to=date_to, labels=labels, min_mentions=min_mentions
    )
    return filters, notices


def to_query(filters: Filters) -> dict[str, list[str]]:
    """The query parameters for ``filters``, leaving out whatever is at its default."""
    query: dict[str, list[str]] = {}
    for key, values in ((DOC, filters.docs), (OUTLET, filters.outlets), (LABEL, filters.labels)):
        if values:
            query[key] = list(values)
    if filters.date_from:
        query[DATE_FROM] = [filters.date_from.isoformat()]
    if filters.date_to:
        query[DATE_TO] = [filters.date_to.isoformat()]
    if filters.min_mentions != 1:
        query[MIN_MENTIONS] = [str(filters.min_mentions)]
    return query


def date_bounds(documents: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """First and last day the dated documents cover (a month-precision date covers its whole month); None if undated."""
    dated = documents[documents["published"].notna()]
    if dated.empty:
        return None
    last = _period_end(dated).max() - pd.Timedelta(days=1)
    return dated["published"].min().date(), last.date()


def apply(tables: Tables, filters: Filters) -> Tables:
    """The tables restricted to ``filters``.

    Documents are narrowed by id, outlet and date; a document matches a date range
    when its period (day, month or year, by its precision) overlaps it, and undated
    documents drop out once a date is set. Every other table keeps the rows of the
    remaining documents; mentions are also narrowed by entity type and to entities
    mentioned at least ``min_mentions`` times in what remains, and places follow
    their mentions. The outlets table is recounted.
    """
    documents = tables.documents
    keep = pd.Series(True, index=documents.index)
    if filters.docs:
        keep &= documents["doc_id"].isin(filters.docs)
    if filters.outlets:
        keep &= documents["outlet"].fillna(UNKNOWN).isin(filters.outlets)
    if filters.date_from or filters.date_to:
        published = documents["published"]
        keep &= published.notna()
        if filters.date_from:
            keep &= _period_end(documents) > pd.Timestamp(filters.date_from)
        if filters.date_to:
            keep &= published < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
    documents = documents[keep.fillna(False)]
    doc_ids = documents["doc_id"]

    mentions = _of_docs(tables.mentions, doc_ids)
    places = _of_docs(tables.places, doc_ids)
    if filters.labels:
        mentions = mentions[mentions["label"].isin(filters.labels)]
    if filters.min_mentions > 1:
        counts = mentions["entity"].value_counts()
        mentions = mentions[mentions["entity"].isin(counts.index[counts >= filters.min_mentions])]
    if filters.labels or filters.min_mentions > 1:
        span = ["doc_id", "start", "end"]
        places = places[pd.MultiIndex.from_frame(places[span]).isin(pd.MultiIndex.from_frame(mentions[span]))]

    return replace(
        tables,
        documents=documents.reset_index(drop=True),
        provenance=_of_docs(tables.provenance, doc_ids),
        boilerplate=_of_docs(tables.boilerplate, doc_ids),
        sentences=_of_docs(tables.sentences, doc_ids),
        mentions=mentions.reset_index(drop=True),
        keywords=_of_docs(tables.keywords, doc_ids),
        places=places.reset_index(drop=True),
        quotes=_of_docs(tables.quotes, doc_ids),
        outlets=_recount(tables.outlets, documents),
    )


def narrow(tables: Tables, doc_ids: Collection[str]) -> Tables:
    """The tables of the documents ``doc_ids`` only (none for an empty collection), other filters as they were."""
    documents = tables.documents[tables.documents["doc_id"].isin(doc_ids)]
    doc_ids = documents["doc_id"]
    return replace(
        tables,
        documents=documents.reset_index(drop=True),
        **{name: _of_docs(getattr(tables, name), doc_ids) for name in ("provenance", "boilerplate", "sentences", "mentions", "keywords", "places", "quotes")},
        outlets=_recount(tables.outlets, documents),
    )


def _values(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    value = params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _chosen(
    params: Mapping[str, str | list[str]], key: str, known: Collection[str], *, noun: str, notices: list[str]
) -> tuple[str, ...]:
    values = [v for v in _values(params, key) if v]
    if len(values) > MAX_VALUES:
        notices.append(f"Used the first {MAX_VALUES} of {len(values)} `{key}` values.")
        values = values[:MAX_VALUES]
    allowed = set(known)
    too_long = [v for v in values if len(v) > MAX_CHARS]
    unknown = [v for v in values if len(v) <= MAX_CHARS and v not in allowed]
    if too_long:
        notices.append(f"Ignored {len(too_long)} `{key}` value(s) longer than {MAX_CHARS} characters.")
    if unknown:
        notices.append(f"Ignored {len(unknown)} unknown {noun}(s): {_examples(unknown)}.")
    return tuple(dict.fromkeys(v for v in values if v in allowed and len(v) <= MAX_CHARS))


def _date(
    params: Mapping[str, str | list[str]], key: str, bounds: tuple[dt.date, dt.date] | None, *, notices: list[str]
) -> dt.date | None:
    value = _single(params, key, notices=notices)
    if value is None:
        return None
    if bounds is None:
        notices.append(f"Ignored `{key}`: these documents have no dates.")
        return None
    if not _ISO_DATE.fullmatch(value):
        notices.append(f"Ignored `{key}` = {_shown(value)}: not a date like 2023-06-30.")
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        notices.append(f"Ignored `{key}` = {_shown(value)}: no such date.")
        return None
    first, last = bounds
    if first < day < last or (key == DATE_FROM and day == last) or (key == DATE_TO and day == first):
        return day
    # A bound at or past its own end of the corpus selects everything, so it reads as no bound; one past the
    # other end would select nothing. Either way what is kept fits a date widget limited to the bounds.
    if (key == DATE_FROM and day > last) or (key == DATE_TO and day < first):
        notices.append(f"Ignored `{key}` = {day}: the documents are dated {first} to {last}.")
    return None


def _min_mentions(params: Mapping[str, str | list[str]], *, notices: list[str]) -> int:
    value = _single(params, MIN_MENTIONS, notices=notices)
    if value is None:
        return 1
    if not _COUNT.fullmatch(value) or not 1 <= int(value) <= MAX_MIN_MENTIONS:
        notices.append(f"Ignored `{MIN_MENTIONS}` = {_shown(value)}: must be a whole number from 1 to {MAX_MIN_MENTIONS}.")
        return 1
    return int(value)


def _single(params: Mapping[str, str | list[str]], key: str, *, notices: list[str]) -> str | None:
    values = [v for v in _values(params, key) if v]
    if len(values) > 1:
        notices.append(f"Ignored `{key}`: expected one value, got {len(values)}.")
        return None
    return values[0] if values else None


def _examples(values: list[str]) -> str:
    shown = ", ".join(_shown(v) for v in values[:_SHOWN_EXAMPLES])
    return shown + (", …" if len(values) > _SHOWN_EXAMPLES else "")


def _shown(value: str) -> str:
    """A short, inert rendering of a hostile value: notices are shown as Markdown, which renders links and images."""
    safe = "".join(c if c.isalnum() or c in " -_./:" else "?" for c in value[:_SHOWN_CHARS])
    return f"'{safe}{'…' if len(value) > _SHOWN_CHARS else ''}'"


def _period_end(documents: pd.DataFrame) -> pd.Series:
    """The day after each document's period: its date plus a day, a month or a year, by precision."""
    published = documents["published"]
    end = published + pd.Timedelta(days=1)
    for precision, offset in _PERIODS.items():
        mask = documents["date_precision"] == precision
        end = end.mask(mask.fillna(False), published + offset)
    return end


def _of_docs(frame: pd.DataFrame, doc_ids: pd.Series) -> pd.DataFrame:
    return frame[frame["doc_id"].isin(doc_ids)].reset_index(drop=True)


def _recount(outlets: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The outlets that still have documents, with their documents and words counted again."""
    return aggregate.outlet_mix(outlets, documents)
