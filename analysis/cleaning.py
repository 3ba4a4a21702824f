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

from analysis.dates import parse_dateline, parse_month_day
from analysis.outlets import site_names
from analysis.types import RemovedLine

# Shared with metadata inference, which reads bylines and titles from the same lines.
BULLET = re.compile(r"^\s*[•▪●◦]\s*(?P<value>.*?)\s*$")
BREADCRUMB_HOME = re.compile(r"^\s*Home\s*[»›>]")
BREADCRUMB_TRAIL = re.compile(r"^(?P<title>[^/\n]{3,200}?)(?:\s/\s[^/\n]{1,60}){2,}\s/\s*Home\s*$")
_SHARE = (
    r"(?:share|save|print|tweet|e-?mail|copy link|comments?|reply|whatsapp|telegram|facebook|twitter|linkedin|vk|"
    r"instagram|youtube|messenger|viber|reddit|pinterest)"
)
# Rules for any line of a page: what they match is never article text.
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
    (
        "cookie notice",
        re.compile(
            # A consent button ("Accept all cookies", "Cookie settings") is a line of its own, often first.
            r"\bcookies?\b.*\b(experience|opt-out|accept|policy)\b"
            r"|^\W*(?:accept|reject|allow|manage) (?:all )?cookies\W*$|^\W*cookie (?:settings|preferences)\W*$",
            re.IGNORECASE,
        ),
    ),
    ("URL line", re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)),
    ("share bar", re.compile(rf"^\s*{_SHARE}(?:\s*[|•·/,]?\s*{_SHARE})*\s*:?\s*$", re.IGNORECASE)),
    ("social links", re.compile(r"^\s*(?:(?:follow|join|find|like) us on|connect with us)\b", re.IGNORECASE)),
    (
        "app banner",
        re.compile(
            r"\b(?:download|get|install) (?:the|our) (?:\w+ )?app\b"
            r"|\bavailable on (?:the )?(?:app store|google play)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "player fallback",
        re.compile(
            r"your browser (?:does not|doesn't|cannot) (?:support|play)|\benable javascript\b|^\s*html5\b|"
            r"no (?:compatible|media) source|to view this (?:video|content)"
            r"|video (?:player|is) (?:loading|unavailable)",
            re.IGNORECASE,
        ),
    ),
    (
        "photo credit",
        re.compile(
            r"^\s*(?:photos?|photograph|image|video|pictured|credit)\s*(?:credit)?\s*(?:by\b|:)"
            r"|\b(?:Photo|Video|Image)s?\s*(?:by\b|:)\s*[^.!?]{1,60}$"
        ),
    ),
    (
        "tag line",
        re.compile(
            r"^\s*(?:tags?|topics?|categories|category|region|theme|section|rubric|keywords|more about|filed under)"
            r"\s*:",
            re.IGNORECASE,
        ),
    ),
    (
        "read more",
        re.compile(
            r"^\s*(?:read (?:more|also|entire article|the full (?:story|article))|more (?:news|stories)|"
            r"related (?:news|articles|stories|posts)|(?:latest|popular|important|top|all) news|show more|load more|"
            r"back to top(?: button)?|top of page|leave a reply|partners'? news)\b[^.!?]{0,40}$",
            re.IGNORECASE,
        ),
    ),
    ("language switcher", re.compile(r"^\s*this (?:text|article|page|news) (?:is )?(?:also )?available in\b", re.I)),
    (
        "credit line",
        re.compile(
            r"^\s*\(?(?:reporting|writing|editing|additional reporting|compiled|translated|editing and translating)"
            r"\b[^.]{0,80}\bby\b[^.]{0,80}\)?\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "appeal",
        re.compile(
            r"\b(?:become an? (?:[\w-]+ ){0,3}member|becoming a member|join today|support (?:independent|our) "
            r"journalism|donate (?:now|today)|make a donation)\b",
            re.IGNORECASE,
        ),
    ),
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
# A paragraph: this many words ending a sentence, or this many in any case (a scrape cut mid-sentence).
_MIN_PARAGRAPH_WORDS = 10
_MIN_RUN_ON_WORDS = 25
_MIN_POINT_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?…]['\"’”»)\]]*\s*$")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LONG_WORD = re.compile(r"[^\W\d_]{3,}")
_NOT_WORD = re.compile(r"[^\w\s]")
_PUNCT = ".,:;!?()[]{}'\"“”‘’«»|/-–—•·"
_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*[,|]?\s*$", re.IGNORECASE)
_LABEL = re.compile(r"^\s*[^\s:]+(?:\s+[^\s:]+){0,2}\s*:\s*\S{0,20}$")
_MENU_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s{3,}")
_MIN_MENU_ITEMS = 3
_MAX_MENU_ITEM_WORDS = 3
_MAX_SYMBOL_CHARS = 30
_MAX_DATELINE_CHARS = 80
_MAX_DATELINE_WORDS = 8
_MAX_SITE_WORDS = 6
_MAX_FURNITURE_WORDS = 4
_MAX_RELATED_WORDS = 14
# A listed name, place or result ("Graham Poll (England)", "Topalov - Nisipeanu 1:0") is this many words at
# most, leaving out what is in brackets; a headline of another article is longer.
_MAX_LIST_ITEM_WORDS = 4
# A line ending in ":" this long is a sentence leading into a list, not a label ("Most read:").
_MIN_LEAD_IN_WORDS = 3
_BULLET_RULES = ("related link", "byline bullet")
_BULLET_ITEM = re.compile(r"[•▪●◦]")
_PARENTHESES = re.compile(r"\([^()]*\)")
_MIN_REPEAT_WORDS = 3
# Words of a page's furniture (menus, bars, labels): a short line of only these (and numbers) is not article text.
_FURNITURE_WORDS = frozenset(
    """share save print tweet email comment comments reply like follow subscribe subscription login log sign register
    search menu home news latest popular important related top more read show hide load next previous prev back page
    button close open online payment advertisement advertising ad ads sponsored video videos photo photos gallery live
    tv radio podcast podcasts newsletter contact about us our connect with join become member members membership
    donate support categories category tags tag topics section sections avatar published updated posted on by at in
    of the a an and or to for all view views national world politics economy society sport sports culture business
    opinion analysis region regions theme official feed rss app apps download archive editor's choice main breaking
    exclusive interview interviews multimedia infographics print version text size px""".split()
)


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
    """Remove boilerplate lines from ``raw`` and return the rest with the removed lines.

    Some rules hold for any line (:data:`_RULES`: share bars, URL lines, player fallbacks...); others only
    for the page furniture above the first and below the last paragraph of the article (:func:`_edge_rule`:
    menus, site names, timestamps, tags, lines in another script, related headlines). Paragraphs (long
    lines that end a sentence) are never removed, so cleaning again finds the same edges: idempotent."""
    lines = normalise_newlines(raw).split("\n")
    rules: list[str | None] = [_rule_for(line, header=no < _HEADER_LINES) for no, line in enumerate(lines)]
    body = [i for i, line in enumerate(lines) if rules[i] is None and _is_paragraph(line)]
    in_lists = _content_lists(lines, rules, first_paragraph=body[0] if body else None)
    for index in in_lists:
        if rules[index] in _BULLET_RULES:
            rules[index] = None
    if body:
        seen: set[str] = set()
        for index, line in enumerate(lines[: body[0]]):
            key = _repeat_key(line)
            # A headline repeated above the article (or doubled on its line) is page furniture; the first stays.
            if rules[index] is None and key and (key in seen or _doubled(key) in seen):
                rules[index] = "repeated headline"
            if key:
                seen.add(key)
        script = _script(" ".join(lines[i] for i in body))
        # A footer line that repeats one of the first lines is a series label (see below), not a headline.
        first_lines = [line.strip() for line in lines if line.strip()][:3]
        for index, line in enumerate(lines):
            if (index > body[-1] and line.strip() in first_lines) or index in in_lists:
                continue
            if rules[index] is None and (index < body[0] or index > body[-1]):
                rules[index] = _edge_rule(line, footer=index > body[-1], script=script)
    removed: list[RemovedLine] = []
    kept: list[tuple[int, str]] = []
    for line_no, (line, rule) in enumerate(zip(lines, rules, strict=True), start=1):
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


def is_furniture_title(line: str) -> bool:
    """Whether a line cannot be a headline: a date or time, a URL, symbols, a site name or a label.
    A time ("10:30 a.m.") has no word of three letters, so the first test covers it."""
    stripped = line.strip()
    return (
        not _LONG_WORD.search(stripped)
        or any(pattern.search(stripped) for name, pattern in _RULES if name in ("URL line", "share bar", "read more"))
        or (len(stripped) <= _MAX_DATELINE_CHARS and parse_dateline(stripped) is not None)
        or _site_only(stripped)
        or bool(_LABEL.match(stripped))
        or (len(stripped.split()) <= _MAX_DATELINE_WORDS and parse_month_day(stripped, year=2000) is not None)
    )


def _rule_for(line: str, *, header: bool) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_BOILERPLATE_CHARS:
        return None
    if BULLET.match(line) and not _is_summary_point(stripped):
        # Short bullets at the top are JAMnews-style bylines (outlet, bureau); later ones link elsewhere,
        # unless their neighbours show them to be a list in the article (:func:`_content_lists`).
        # A bullet that is a paragraph (a summary point ending a sentence) is article text.
        return "byline bullet" if header and len(stripped.split()) <= 4 else "related link"
    for name, pattern in _RULES:
        if pattern.search(stripped):
            return name
    if _TIME_ONLY.match(stripped) or (len(stripped) <= _MAX_DATELINE_CHARS and parse_dateline(stripped)):
        return "timestamp line"
    if len(stripped) <= _MAX_SYMBOL_CHARS and not _LONG_WORD.search(stripped):
        return "symbol line"
    if _is_menu(stripped):
        return "menu"
    return None


def _content_lists(lines: list[str], rules: list[str | None], *, first_paragraph: int | None) -> set[int]:
    """The bulleted lines that list things in the article (names, scores, points) and the lines introducing
    them: a run of bullets led in by a line ending in ":", or of short items between the article's lines.

    Links to other articles are headlines (five words and more), or follow a label ("Popular news",
    "Related:"); a list of people, places or results is short items the text goes on after."""
    kept: set[int] = set()
    for run in _bullet_runs(lines):
        before = _next_line(lines, run[0], step=-1)
        after = _next_line(lines, run[-1], step=1)
        if before is not None and _labels_links(lines[before]):
            continue
        short = all(_is_list_item(item) for index in run for item in _BULLET_ITEM.split(lines[index]) if item.strip())
        if before is not None and lines[before].rstrip().endswith(":"):
            if short or len(lines[before].split()) >= _MIN_LEAD_IN_WORDS:
                kept.update([before, *run])
        elif short and first_paragraph is not None and run[0] > first_paragraph and after is not None:
            if rules[after] is None and _SENTENCE_END.search(lines[after]):
                kept.update(run)
    return kept


def _bullet_runs(lines: list[str]) -> list[list[int]]:
    """Indices of bulleted lines, grouped where only blank lines come between them."""
    runs: list[list[int]] = []
    for index, line in enumerate(lines):
        if not BULLET.match(line):
            continue
        if runs and all(not between.strip() for between in lines[runs[-1][-1] + 1 : index]):
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _next_line(lines: list[str], index: int, *, step: int) -> int | None:
    """The index of the nearest non-blank line from ``index`` in direction ``step``, if any."""
    index += step
    while 0 <= index < len(lines):
        if lines[index].strip():
            return index
        index += step
    return None


def _labels_links(line: str) -> bool:
    """Whether ``line`` labels a block of links ("Popular news", "Related:", "Read also"), not article text."""
    stripped = line.strip()
    words = stripped.split()
    return (
        any(pattern.search(stripped) for _, pattern in _RULES)
        or _site_only(stripped)
        or (bool(words) and all(_is_furniture_word(word) for word in words))
    )


def _is_list_item(item: str) -> bool:
    """Whether a bullet's item is short (a name, a place, a score) or punctuated as part of a list."""
    words = [word for word in _PARENTHESES.sub(" ", item).split() if any(char.isalnum() for char in word)]
    return len(words) <= _MAX_LIST_ITEM_WORDS or item.rstrip().endswith((",", ";"))


def _edge_rule(line: str, *, footer: bool, script: str | None) -> str | None:
    """The rule for a line above the article's first paragraph or below its last, if one applies."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_BOILERPLATE_CHARS:
        return None
    words = stripped.split()
    if _site_only(stripped):
        return "site name"
    if len(words) <= _MAX_DATELINE_WORDS and parse_month_day(stripped, year=2000) is not None:
        return "dateline"
    line_script = _script(stripped)
    if script and line_script and line_script != script:
        return "other script"
    ends_sentence = bool(_SENTENCE_END.search(stripped))
    if not ends_sentence and len(words) <= _MAX_FURNITURE_WORDS:
        if len(words) == 1 or all(_is_furniture_word(word) for word in words):
            return "page furniture"
    if footer and not ends_sentence and len(words) <= _MAX_RELATED_WORDS and ", " not in stripped:
        return "related headline"
    return None


def _is_furniture_word(word: str) -> bool:
    return word.strip(_PUNCT).casefold() in _FURNITURE_WORDS or not _LONG_WORD.search(word)


def _site_only(line: str) -> bool:
    """Whether ``line`` names a site and little else ("DW News", "News.am, Armenia", "Reuters")."""
    return len(line.split()) <= _MAX_SITE_WORDS and not _SENTENCE_END.search(line) and bool(site_names(line))


def _is_paragraph(line: str) -> bool:
    """Whether ``line`` is article text for certain: a long line that ends a sentence, or a very long one."""
    n_words = len(line.split())
    return (n_words >= _MIN_PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))) or n_words >= _MIN_RUN_ON_WORDS


def _is_summary_point(line: str) -> bool:
    """Whether a bullet is a point of the article (a long statement), not a link to another one."""
    return len(line.split()) >= _MIN_POINT_WORDS and line.rstrip("'\"’”»)] ").endswith((".", "…"))


def _is_menu(line: str) -> bool:
    parts = [p for p in _MENU_SEPARATORS.split(line) if p.strip()]
    return len(parts) >= _MIN_MENU_ITEMS and all(len(p.split()) <= _MAX_MENU_ITEM_WORDS for p in parts)


def _repeat_key(line: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", line.casefold()).split()) if len(line.split()) >= _MIN_REPEAT_WORDS else ""


def _doubled(key: str) -> str:
    """The first half of a key that is the same words twice ("a b a b" gives "a b"), else ""."""
    words = key.split()
    half = len(words) // 2
    return " ".join(words[:half]) if len(words) % 2 == 0 and words[:half] == words[half:] else ""


def _script(text: str) -> str | None:
    """The writing system most of the letters of ``text`` are in (LATIN, CYRILLIC, ARMENIAN...), if any."""
    counts = {"LATIN": len(_ASCII_LETTERS.findall(text))}
    # Only letters beyond ASCII need their Unicode name: looked up per character, they are few in English.
    for char in _NON_ASCII.findall(text):
        if char.isalpha():
            script = unicodedata.name(char, "?").split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


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
            joined = previous + joiner + line.strip()
            # Two short link bars ("Politics •" / "world • Sport") would join into a menu that cleaning the
            # text again removes: they stay apart, so cleaning stays idempotent.
            if not _is_menu(joined):
                out[-1] = joined
                continue
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
