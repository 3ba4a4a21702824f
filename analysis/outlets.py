"""The outlets table and finding the outlet that published a text.

``analysis/data/outlets.csv`` lists known outlets with their aliases, country, type and web
domains, so one outlet has one name everywhere ("Azernews", "AZERNEWS" and azernews.az are all
AzerNews). :func:`find_outlet` reads the cues a page gives of its publisher: its name or URL on a
line of its own near the top or bottom, a copyright or dateline credit, the outlet crediting
itself ("..., Azernews reports"), "told X", a photo credit.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Cues that credit an outlet as the publisher: (method, weight, pattern with {names}).
_N = r"(?<![\w.-])(?:{names})(?![\w-]|\.\w)"
_CUES: tuple[tuple[str, int, str], ...] = (
    (
        "copyright credit",
        3,
        r"(?:©|\([cC]\)|\b[Cc]opyright\b|\bCOPYRIGHT\b)\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?(?:by\s+)?" + _N,
    ),
    ("dateline credit", 3, r"^\s*[A-Z][\w .,/-]{0,40}?[,.]\s*" + _N + r"\s*(?:[.:/—–]|--?\s|$)"),
    ("dateline credit", 3, r"^\s*" + _N + r"\s*:\s*$"),
    ("self-credit", 3, r"[,;]\s*" + _N + r"\s+(?:reports|informs)\b"),
    ("self-credit", 3, r"(?:^|[.!?]\s+)" + _N + r"\s+(?:informs|quotes)\b"),
    ("byline credit", 3, r"^\s*/?\s*[Bb]y\s+" + _N + r"\s*(?:/|$)"),
    ("feed credit", 3, r"appeared first on\s+" + _N),
    ("attribution cue", 2, r"\b(?:told|to|for)\s+" + _N + r"(?!\s+(?:reported|said|wrote))"),
    ("attribution cue", 2, r"\b[Ss]ubscri(?:be|ption) to\s+" + _N + r"|" + _N + r" has reached out\b"),
    ("photo credit", 2, r"\b(?:Photo|Photograph|Video|Image)s?\s*(?:by|:)[^\n/|]{0,60}[/|]\s*" + _N),
    ("membership appeal", 1, r"\b(?:[Bb]ecome an?|[Aa]ssisting|[Ss]upport)\s+" + _N + r"|" + _N + r"\s+[Mm]ember"),
)
_SITE_WEIGHT = 3
_SITE_LINES = 15
_FOOTER_LINES = 8
_MAX_SITE_LINE_CHARS = 120
# "News.am, Armenia": a site name and its place, separated by a comma, in a line this short.
_MAX_NAME_AND_PLACE_WORDS = 4
_SITE_SEPARATORS = re.compile(r"\s*[|»›•·–—]\s*|\s+-\s+|\s*\[[^\]]*\]\s*")
_WORD = re.compile(r"\w+")
_URL_LINE = re.compile(r"^\s*(?P<url>(?:https?://|www\.)\S+)\s*$", re.I)
_URL_HOST = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\s]*@)?(?P<host>[\w-]+(?:\.[\w-]+)+)(?::\d+)?(?:[/?#]|$)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A known outlet: its name, the other names it goes by, its country, its type and its web domains."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    type: str | None
    domains: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the outlet is written: its name, aliases and domains."""
        return (self.name, *self.aliases, *self.domains)


