"""Reading the dates news sites print: the only module that imports dateutil.

``python-dateutil`` reads the many forms a date takes ("17 August 2021 11:55 (UTC +04:00)",
"09:55, 17 December 2025", "2023-09-20T11:16+0000", "Sept. 12, 2023", "20.09.2023"); this
module decides what counts as a date at all (a metadata value, or a header line that is a
date and little else) and how precise it is. The date is the one printed: a time zone only
says where the clock was, it does not move the day.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from dateutil import parser as date_parser

# Years a news article can carry; a value outside them is a misreading (an id, a count).
_FIRST_YEAR, _LAST_YEAR = 1900, 2100
# Two defaults that differ in every field: what the text leaves out, the parser fills in from
# the default, so a field that differs between the two readings was not in the text. Both are
# leap years, so a year-less "February 29" reads as a day in each.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2004, 2, 2))
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)[-/.](\d\d?)")
_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:\d{4}[-./]\d\d?[-./]\d\d?|\d\d?[-./]\d\d?[-./]\d{4})(?!\d)")
# Words a dateline may carry besides the date itself.
_DATELINE_WORDS = frozenset(
    "published updated posted modified date last on at of by am pm utc gmt msk amt azt get "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun".split()
)
_MAX_DATELINE_CHARS = 80
_MAX_OTHER_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")
_DATE_TOKEN = re.compile(
    r"\d{1,4}(?:[:./-]\d{1,4})*|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)


class ParsedDate(NamedTuple):
    """A date as printed: the first day of the period it names, and whether that is a day, month or year."""

    date: dt.date
    precision: str


def parse_date(value: str) -> ParsedDate | None:
    """A metadata value ("2023", "2023-06", "29 September 2023, 17:49", ...) as a date, or None."""
    value = value.strip()
    if not value or len(value) > 2 * _MAX_DATELINE_CHARS:
        return None
    if _YEAR.fullmatch(value):
        return ParsedDate(dt.date(int(value), 1, 1), "year")
    month_only = _YEAR_MONTH.fullmatch(value)
    if month_only:
        return _checked(int(month_only[1]), int(month_only[2]), 1, "month")
    return _read(value, max_other_words=_MAX_OTHER_WORDS)


def parse_dateline(line: str) -> ParsedDate | None:
    """The date a header line states when the line is a date and little else
    ("Published: 17 August 2021 11:55 (UTC +04:00)", "Politics | 3 March 2024 | 14:05"), else None.

    A sentence that mentions a date is not a dateline: besides the date, the line may hold at most
    a few words (a label, a section) and the usual dateline words (weekdays, "updated", time zones).
    A date without a year is not returned here (see :func:`parse_month_day`)."""
    line = line.strip()
    if not line or len(line) > _MAX_DATELINE_CHARS or not any(c.isdigit() for c in line):
        return None
    if not (_MONTH_NAME.search(line) or _NUMERIC_DATE.search(line)):
        return None
    return _read(line, max_other_words=_MAX_OTHER_WORDS)


def parse_month_day(line: str, *, year: int) -> ParsedDate | None:
    """A year-less dateline ("BAKU, Azerbaijan, September 20") in ``year``, the year the document
    gives elsewhere; None when the line holds no month and day."""
    line = line.strip()
    if not line or len(line) > _MAX_DATELINE_CHARS or not _MONTH_NAME.search(line):
        return None
    readings = []
    for default in _DEFAULTS:
        try:
            parsed, skipped = date_parser.parse(line, default=default, fuzzy_with_tokens=True)
        except (ValueError, OverflowError, TypeError):
            return None
        readings.append((parsed, skipped))
    (first, skipped), (second, _) = readings
    # A month and day read from the text are the same in both readings; the year is not.
    if first.month != second.month or first.day != second.day or first.year == second.year:
        return None
    # A dateline names its place first ("BAKU, Azerbaijan, September 20"): a few more words are allowed.
    if _words(skipped) > _MAX_OTHER_WORDS + 3:
        return None
    return _checked(year, first.month, first.day, "day")


def years_in(text: str) -> list[int]:
    """Plausible years written in ``text``, in order (evidence for a year-less dateline)."""
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]


def _read(value: str, *, max_other_words: int) -> ParsedDate | None:
    # A two-digit year ("1.2.23") is as often a version or a score as a date.
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", value):
        return None
    dayfirst = bool(re.search(r"\d\.\d", value))
    readings = _readings(value, dayfirst=dayfirst)
    outside: tuple[str, ...] = ()
    if readings is None:
        # The parser gives up on some furniture around a date ("24 February 2006 [10:06] - Today.Az"):
        # read the stretch from the first to the last date-like token, counting the words left outside.
        tokens = list(_DATE_TOKEN.finditer(value))
        if not tokens:
            return None
        start, end = tokens[0].start(), tokens[-1].end()
        outside = (value[:start], value[end:])
        readings = _readings(value[start:end], dayfirst=dayfirst)
        if readings is None:
            return None
    (first, skipped), (second, _) = readings
    if first.year != second.year or _words(skipped + outside) > max_other_words:
        return None
    if first.month != second.month:
        return _checked(first.year, 1, 1, "year")
    if first.day != second.day:
        return _checked(first.year, first.month, 1, "month")
    return _checked(first.year, first.month, first.day, "day")


def _readings(value: str, *, dayfirst: bool) -> list[tuple[dt.datetime, tuple[str, ...]]] | None:
    """The parser's reading of ``value`` with each default (see :data:`_DEFAULTS`), or None."""
    readings = []
    for default in _DEFAULTS:
        try:
            parsed, skipped = date_parser.parse(value, default=default, dayfirst=dayfirst, fuzzy_with_tokens=True)
        except (ValueError, OverflowError, TypeError):
            return None
        readings.append((parsed, skipped))
    return readings


def _words(skipped: tuple[str, ...]) -> int:
    """How many words the parser passed over that are not dateline words."""
    return sum(1 for token in skipped for word in _WORD.findall(token) if word.lower() not in _DATELINE_WORDS)


def _checked(year: int, month: int, day: int, precision: str) -> ParsedDate | None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        return ParsedDate(dt.date(year, month, day), precision)
    except ValueError:
        return None
