"""Who is quoted or cited: direct quotations and reported statements, with speaker, cue and kind.

The pipeline runs spaCy's NER without a parser (it would halve throughput), so
attribution works on the text's punctuation, a lexicon of speech cues and the
document's entity mentions:

- a direct quotation is a span in quotation marks (see :mod:`analysis.quote_marks`
  for the forms) of at least ``MIN_QUOTE_WORDS`` words that stands as a statement:
  it opens its sentence, follows a cue, a comma or a colon, or holds whole sentences.
  A quoted fragment inside a reported clause ("he said he was “totally against the
  war” because …") gives the whole clause; other fragments shorter than
  ``MIN_FRAGMENT_WORDS`` words, and titles in title case, are scare quotes and names;
- it is attributed by a cue in the same paragraph right after it (``,” he told
  JAMnews``; ``,” said Ahmad Alili``; ``?” Clinton said.``), a dash credit
  (``” ― Name``), a speaker's label opening it in a transcript (``"WALLACE: …``), a cue
  right before it (``Namazov believes that “…``), the sentence introducing it with a
  colon, an earlier quotation of the same paragraph, the quotation left open at the
  end of the paragraph before, or an interview header line (``Hakob Badalyan,
  political commentator``; a byline such as ``Name, The Associated Press`` is not one);
- a quotation split by its attribution (“A,” he said. “B.”) is one statement, from
  its first word to its last;
- a reported statement is a clause a speech cue introduces, before or after it (see
  :mod:`analysis.reported`).

A speaker named in the text resolves to its canonical entity (a bare surname to the
full name the document gave before); a pronoun or a role ("he", "the analyst") to
the document's current speaker whose sex agrees with the pronoun (told by a title,
Mr/Mrs/Ms, a role word or a common first name); "the ministry" to the latest
organisation of that kind named before. Descriptions ("a diplomatic source", "a
resident of Cambridge") are kept as written without an entity, and a quote nobody
is credited with stays ``unattributed``: never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.attribution import KINDS, MIN_QUOTE_WORDS, Attributor, Found
from analysis.quote_marks import in_quotes, joined_sentences, outermost, quote_spans, sentence_stop, strip_marks
from analysis.reported import CUE_RE, Clause, attribution_clause, attribution_end, reported_clauses
from analysis.types import Mention

__all__ = [
    "KINDS",
    "MIN_QUOTE_WORDS",
    "UNATTRIBUTED",
    "Quote",
    "extract_quotes",
    "in_quotes",
    "quote_spans",
    "voices",
]

UNATTRIBUTED = "unattributed"
MIN_FRAGMENT_WORDS = 5


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted or reported statement: ``text[start:end] == quote``."""

    doc_id: str
    start: int
    end: int
    quote: str
    speaker: str
    speaker_entity: str | None
    cue: str | None
    kind: str
    mode: str
    sent_start: int
    sent_end: int


def voices(quotes: pd.DataFrame) -> pd.Series:
    """Who each row of a quotes table is credited to: the speaker's entity, else the speaker as written."""
    return quotes["speaker_entity"].fillna(quotes["speaker"])


def extract_quotes(
    text: str,
    *,
    doc_id: str,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[Quote]:
    """Every quoted and reported statement of one document, in text order.

    ``mentions`` are the document's canonical entity mentions and ``sentences`` its
    sentence bounds, both as in the tables; ``spans`` the text's :func:`quote_spans`,
    when the caller has them already.
    """
    bounds = joined_sentences(text, sentences)
    quoted = outermost(quote_spans(text) if spans is None else spans)
    finder = Attributor(text, quoted=quoted, mentions=mentions, sentences=bounds)
    direct: list[tuple[int, int]] = []
    fragments: list[tuple[int, int]] = []
    for s, e in quoted:
        inner = strip_marks(text, s, e)
        if len(text[inner[0] : inner[1]].split()) >= MIN_QUOTE_WORDS:
            (fragments if finder.embedded(s, e) else direct).append((s, e))
    attributions = [(s, e, attribution_end(text, s, e)) for s, e in direct]
    # A sentence ending in a colon introduces the quotation after it: the quotation is the statement.
    introductions = [(len(before) - 1, s) for s, _ in direct if (before := text[:s].rstrip()).endswith(":")]
    clauses = reported_clauses(text, bounds, skip=[(s, tail) for s, _, tail in attributions] + introductions)
    clauses += [clause for _, e, tail in attributions if (clause := attribution_clause(text, e, tail))]
    covered = [(c.start, c.end) for c in clauses]
    direct += [
        (s, e)
        for s, e in fragments
        if not any(a <= s + 1 and e - 1 <= b for a, b in covered)
        and len(text[s:e].split()) >= MIN_FRAGMENT_WORDS
        and not _title(text[s:e])
    ]
    items: list[tuple[int, int, Clause | None]] = [(s, e, None) for s, e in direct]
    items += [(c.start, c.end, c) for c in clauses]
    found: list[Found] = []
    for start, end, clause in sorted(items, key=lambda item: (item[0], item[1])):
        found.append(finder.reported(clause) if clause is not None else finder.direct(start, end))
    quotes = []
    for f in _merge_split(text, found):
        inner_start, inner_end = strip_marks(text, f.start, f.end) if f.mode == "direct" else (f.start, f.end)
        if inner_end <= inner_start:
            continue
        sent_start, sent_end = finder.sentence_bounds(inner_start, inner_end)
        quotes.append(
            Quote(
                doc_id=doc_id,
                start=inner_start,
                end=inner_end,
                quote=text[inner_start:inner_end],
                speaker=f.speaker.written if f.speaker else UNATTRIBUTED,
                speaker_entity=f.speaker.entity if f.speaker else None,
                cue=f.cue,
                kind=finder.kind(f.speaker) if f.speaker else "unspecified",
                mode=f.mode,
                sent_start=sent_start,
                sent_end=sent_end,
            )
        )
    return quotes


def _merge_split(text: str, found: list[Found]) -> list[Found]:
    """“A,” he said. “B.”: a quotation its attribution splits, or a quotation going on right after
    another in the same voice, is one statement."""
    out: list[Found] = []
    for f in found:
        last = out[-1] if out else None
        if last is not None and last.mode == f.mode == "direct" and _continues(text, last, f):
            out[-1] = Found(last.start, f.end, "direct", last.speaker or f.speaker, last.cue or f.cue, last.how)
        else:
            out.append(f)
    return out


def _continues(text: str, first: Found, second: Found) -> bool:
    gap = text[first.end : second.start]
    if "\n" in gap or second.start < first.end:
        return False
    if second.how == "after":
        return False  # “A,” he said. “B,” she replied: each has its own attribution
    words = gap.split()
    if not re.sub(r"[\s,.;:―—–-]", "", gap):
        return True
    attribution = CUE_RE.search(gap) is not None and not re.search(r"\bthat\b", gap)
    # One attribution sentence, however long its apposition ("said Mo Elleithee, a Clinton campaign aide …").
    one_sentence = (sentence_stop(gap) or len(gap)) >= len(gap.rstrip()) - 1
    return first.how == "after" and attribution and (len(words) <= 15 or (one_sentence and len(words) <= 40))


def _title(quoted: str) -> bool:
    """A name in title case ("The Steve Harvey Morning Show"), not a statement."""
    words = [w for w in re.findall(r"[\w’'-]+", quoted) if len(w) > 3 or w[:1].isupper()]
    capitalised = sum(w[:1].isupper() for w in words) >= 0.75 * len(words)
    return bool(words) and capitalised and not re.search(r"[.?!]\W*\w", quoted)
