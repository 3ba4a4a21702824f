"""Where quotation marks open and close: the quoted spans of a text, in every form outlets use.

Curly double quotes (“…”, a long quote reopening “ at each paragraph, and the
wrong-way ” some editors open with), straight double quotes ("…") and the doubled
apostrophes (''…'') of some US papers, within a paragraph, and curly single quotes
(‘…’) that some outlets use for whole statements. A straight or doubled mark left
open runs to the end of its paragraph, the convention for a quotation continued in
the next one. Marks are told from apostrophes by what surrounds them: ‘ opens before
a word, ’ closes when no letter follows (``it’s`` is not a closing mark).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

OPENING = "“‘\"'”"
CLOSING = "”’\"'"
_MARKS = re.compile('[“”"\n]')
_CURLY = re.compile("[“”]")
_NON_SPACE = re.compile(r"\S")
# A full stop that does not end a sentence: after a title or a state's abbreviation, or an initial.
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Prof|Rev|Hon|Pres|Supt|Det|Insp|St|Jr|Sr|"
    r"Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|"
    r"Tenn|Tex|Va|Vt|Wash|Wis|Wyo|No|Nos|vs|Inc|Corp|Co|Ltd|U\.S|U\.N|D\.C)|\b[A-Z])\.$"
)
# "… a win. “He’s …": the splitter keeps the opening mark with the sentence before.
_OPENING_MARK = re.compile(r"[.?!][”’\"']*(?P<space>\s+)(?P<mark>“|‘|\"|'')\s*$")
_PAIRED = re.compile(r"''|\"")
_SINGLE = re.compile(r"(?<![\w‘’])‘(?=\w)(?:[^‘’“”\n]|’(?=\w))*?[^\s‘]’(?!\w)")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text, marks included, sorted: see the module's docstring for the forms.
    An unclosed curly quote ends with its paragraph unless its closing mark comes before the next
    paragraph that opens a quote."""
    spans, closers = _curly(text)
    for paragraph_start, paragraph_end in paragraphs(text):
        paragraph = text[paragraph_start:paragraph_end]
        used = {c - paragraph_start for c in closers if paragraph_start <= c < paragraph_end}
        for mark in ('"', "''"):
            spans += [(paragraph_start + s, paragraph_start + e) for s, e in _paired(paragraph, mark, used=used)]
        spans += [(paragraph_start + m.start(), paragraph_start + m.end()) for m in _SINGLE.finditer(paragraph)]
    return sorted(spans)


