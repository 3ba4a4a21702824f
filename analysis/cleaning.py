"""Removing site boilerplate from article text, keeping what was removed.

The rules are line-based and named, so a user can see each removed line and the
rule that took it out, and check that nothing of the article itself was cut.
Cleaning is idempotent: cleaning cleaned text removes nothing more.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from analysis.types import RemovedLine

# Shared with metadata inference, which reads bylines and titles from the same lines.
BULLET = re.compile(r"^\s*[•▪●◦]\s*(?P<value>.*?)\s*$")
BREADCRUMB_HOME = re.compile(r"^\s*Home\s*[»›>]")
BREADCRUMB_TRAIL = re.compile(r"^(?P<title>[^/\n]{3,200}?)(?:\s/\s[^/\n]{1,60}){2,}\s/\s*Home\s*$")
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("breadcrumb", BREADCRUMB_HOME),
    ("breadcrumb", BREADCRUMB_TRAIL),
    ("see also", re.compile(r"^\s*See also\b", re.IGNORECASE)),
    ("social links", re.compile(r"^\s*Follow us\b", re.IGNORECASE)),
    ("byline", re.compile(r"^\s*by\s+(admin|administrator|editor|staff|webmaster)\s*$", re.IGNORECASE)),
    (
        "subscription",
        re.compile(r"\b(subscribe to|subscription to|sign up for our newsletter)\b", re.IGNORECASE),
    ),
    (
        "comment policy",
        re.compile(
            r"^\s*(comments, as far as possible|blog comments powered by|leave a comment|"
            r"this site uses akismet|you may also like|go to our policy)",
            re.IGNORECASE,
        ),
    ),
    ("cookie notice", re.compile(r"\bcookies?\b.*\b(experience|opt-out|accept|policy)\b", re.IGNORECASE)),
)
_LINE_BREAK = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Soft hyphens, zero-width spaces and word joiners are invisible in print but split words for the model.
_NEVER_TEXT = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\ufeff\u00ad\u200b\u2060]")
# Non-breaking hyphens and spaces are what a typesetter puts in "Nagorno‑Karabakh" or "10 km": to the
# model they are unknown characters ("Nagorno‑Karabakh" became an organisation), so they become plain ones.
_PLAIN = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u2007": " ", "\u202f": " "})
# A line that ends a sentence, a heading or a list item does not continue on the next line.
_ENDS_BLOCK = re.compile(r"[.!?…:;]['\"’”»)\]]*$|^\W*$")
_STARTS_ITEM = re.compile(r"^\s*(?:[-–—*•▪●◦]|\d+[.)])\s")
# Hard wraps: a scraper's lines are this long at least; a shorter line ending without punctuation is a
# heading, a label or a line the author broke on purpose ("Third\nwith a newline" in a CSV cell).
_MIN_CONTINUED_CHARS = 25
# A text is hard-wrapped when this many of its lines run on into a next line in lower case; then a line
# at least this share of their median length runs on into a next line starting with a capital.
_MIN_WRAPS = 2
_WRAP_SHARE = 0.6
_MAX_BOILERPLATE_CHARS = 400
_HEADER_LINES = 10


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text and the lines taken out of it."""

    text: str
    removed: tuple[RemovedLine, ...]


def normalise_newlines(text: str) -> str:
    """Text as everything else reads it: Unicode NFC, line ends unified (every kind ``str.splitlines``
    knows), characters that are never article text dropped (control characters other than tab and line
    ends, byte-order marks, soft hyphens, zero-width spaces) and non-breaking hyphens and spaces made plain."""
    text = _LINE_BREAK.sub("\n", _NEVER_TEXT.sub("", text)).translate(_PLAIN)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_text(raw: str) -> Cleaned:
    """Remove boilerplate lines from ``raw`` and return the rest with the removed lines."""
    removed: list[RemovedLine] = []
    kept: list[tuple[int, str]] = []
    for line_no, line in enumerate(normalise_newlines(raw).split("\n"), start=1):
        rule = _rule_for(line, header=line_no <= _HEADER_LINES)
        if rule is None:
            kept.append((line_no, line.rstrip()))
        else:
            removed.append(RemovedLine(line_no=line_no, line=line.strip(), rule=rule))
    while _ends_with_repeated_header(kept):
        line_no, line = kept.pop()
        removed.append(RemovedLine(line_no=line_no, line=line.strip(), rule="series label"))
        # The same label at the top is the series name, not the headline: it goes too.
        for index, (head_no, head) in enumerate(kept[:4]):
            if head.strip() == line.strip() and index > 0:
                removed.append(RemovedLine(line_no=head_no, line=head.strip(), rule="series label"))
                del kept[index]
                break
    removed.sort(key=lambda r: r.line_no)
    return Cleaned(text=_tidy(unwrap([line for _, line in kept])), removed=tuple(removed))


def _rule_for(line: str, *, header: bool) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_BOILERPLATE_CHARS:
        return None
    if BULLET.match(line):
        # Short bullets at the top are JAMnews-style bylines (outlet, bureau); later ones link elsewhere.
        return "byline bullet" if header and len(stripped.split()) <= 4 else "related link"
    for name, pattern in _RULES:
        if pattern.search(stripped):
            return name
    return None


def _ends_with_repeated_header(lines: list[tuple[int, str]]) -> bool:
    """Whether the last line only repeats one of the first lines (a series label used as a footer)."""
    while lines and not lines[-1][1].strip():
        lines.pop()
    content = [line.strip() for _, line in lines if line.strip()]
    if len(content) < 4:
        return False
    last = content[-1]
    return last in content[:3] and len(last.split()) <= 10 and not last.endswith((".", "”", '"'))


def unwrap(lines: list[str]) -> list[str]:
    """``lines`` with hard-wrapped paragraphs joined: a line break in mid-sentence is a space.

    A long line that ends without sentence punctuation runs on into the next when that starts in lower
    case; in a text wrapped that way throughout, also when the next starts with a capital ("Nikol" /
    "Pashinyan"). A word hyphenated at the break keeps its hyphen and loses the break."""
    widths = sorted(_wraps(lines))
    # Wrapped lines fill most of the width the scraper wrapped at; a shorter one may be a heading.
    wrapped = int(widths[len(widths) // 2] * _WRAP_SHARE) if len(widths) >= _MIN_WRAPS else None
    out: list[str] = []
    for line in lines:
        if out and _runs_on(out[-1], line, wrapped=wrapped):
            previous = out[-1].rstrip()
            joiner = "" if previous.endswith("-") and previous[-2:-1].isalpha() else " "
            out[-1] = previous + joiner + line.strip()
        else:
            out.append(line)
    return out


def _wraps(lines: list[str]) -> list[int]:
    """The lengths of the lines that run on into a next line in lower case."""
    return [
        len(line.strip())
        for line, following in itertools.pairwise(lines)
        if _runs_on(line, following, wrapped=None) and following.lstrip()[:1].islower()
    ]


def _runs_on(line: str, following: str, *, wrapped: int | None) -> bool:
    """Whether ``following`` continues the sentence ``line`` breaks off; ``wrapped`` is the shortest
    wrapped line of a hard-wrapped text (None for other texts)."""
    line, following = line.strip(), following.strip()
    if not line or not following or _ENDS_BLOCK.search(line) or _STARTS_ITEM.match(following):
        return False
    if following[0].islower():
        return len(line) >= _MIN_CONTINUED_CHARS
    starts_text = following[0].isalnum() or following[0] in "\"“‘'«("
    return wrapped is not None and len(line) >= max(wrapped, _MIN_CONTINUED_CHARS) and starts_text


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)
