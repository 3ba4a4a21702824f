"""The global filters: a ``Filters`` record and its URL form (``store.memory`` applies them to tables).

The URL is the state of the view, so a share link restores it. A query string is
untrusted input: every value either selects from an allowlist the caller passes
(documents, outlets, languages and entity types of the loaded corpus) or parses as a bounded
date or number. Anything else is dropped with a short notice, never raised, and no
value is ever used as a path. No Streamlit here: the app reads ``st.query_params``
and passes a plain mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

DOC = "doc"
OUTLET = "outlet"
DATE_FROM = "from"
DATE_TO = "to"
LABEL = "label"
MIN_MENTIONS = "min"
UNDATED = "undated"
INCLUDE = "include"
LANGUAGE = "lang"

MAX_VALUES = 200
MAX_CHARS = 200
MAX_MIN_MENTIONS = 10_000

_SHOWN_CHARS = 24
_SHOWN_EXAMPLES = 3
# ASCII only: `int` and `date.fromisoformat` also accept other digits and ISO week forms.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNT = re.compile(r"[0-9]{1,5}")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user narrowed the corpus to; the defaults select everything."""

    docs: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    labels: tuple[str, ...] = ()
    min_mentions: int = 1
    # Whether a date range also keeps the undated documents (without a date range they are always kept).
    undated: bool = False
    # ISO 639-1 codes of the documents' languages ("en", "ru"): documents.language.
    languages: tuple[str, ...] = ()

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
    outlet_name: Callable[[str], str] | None = None,
    known_languages: Collection[str] = (),
) -> tuple[Filters, list[str]]:
    """The filters a query string asks for, and a notice for each kind of value dropped.

    ``outlet_name`` gives the one name of an outlet written another way (an alias or domain): an outlet
    value the corpus does not know by that name is read as the outlet it names, with a notice saying so.

    Keys other than the filters' own are left alone (other views may use them).
    A ``from`` at or before the first date (a ``to`` at or after the last) selects
    everything and reads as no bound; one that would select nothing is dropped.
    ``date_bounds=None`` means the corpus has no dates, so dates are dropped.
    """
    notices: list[str] = []
    docs = _chosen(params, DOC, known_docs, noun="document", notices=notices)
    outlets = _chosen(params, OUTLET, known_outlets, noun="outlet", notices=notices, rename=outlet_name)
    labels = _chosen(params, LABEL, known_labels, noun="entity type", notices=notices)
    languages = _chosen(params, LANGUAGE, known_languages, noun="language", notices=notices)
    date_from = _date(params, DATE_FROM, date_bounds, notices=notices)
    date_to = _date(params, DATE_TO, date_bounds, notices=notices)
    if date_from and date_to and date_from > date_to:
        notices.append(f"Ignored the date range: {date_from} is after {date_to}.")
        date_from = date_to = None
    min_mentions = _min_mentions(params, notices=notices)
    undated = _undated(params, notices=notices)
    filters = Filters(
        docs=docs,
        outlets=outlets,
        date_from=date_from,
        date_to=date_to,
        labels=labels,
        min_mentions=min_mentions,
        undated=undated and bool(date_from or date_to),
        languages=languages,
    )
    return filters, notices


def to_query(filters: Filters) -> dict[str, list[str]]:
    """The query parameters for ``filters``, leaving out whatever is at its default."""
    query: dict[str, list[str]] = {}
    for key, values in (
        (DOC, filters.docs),
        (OUTLET, filters.outlets),
        (LABEL, filters.labels),
        (LANGUAGE, filters.languages),
    ):
        if values:
            query[key] = list(values)
    if filters.date_from:
        query[DATE_FROM] = [filters.date_from.isoformat()]
    if filters.date_to:
        query[DATE_TO] = [filters.date_to.isoformat()]
    if filters.min_mentions != 1:
        query[MIN_MENTIONS] = [str(filters.min_mentions)]
    if filters.undated and (filters.date_from or filters.date_to):
        query[UNDATED] = [INCLUDE]
    return query


def _values(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    value = params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _chosen(
    params: Mapping[str, str | list[str]],
    key: str,
    known: Collection[str],
    *,
    noun: str,
    notices: list[str],
    rename: Callable[[str], str] | None = None,
) -> tuple[str, ...]:
    values = [v for v in _values(params, key) if v]
    if len(values) > MAX_VALUES:
        notices.append(f"Used the first {MAX_VALUES} of {len(values)} `{key}` values.")
        values = values[:MAX_VALUES]
    allowed = set(known)
    if rename is not None:
        values = _renamed(values, allowed, rename, key=key, notices=notices)
    too_long = [v for v in values if len(v) > MAX_CHARS]
    unknown = [v for v in values if len(v) <= MAX_CHARS and v not in allowed]
    if too_long:
        notices.append(f"Ignored {len(too_long)} `{key}` value(s) longer than {MAX_CHARS} characters.")
    if unknown:
        notices.append(f"Ignored {len(unknown)} unknown {noun}(s): {_examples(unknown)}.")
    return tuple(dict.fromkeys(v for v in values if v in allowed and len(v) <= MAX_CHARS))


def _renamed(
    values: list[str], allowed: set[str], rename: Callable[[str], str], *, key: str, notices: list[str]
) -> list[str]:
    """``values``, each one not allowed as written but allowed under its other name replaced by that name."""
    read: list[tuple[str, str]] = []
    out = []
    for value in values:
        name = rename(value) if value not in allowed and len(value) <= MAX_CHARS else value
        if name != value and name in allowed:
            read.append((value, name))
            value = name
        out.append(value)
    if read:
        shown = ", ".join(f"{_shown(a)} as {_shown(b)}" for a, b in read[:_SHOWN_EXAMPLES])
        notices.append(f"Read `{key}` {shown}{', …' if len(read) > _SHOWN_EXAMPLES else ''}.")
    return out


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
        notices.append(
            f"Ignored `{MIN_MENTIONS}` = {_shown(value)}: must be a whole number from 1 to {MAX_MIN_MENTIONS}."
        )
        return 1
    return int(value)


def _undated(params: Mapping[str, str | list[str]], *, notices: list[str]) -> bool:
    value = _single(params, UNDATED, notices=notices)
    if value is not None and value != INCLUDE:
        notices.append(f"Ignored `{UNDATED}` = {_shown(value)}: the only value is `{INCLUDE}`.")
    return value == INCLUDE


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
