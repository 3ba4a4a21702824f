"""Inferring an article's title, outlet, bureau, author and date from its text.

Each inferred field comes with the method and the evidence that found it, so the
dashboard can mark it "inferred" and a user can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.cleaning import BREADCRUMB_HOME, BREADCRUMB_TRAIL, BULLET, is_furniture_title

# parse_date is re-exported: metadata values and datelines are read alike.
from analysis.dates import ParsedDate, parse_dateline, parse_month_day, years_in
from analysis.dates import parse_date as parse_date
from analysis.outlets import Outlet as Outlet
from analysis.outlets import canonical_outlet as canonical_outlet
from analysis.outlets import find_outlet, outlet_info
from analysis.outlets import known_outlets as known_outlets
from analysis.outlets import outlet_from_url as outlet_from_url
from analysis.types import FieldSource

_HEADER_LINES = 12
# Site furniture (menus, share bars) can push the dateline down, so it is looked for further than the title.
_DATELINE_LINES = 40
_FOOTER_LINES = 8
_AUTHOR = re.compile(r"^\s*(?:by|By|BY)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$")
_GENERIC_AUTHORS = {"admin", "administrator", "editor", "staff", "webmaster"}
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
# The fallback title is the first words of the first line this long.
_MIN_SENTENCE_WORDS = 5
_FALLBACK_TITLE_WORDS = 10
# "Site » Section » Headline": a breadcrumb ending in the headline.
_CRUMBS = re.compile(r"\s+[»›]\s+")
_MIN_CRUMBS = 3


@dataclass(frozen=True, slots=True)
class Inferred:
    """Metadata found in a text, each field with its provenance."""

    values: dict[str, object]
    provenance: tuple[FieldSource, ...]


def infer_metadata(raw: str, *, cleaned: str | None = None) -> Inferred:
    """Infer title, outlet, bureau, author and date from the raw text of one article.

    The title is read from ``cleaned`` (the text without its boilerplate) when given: the site's
    furniture above the headline (menus, dates, site names) is gone from it; outlet and date are
    read from ``raw``, where the credits and datelines still are."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    header = [line for line in lines[:_HEADER_LINES] if line]
    values: dict[str, object] = {}
    sources: list[FieldSource] = []

    def found(field: str, value: object, method: str, evidence: str) -> None:
        if value not in (None, "") and field not in values:
            values[field] = value
            sources.append(FieldSource(field=field, method=method, evidence=evidence[:200]))

    text_lines = lines if cleaned is None else [line.strip() for line in cleaned.split("\n")]
    candidates = [line for line in text_lines[:_HEADER_LINES] if line]
    for line in header:
        trail = BREADCRUMB_TRAIL.match(line)
        if trail and not BREADCRUMB_HOME.match(line):
            found("title", trail["title"].strip(), "breadcrumb", line)

    def furniture(line: str) -> bool:
        return bool(BULLET.match(line) or BREADCRUMB_HOME.match(line) or _AUTHOR.match(line)) or is_furniture_title(
            line
        )

    for line in candidates:
        if furniture(line):
            continue
        crumbs = _CRUMBS.split(line)
        title = crumbs[-1].strip() if len(crumbs) >= _MIN_CRUMBS else line
        if len(title) <= _MAX_TITLE_CHARS and len(title.split()) <= _MAX_TITLE_WORDS:
            found("title", title, "first line", line)
        break
    sentence = next(
        (line for line in text_lines if len(line.split()) >= _MIN_SENTENCE_WORDS and not furniture(line)), None
    )
    if sentence:
        title = _first_words(sentence)
        found("title", title, "first words", title.removesuffix("…"))

    bullets = [m["value"] for m in map(BULLET.match, header) if m and len(m["value"].split()) <= 4]
    for value in bullets:
        outlet = outlet_info(value)
        if outlet:
            found("outlet", outlet.name, "byline bullet", f"• {value}")
        elif "outlet" in values:
            found("bureau", value, "byline bullet", f"• {value}")

    credited, method, evidence = find_outlet(lines)
    if credited:
        found("outlet", credited, method, evidence)

    dated = _dateline(lines)
    if dated is not None:
        (date, precision), method, line = dated
        found("published", date, method, line)
        found("date_precision", precision, method, line)
    for line in header:
        author = _AUTHOR.match(line)
        if author and author["name"].lower() not in _GENERIC_AUTHORS:
            found("author", author["name"], "byline", line)
    return Inferred(values=values, provenance=tuple(sources))


def _first_words(line: str) -> str:
    """The first words of ``line``, as many as a short title has ("…" marks the cut)."""
    words = line.split()
    return " ".join(words[:_FALLBACK_TITLE_WORDS]) + ("…" if len(words) > _FALLBACK_TITLE_WORDS else "")


def _dateline(lines: list[str]) -> tuple[ParsedDate, str, str] | None:
    """(date, method, line) of the first dateline near the top, else near the bottom (some sites print
    the date under the article); a year-less dateline ("BAKU, Azerbaijan, September 20") takes its year
    only from a year written elsewhere in the same text, the latest one when they differ."""
    content = [line for line in lines if line]
    near = content[:_DATELINE_LINES] + content[-_FOOTER_LINES:]
    for line in near:
        parsed = parse_dateline(line)
        if parsed is not None:
            return parsed, "dateline", line
    years = years_in("\n".join(content))
    if years:
        for line in content[:_DATELINE_LINES]:
            parsed = parse_month_day(line, year=max(years))
            if parsed is not None:
                return parsed, "dateline, year from the text", line
    return None