def in_quotes(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``spans`` (sorted)."""
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def outermost(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one (a quotation within a quotation belongs to it)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotation marks (and spaces, commas, colons) at its ends."""
    start, end = trim(text, start, end)
    if text.startswith("''", start):
        start += 2
    elif start < end and text[start] in OPENING:
        start += 1
    if text.startswith("''", max(start, end - 2)) and end - 2 >= start:
        end -= 2
    elif start < end and text[end - 1] in CLOSING:
        end -= 1
    return trim(text, start, end)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:"):
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def joined_sentences(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence bounds, with three slips of a punctuation-based splitter mended: a paragraph break ends
    a sentence, a sentence cut after an abbreviation ("Rep.", "Mr.", "Fla.") is joined to the next, and a
    quotation mark opening the next sentence (kept with the one before, as closing marks are) is given back."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(_by_paragraph(text, sentences)):
        if out and out[-1][1] <= start:
            previous_start, previous_end = out[-1]
            if mark := _OPENING_MARK.search(text, previous_start, previous_end):
                out[-1] = (previous_start, mark.start("space"))
                start = mark.start("mark")
            elif "\n" not in text[previous_end:start] and ABBREVIATION.search(text, previous_start, previous_end):
                out[-1] = (previous_start, end)
                continue
        out.append((start, end))
    return out


def _by_paragraph(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences cut at line breaks: a paragraph ends its sentence, full stop or not ("… the U.S.\nChris …")."""
    out = []
    for start, end in sentences:
        parts = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]*[^\s][^\n]*", text[start:end])]
        out += parts or [(start, end)]
    return out


def sentence_stop(clause: str) -> int | None:
    """Where the first sentence of ``clause`` ends (after its full stop), skipping abbreviations' stops."""
    for m in re.finditer(r"[.?!](?=\s|$)", clause):
        if m.group() == "." and ABBREVIATION.search(clause[max(0, m.start() - 8) : m.end()]):
            continue
        return m.end()
    return None


def closed(text: str, start: int, end: int) -> bool:
    """Whether the quoted span [start, end) ends with a closing mark (not cut off by its paragraph's end)."""
    return text[start:end].rstrip().endswith(tuple(CLOSING)) and end - start > 1


def _curly(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Curly quotations, and where a straight mark closed one (“… ," said X: a mixed pair)."""
    spans: list[tuple[int, int]] = []
    closers: set[int] = set()
    start: int | None = None
    depth = 0
    # Only quote marks and line breaks matter: visit them, not every character.
    for mark in _MARKS.finditer(text):
        char, index = mark.group(), mark.start()
        if char in '“"' and start is not None and depth == 1 and _closes_mixed(text, index):
            # “… here,“ said / “… here," said: a mark of the wrong kind where the closing one belongs.
            spans.append((start, index + 1))
            closers.add(index)
            start = None
        elif char == '"':
            continue
        elif char == "“" or (char == "”" and start is None and _opens_wrong_way(text, index)):
            if start is None:
                start, depth = index, 1
            elif _at_paragraph_start(text, index):
                depth = 1
            elif depth == 1 and re.search(r"[.?!]\s+$", text[max(start, index - 3) : index]):
                # “A. [no closing mark] “B”: a new quotation after a finished sentence, not a nested one.
                spans.append((start, index))
                start = index
            else:
                depth += 1
        elif char == "”" and start is not None:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
                start = None
        elif char == "\n" and start is not None and not _closes_later(text, index):
            spans.append((start, index))
            start, depth = None, 0
    if start is not None:
        spans.append((start, len(text)))
    return spans, closers


def _closes_mixed(text: str, index: int) -> bool:
    """A “ or " right after a word or punctuation, before a space, with no ” to close the quotation in its paragraph."""
    after = text[index + 1 : index + 2]
    if index == 0 or text[index - 1].isspace() or (after and not after.isspace()):
        return False
    paragraph_end = text.find("\n", index)
    return "”" not in text[index : len(text) if paragraph_end < 0 else paragraph_end]


def _opens_wrong_way(text: str, index: int) -> bool:
    """A ” that opens a quotation: at a paragraph's start, right before a word."""
    return _at_paragraph_start(text, index) and index + 1 < len(text) and text[index + 1].isalnum()


def _paired(paragraph: str, mark: str, *, used: set[int]) -> list[tuple[int, int]]:
    """Spans between marks of one kind taken in pairs (but for those in ``used``, which closed a curly
    quotation); a last mark left open before a word runs to the end."""
    positions = [m.start() for m in _PAIRED.finditer(paragraph) if m.group() == mark and m.start() not in used]
    spans = [(a, b + len(mark)) for a, b in zip(positions[::2], positions[1::2])]
    if len(positions) % 2:
        last = positions[-1]
        before_word = paragraph[last + len(mark) : last + len(mark) + 1].isalnum()
        if before_word and (last == 0 or not paragraph[last - 1].isalnum()):
            spans.append((last, len(paragraph.rstrip())))
    return spans


def _at_paragraph_start(text: str, index: int) -> bool:
    line_start = text.rfind("\n", 0, index) + 1
    return not text[line_start:index].strip()


def _closes_later(text: str, newline: int) -> bool:
    """Whether an open quote continues past this paragraph break: the next paragraph reopens it
    with “, or its closing ” comes before any later paragraph opening with “ (a new quotation)."""
    depth = 1
    following = _NON_SPACE.search(text, newline + 1)
    next_paragraph = following.start() if following else len(text)
    for mark in _CURLY.finditer(text, newline + 1):
        index = mark.start()
        if mark.group() == "“":
            if _at_paragraph_start(text, index):
                return index == next_paragraph
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return True
    return False