@cache
def known_outlets() -> tuple[Outlet, ...]:
    """The editable table of known outlets shipped in ``analysis/data/outlets.csv``."""
    text = resources.files("analysis.data").joinpath("outlets.csv").read_text(encoding="utf-8")
    return tuple(
        Outlet(
            name=row["outlet"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            country=row["country"] or None,
            type=row["type"] or None,
            domains=tuple(d.casefold() for d in (row.get("domains") or "").split("|") if d),
        )
        for row in csv.DictReader(text.splitlines())
    )


def outlet_info(name: str | None) -> Outlet | None:
    """The known outlet called ``name`` (its name, an alias or a domain, in any case), if any."""
    if not name:
        return None
    return _by_name().get(name.strip().casefold())


def canonical_outlet(name: str) -> str:
    """The one name of the outlet ``name`` stands for ("Azernews", "Trend News Agency", "trend.az"
    become "AzerNews" and "Trend"); a name the outlets table does not know is kept as written."""
    info = outlet_info(name)
    return info.name if info else name.strip()


def names_of(outlet: str | None) -> tuple[str, ...]:
    """Every way ``outlet`` is written (its names, aliases and domains when known, else itself)."""
    if not outlet:
        return ()
    info = outlet_info(outlet)
    return info.names if info else (outlet,)


def outlet_from_url(url: str) -> tuple[str | None, str | None]:
    """(the known outlet of ``url``'s domain or a parent domain, else None; the host without "www.")."""
    match = _URL_HOST.match(url.strip())
    if not match:
        return None, None
    host = match["host"].casefold().rstrip(".")
    parts = host.split(".")
    for start in range(len(parts) - 1):
        info = _by_domain().get(".".join(parts[start:]))
        if info is not None:
            return info.name, host
    return None, host.removeprefix("www.")


@cache
def _by_name() -> dict[str, Outlet]:
    found: dict[str, Outlet] = {}
    for outlet in known_outlets():
        for name in outlet.names:
            found.setdefault(name.casefold(), outlet)
    return found


@cache
def _by_domain() -> dict[str, Outlet]:
    return {domain: outlet for outlet in known_outlets() for domain in outlet.domains}


def find_outlet(lines: list[str]) -> tuple[str | None, str, str]:
    """(outlet, method, evidence): the known outlet the text credits most as its publisher.

    Each cue scores its weight (:data:`_CUES`): a site-name or URL line near the top or bottom, a
    copyright or dateline credit, the outlet crediting itself ("..., Azernews reports"), "told X", a
    photo credit. Citing another outlet ("As APA reports", "Reuters reported") is not a cue."""
    text = "\n".join(lines)
    folded = text.casefold()
    scores: dict[str, int] = {}
    evidence: dict[str, tuple[int, str, str]] = {}

    def credit(outlet: str, weight: int, method: str, seen: str) -> None:
        scores[outlet] = scores.get(outlet, 0) + weight
        if weight > evidence.get(outlet, (0, "", ""))[0]:
            evidence[outlet] = (weight, method, seen)

    content = [line for line in lines if line]
    for line in content[:_SITE_LINES] + content[-_FOOTER_LINES:]:
        for name, seen in site_names(line):
            credit(name, _SITE_WEIGHT, "site name line", seen)
    words = set(_WORD.findall(folded))
    cues = _cue_index()
    # Most articles name one or two outlets: only theirs are scanned, found by the first word of a name.
    mentioned = sorted({index for word in words & cues.keys() for index in cues[word]})
    for outlet, spellings, patterns in (_cue_table()[index] for index in mentioned):
        # The patterns match these spellings only, so a text without one of them is not scanned.
        if not any(spelling in text for spelling in spellings):
            continue
        for method, weight, pattern in patterns:
            for match in pattern.finditer(text):
                credit(outlet.name, weight, method, match.group().strip())
    if not scores:
        return None, "", ""
    best = max(scores, key=lambda name: scores[name])
    _, method, seen = evidence[best]
    return best, method, f"{seen!r} (score {scores[best]})"


def site_names(line: str) -> list[tuple[str, str]]:
    """Outlets a header or footer line names as the site: the whole line or one of its parts
    ("Today.Az » Politics » ...", "24 February 2006 - Today.Az", "DW News") is a name, or a URL."""
    if len(line) > _MAX_SITE_LINE_CHARS:
        return []
    found = []
    url = _URL_LINE.match(line)
    if url:
        outlet, _ = outlet_from_url(url["url"])
        if outlet:
            found.append((outlet, line))
        return found
    parts = _SITE_SEPARATORS.split(line)
    if len(line.split()) <= _MAX_NAME_AND_PLACE_WORDS:
        parts += line.split(",")
    for part in parts:
        info = outlet_info(part.strip(" .:/()[]"))
        if info is not None:
            found.append((info.name, line))
            break
    return found


@cache
def _cue_index() -> dict[str, tuple[int, ...]]:
    """The outlets (indices into :func:`_cue_table`) each word starts a name of (case-folded)."""
    index: dict[str, set[int]] = {}
    for number, (_, spellings, _) in enumerate(_cue_table()):
        for name in spellings:
            first = _WORD.findall(name.casefold())
            if first:
                index.setdefault(first[0], set()).add(number)
    return {word: tuple(sorted(numbers)) for word, numbers in index.items()}


@cache
def _cue_table() -> tuple[tuple[Outlet, tuple[str, ...], tuple[tuple[str, int, re.Pattern[str]], ...]], ...]:
    """Per outlet: the spellings its cue patterns match (for a quick substring test) and the patterns.

    Names match as written or in capitals ("ARMENPRESS"), never in lower case: "to report" does not
    credit Report, nor "for trend" Trend."""
    cues = []
    for outlet in known_outlets():
        spellings = {v for n in outlet.names for v in (n, n.upper(), n.title() if n.islower() else n)}
        names = "|".join(re.escape(n) for n in sorted(spellings, key=len, reverse=True))
        patterns = tuple(
            (method, weight, re.compile(template.replace("{names}", names), re.MULTILINE))
            for method, weight, template in _CUES
        )
        cues.append((outlet, tuple(sorted(spellings)), patterns))
    return tuple(cues)
