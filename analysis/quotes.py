"""Who is quoted or cited: direct quotations and reported statements, with speaker, cue and kind.

The pipeline runs spaCy's NER without a parser (it would halve throughput), so
attribution works on the text's punctuation, a lexicon of speech cues and the
document's entity mentions:

- a direct quotation is a span in curly or straight quotes of at least
  ``MIN_QUOTE_WORDS`` words (shorter ones are scare quotes or terms); a long quote
  may run over paragraphs, reopening “ at each or not;
- it is attributed by a cue in the same paragraph right after it (``,” he told
  JAMnews``; ``,” said Ahmad Alili``), or right before it (``Namazov believes that
  “…``), or by the sentence introducing it with a colon, or by an interview
  header line (``Hakob Badalyan, political commentator``);
- a reported statement is a sentence without a direct quotation in which a cue
  introduces a clause (``X believes that …``, ``according to X, …``, ``…, X told Sputnik.``).

A speaker named in the text resolves to its canonical entity; a pronoun or a role
("he", "the analyst") to the document's current speaker; "the ministry" to the
latest organisation of that kind named before. Indefinite voices ("a diplomatic
source", "an expert from Baku") are kept as written without an entity, and a
quote nobody is credited with stays ``unattributed``: never guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis.metadata import known_outlets
from analysis.types import Mention

UNATTRIBUTED = "unattributed"
MIN_QUOTE_WORDS = 4
KINDS = ("official", "expert", "media", "anonymous", "unspecified")

_CUE_WORDS = ["said", "says", "say", "saying", "told", "tells", "telling", "announcing", "added", "adds", "stated", "states", "stating", "noted", "notes", "noting", "believes", "believe", "believed", "thinks", "think", "thought", "emphasized", "emphasizes", "emphasised", "emphasises", "stressed", "stresses", "concluded", "concludes", "recalled", "recalls", "commented", "comments", "announced", "announces", "explained", "explains", "argued", "argues", "warned", "warns", "claimed", "claims", "insisted", "insists", "wrote", "writes", "declared", "declares", "confirmed", "confirms", "corroborated", "denied", "denies", "welcomed", "replied", "replies", "asked", "asks", "reported", "reports", "suggested", "suggests", "predicted", "acknowledged", "admitted", "assured", "threatened", "promised", "vowed", "urged"]
_CUE = r"(?:" + "|".join(sorted(_CUE_WORDS, key=len, reverse=True)) + r"|is convinced|are convinced|draws attention|declined to comment)"
_CUE_RE = re.compile(rf"\b{_CUE}\b")
# Reported speech needs a clause: "says that …", "told Sputnik that …" (an object of up to four words).
_THAT = re.compile(rf"\b(?P<cue>{_CUE})(?:\s+(?:to\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){{0,3}}?)?\s+that\b")
_ACCORDING = re.compile(r"\b(?i:according to|in the words of)\s+(?P<who>[^,.;:“”\"]{2,80}?)\s*,")
_ACCORDING_TAIL = re.compile(r",\s*(?i:according to)\s+(?P<who>[^,.;:“”\"]{2,80}?)\s*\.?\s*$")
# "…, a Russian Foreign Ministry spokesperson has told Sputnik." at a sentence's end.
_TRAILING = re.compile(rf",\s*(?P<who>[^,;:“”\"]{{2,80}}?)\s+(?:has\s+|have\s+|had\s+)?(?P<cue>{_CUE})(?:\s+(?:to\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){{0,2}})?\s*\.?\s*$")
_PRONOUNS = {"he", "she", "they", "him", "her", "them"}
# "It is reported from NK that …": the place stands for its authorities.
_PASSIVE = re.compile(r"\b[Ii]t\s+(?:is|was|has been)\s+(?P<cue>reported|said|stated|announced)\s+(?:from|in)\s+(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
_PERSON_ROLES = ["analyst", "commentator", "observer", "expert", "scientist", "researcher", "professor", "politician", "diplomat", "president", "minister", "spokesman", "spokesperson", "spokeswoman", "official", "leader", "director", "aide", "ambassador", "secretary", "deputy", "mp"]
_INSTITUTIONS = ["ministry", "department", "council", "agency", "government", "office", "committee", "parliament", "service", "embassy"]
_KIND_WORDS = {
    "anonymous": r"sources?|insiders?|on condition of anonymity",
    "media": r"media|agency|agencies|newspapers?|outlets?|broadcasters?|tv|television|reports?|press",
    "expert": r"commentators?|observers?|analysts?|experts?|scientists?|researchers?|professors?|scholars?|"
    r"think[- ]tank|director of|cent(?:er|re)|institute|studies",
    "official": r"ministry|ministers?|president|presidential|prime minister|spokes(?:man|person|woman)|press secretary|"
    r"mps?|deputy|aide|ambassador|secretary|government|council|department|ombudsman|representatives?|officials?|"
    r"authorities|commander|general|parliament|embassy|leadership",
}
_KIND_RES = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in _KIND_WORDS.items()}
_DESCRIPTION = re.compile(
    r"(?:\b(?:an?|the|some|many|several)\s+)?(?:[\w’'-]+\s+){0,3}?\b(?:"
    + "|".join(_PERSON_ROLES + _INSTITUTIONS + ["sources?", "media", "authorities", "leadership", "side", "report"])
    + r")s?\b(?:\s+(?:from|in|of|at)\s+(?:the\s+)?(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*)*)?",
    re.IGNORECASE,
)
_MARKS = re.compile("[“”\n]")
_CURLY = re.compile("[“”]")
_NON_SPACE = re.compile(r"\S")
_HEADER = re.compile(r"^(?P<name>[^,\n]{3,60}),\s*(?P<role>[^,\n]{3,60})$")
_DESCRIPTOR_WORDS = 5


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


@dataclass(frozen=True, slots=True)
class _Speaker:
    written: str
    entity: str | None
    label: str | None


def voices(quotes: pd.DataFrame) -> pd.Series:
    """Who each row of a quotes table is credited to: the speaker's entity, else the speaker as written."""
    return quotes["speaker_entity"].fillna(quotes["speaker"])


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text, marks included: “curly” (nested ones inside, a paragraph reopening “
    continuing) and "straight" within a paragraph. An unclosed quote ends with its paragraph unless
    its closing mark comes before the next paragraph that opens a quote."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    depth = 0
    # Only quote marks and line breaks matter: visit them, not every character.
    for mark in _MARKS.finditer(text):
        char, index = mark.group(), mark.start()
        if char == "“":
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
    for paragraph_start, paragraph_end in _paragraphs(text):
        spans += [
            (paragraph_start + m.start(), paragraph_start + m.end())
            for m in re.finditer(r'"[^"\n]+"', text[paragraph_start:paragraph_end])
        ]
    return sorted(spans)


def in_quotes(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``spans`` (sorted)."""
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


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
    quoted = _outermost(quote_spans(text) if spans is None else spans)
    finder = _Attributor(text, quoted=quoted, mentions=mentions, sentences=sentences)
    direct = [(s, e) for s, e in quoted if len(text[s:e].split()) >= MIN_QUOTE_WORDS]
    statements: list[tuple[int, int, str, bool]] = [(s, e, "direct", False) for s, e in direct]
    statements += [(s, e, "reported", embedded) for s, e, embedded in _reported_clauses(text, sentences, direct)]
    quotes = []
    for start, end, mode, embedded in sorted(statements):
        inside = finder.attribution_inside(start, end) if mode == "direct" else None
        speaker: _Speaker | None
        cue: str | None
        if inside is not None:
            end, speaker, cue = inside
        else:
            speaker, cue = finder.attribute(start, end, mode=mode, embedded=embedded)
        inner_start, inner_end = _strip_marks(text, start, end) if mode == "direct" else (start, end)
        if inner_end <= inner_start:
            continue
        sent_start, sent_end = finder.sentence_bounds(inner_start, inner_end)
        quotes.append(
            Quote(
                doc_id=doc_id,
                start=inner_start,
                end=inner_end,
                quote=text[inner_start:inner_end],
                speaker=speaker.written if speaker else UNATTRIBUTED,
                speaker_entity=speaker.entity if speaker else None,
                cue=cue,
                kind=finder.kind(speaker) if speaker else "unspecified",
                mode=mode,
                sent_start=sent_start,
                sent_end=sent_end,
            )
        )
    return quotes


class _Attributor:
    """Finds who said a statement, keeping the document's current speaker for pronouns and roles."""

    def __init__(
        self,
        text: str,
        *,
        quoted: list[tuple[int, int]],
        mentions: Sequence[Mention],
        sentences: Sequence[tuple[int, int]],
    ) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentences = sorted(sentences)
        self.quoted = quoted
        self.current: tuple[int, _Speaker] | None = None
        self.subjects = self._subjects()
        self.last_direct: tuple[int, _Speaker | None] = (-1, None)

    def attribute(self, start: int, end: int, *, mode: str, embedded: bool = False) -> tuple[_Speaker | None, str | None]:
        found = self._after(start, end) if mode == "direct" else None
        found = found if found and found[0] else self._before(start, mode=mode)
        if not (found and found[0]) and mode == "direct":
            found = self._introduced(start) or self._continued(start) or self._headed(start)
        speaker, cue = found if found and found[0] else (None, None)
        if speaker is not None and speaker.label == "PERSON" and not embedded:
            self.current = (start, speaker)
        if mode == "direct":
            self.last_direct = (self._paragraph_start(end), speaker)
        return speaker, cue

    def attribution_inside(self, start: int, end: int) -> tuple[int, _Speaker, str] | None:
        """A quotation left unclosed that runs into its attribution ("“… [sic]Benyamin Poghosyan,
        director of …, told OBCT."): it ends where the speaker is named."""
        if self.text[start:end].rstrip().endswith(("”", '"')):
            return None
        index = bisect.bisect_left(self.starts, start + 1)
        for m in self.mentions[index:]:
            if m.end > end:
                break
            sentence_end = self.sentence_bounds(m.start, m.end)[1]
            cue = _CUE_RE.search(self.text, m.end, min(sentence_end, end))
            if m.label == "PERSON" and cue and len(self.text[start : m.start].split()) >= MIN_QUOTE_WORDS:
                speaker = _Speaker(m.surface, m.entity or m.surface, m.label)
                self.current = (start, speaker)
                return m.start, speaker, cue.group()
        return None

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.sentences, (start, float("inf"))) - 1, 0)
        if not self.sentences:
            return start, end
        last = next((e for s, e in self.sentences[index:] if e >= end), end)
        return min(self.sentences[index][0], start), max(last, end)

    def kind(self, speaker: _Speaker) -> str:
        if speaker.entity and speaker.entity.casefold() in _outlet_names():
            return "media"
        if speaker.entity is None and _KIND_RES["anonymous"].search(speaker.written):
            return "anonymous"
        if speaker.label in ("GPE", "NORP") and speaker.entity:
            return "official"
        described = " ".join([speaker.written, *self._descriptors(speaker)])
        hits = {kind: match.start() for kind in ("media", "expert", "official") if (match := _KIND_RES[kind].search(described))}
        return min(hits, key=hits.__getitem__) if hits else "unspecified"

    def _descriptors(self, speaker: _Speaker) -> list[str]:
        """What the text says of a named speaker: the words before each mention and an apposition after it."""
        out = []
        for m in self.mentions:
            if m.entity != speaker.entity:
                continue
            before = self.text[max(m.sent_start, m.start - 80) : m.start].split()[-_DESCRIPTOR_WORDS:]
            after = re.match(r",\s*([^,.;:“”]{3,80})", self.text[m.end : m.end + 90])
            out.append(" ".join(before))
            if after:
                out.append(after.group(1))
        return out

    def _after(self, start: int, end: int) -> tuple[_Speaker | None, str | None] | None:
        """``,” he told JAMnews.`` / ``,” said Ahmad Alili, director …``: a cue right after the quote."""
        tail = self.text[end : self._paragraph_end(end)]
        if re.search(r"[.?!][”\"]?\s*$", self.text[start:end]) and re.match(r"\s*[A-Z]", tail):
            return None  # the quote ended its sentence; what follows is a new one
        stop = re.search(r"[.?!]\s|[“\"]", tail)
        clause = tail[: stop.start() + 1] if stop else tail
        cue = _CUE_RE.search(clause)
        if cue is None or len(clause[: cue.start()].split()) > 8:
            return None
        before = clause[: cue.start()].strip(" ,.–—-")
        if before:
            return self._speaker(end + cue.start(), window=(end, end + cue.start())), cue.group()
        after = re.match(r"\s*([^,.;:(“\"]{2,80})", clause[cue.end() :])
        if after is None:
            return None
        window = (end + cue.end(), end + cue.end() + after.end())
        return self._speaker(window[1], window=window), cue.group()

    def _before(self, start: int, *, mode: str) -> tuple[_Speaker | None, str | None] | None:
        """``Namazov believes that “…`` / ``according to him, …`` / ``…, a spokesperson has told Sputnik.``"""
        sentence_start, sentence_end = self.sentence_bounds(start, start)
        if mode == "reported":
            sentence = self.text[sentence_start:sentence_end]
            tail = _ACCORDING_TAIL.search(sentence) or _TRAILING.search(sentence)
            if tail and sentence_start + tail.start() >= start:
                window = (sentence_start + tail.start("who"), sentence_start + tail.end("who"))
                cue = tail.groupdict().get("cue") or "according to"
                return self._speaker(window[1], window=window), cue
        lead_start = max(sentence_start, self._paragraph_start(start), self._last_quote_end(start))
        lead = self.text[lead_start:start]
        for pattern, cue_of in ((_ACCORDING, lambda m: "according to"), (_PASSIVE, lambda m: m.group("cue"))):
            matches = list(pattern.finditer(lead))
            if matches:
                window = (lead_start + matches[-1].start("who"), lead_start + matches[-1].end("who"))
                return self._speaker(window[1], window=window), cue_of(matches[-1])
        cues = [c for c in _CUE_RE.finditer(lead) if not re.search(r"\band\s*$", lead[: c.start()])]
        for cue in reversed(cues):
            speaker = self._speaker(lead_start + cue.start(), window=(lead_start, lead_start + cue.start()))
            if speaker is not None:
                return speaker, cue.group()
        return None

    def _introduced(self, start: int) -> tuple[_Speaker | None, str | None] | None:
        """A quote opening a paragraph after one ending in a colon is said by whom that sentence names."""
        paragraph_start = self._paragraph_start(start)
        if self.text[paragraph_start:start].strip():
            return None
        previous = self.text[:paragraph_start].rstrip()
        if not previous.endswith(":"):
            return None
        sentence_start, _ = self.sentence_bounds(len(previous) - 1, len(previous))
        found = self._before(len(previous), mode="direct")
        if found is not None:
            return found
        speaker = self._named(sentence_start, len(previous), labels=("PERSON", "ORG"))
        return (speaker, None) if speaker else None

    def _continued(self, start: int) -> tuple[_Speaker | None, str | None] | None:
        """A second quotation in the paragraph of an attributed one goes on in the same voice."""
        paragraph, speaker = self.last_direct
        return (speaker, None) if speaker and paragraph == self._paragraph_start(start) else None

    def _headed(self, start: int) -> tuple[_Speaker | None, str | None] | None:
        """Interviews set as "Name, role" on a line of its own, then the person's answers in quotes."""
        for line_start, line_end in reversed(_paragraphs(self.text[:start])):
            match = _HEADER.match(self.text[line_start:line_end].strip())
            if match is None:
                continue
            speaker = self._named(line_start, line_end, labels=("PERSON",))
            if speaker is not None and self.text[line_start:line_end].strip().startswith(speaker.written):
                return speaker, None
        return None

    def _speaker(self, position: int, *, window: tuple[int, int]) -> _Speaker | None:
        """Who the words in ``window`` (the subject before a cue, or the name after it) refer to."""
        low, high = window
        segments = [s for s in re.split(r"[,;]", self.text[low:high]) if s.strip()]
        offset = high
        nearest: list[tuple[int, int]] = []
        for segment in reversed(segments[-2:]):
            offset = self.text.rfind(segment, low, offset + len(segment))
            nearest.append((offset, offset + len(segment)))
        for labels, spans in ((("PERSON",), nearest), (("ORG",), nearest[:1]), (("GPE", "NORP"), nearest[:1])):
            for seg_start, seg_end in spans:
                named = self._named(seg_start, seg_end, labels=labels)
                if named is not None:
                    if named.label in ("GPE", "NORP") and _DESCRIPTION.search(self.text[seg_start:seg_end]):
                        break
                    return named
        if not nearest:
            return None
        clause = self.text[nearest[0][0] : nearest[0][1]].strip()
        words = clause.split()
        last = words[-1] if words else ""
        if last.casefold() in _PRONOUNS:
            return _written(self._current(position), last)
        if last.casefold() == "it":
            return _written(self._latest("ORG", position), last)
        role = re.search(r"\bthe\s+(?:[\w-]+\s+){0,2}?(?P<noun>[\w-]+)\s*$", clause, re.IGNORECASE)
        if role and role.group("noun").casefold() in _INSTITUTIONS:
            found = self._institution(role.group("noun"), position)
            return _written(found, role.group()) if found else _Speaker(role.group(), None, None)
        if role and role.group("noun").casefold() in _PERSON_ROLES:
            found = self._role(role.group("noun"), position) or self._current(position)
            return _written(found, role.group()) if found else _Speaker(role.group(), None, None)
        description = list(_DESCRIPTION.finditer(clause))
        if description:
            return _Speaker(description[-1].group().strip(), None, None)
        return None

    def _named(self, low: int, high: int, *, labels: Sequence[str]) -> _Speaker | None:
        index = bisect.bisect_left(self.starts, low)
        found = [m for m in self.mentions[index:] if m.start < high and m.end <= high and m.label in labels]
        if not found:
            return None
        m = found[-1]
        return _Speaker(m.surface, m.entity or m.surface, m.label)

    def _subjects(self) -> list[tuple[int, _Speaker]]:
        """People who open a sentence outside quotations and then speak in it ("Toivo Klaar welcomed
        the talks"): later pronouns may refer to them. A person named deeper in a sentence is not
        taken, as there they are often reported by someone else ("He recalls that … Hajiyev said")."""
        out = []
        for start, end in self.sentences:
            index = bisect.bisect_left(self.starts, start)
            first = next((m for m in self.mentions[index:] if m.start < end and m.label == "PERSON"), None)
            if first is None or in_quotes(self.quoted, first.start, first.end):
                continue
            if len(self.text[start : first.start].split()) <= _DESCRIPTOR_WORDS and _CUE_RE.search(self.text, first.end, end):
                out.append((first.start, _Speaker(first.surface, first.entity or first.surface, first.label)))
        return out

    def _current(self, position: int) -> _Speaker | None:
        """The speaker a pronoun or a role refers to: the latest of the document's current speaker
        and the people opening a sentence in which they speak; else the latest person named
        outside quotations."""
        candidates = [c for c in self.subjects if c[0] < position] + ([self.current] if self.current else [])
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            if m.label == "PERSON" and not in_quotes(self.quoted, m.start, m.end):
                return _Speaker(m.surface, m.entity or m.surface, m.label)
        return None

    def _role(self, noun: str, position: int) -> _Speaker | None:
        """"The political observer": the latest person the text introduced with that role."""
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            speaker = _Speaker(m.surface, m.entity or m.surface, m.label)
            if m.label == "PERSON" and any(noun.casefold() in d.casefold().split() for d in self._descriptors(speaker)):
                return speaker
        return None

    def _latest(self, label: str, position: int) -> _Speaker | None:
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            if m.label == label and not in_quotes(self.quoted, m.start, m.end):
                return _Speaker(m.surface, m.entity or m.surface, m.label)
        return None

    def _institution(self, noun: str, position: int) -> _Speaker | None:
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            if m.label == "ORG" and noun.casefold() in (m.entity or m.surface).casefold():
                return _Speaker(m.surface, m.entity or m.surface, m.label)
        return None

    def _paragraph_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def _paragraph_end(self, position: int) -> int:
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end

    def _last_quote_end(self, position: int) -> int:
        ends = [e for s, e in self.quoted if e <= position]
        return ends[-1] if ends else 0


@cache
def _outlet_names() -> frozenset[str]:
    return frozenset(n.casefold() for o in known_outlets() for n in (o.name, *o.aliases))


def _written(speaker: _Speaker | None, words: str) -> _Speaker | None:
    """The resolved speaker, as the text wrote it ("he", "the ministry")."""
    return _Speaker(words, speaker.entity, speaker.label) if speaker else None


def _reported_clauses(
    text: str, sentences: Sequence[tuple[int, int]], direct: Sequence[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """The clause each reporting cue introduces, in sentences that hold no direct quotation. The
    document's current speaker is whoever reports first in a sentence; those they report are embedded."""
    out = []
    for start, end in sentences:
        if any(s < end and start < e for s, e in direct):
            continue
        sentence = text[start:end]
        cues = [m for m in _THAT.finditer(sentence) if not re.search(r"\band\s*$", sentence[: m.start()])]
        if cues:
            # "He recalls that …, Hajiyev said that …": each clause runs to where the next speaker is named.
            bounds = [start + m.end() for m in cues]
            ends = [start + max(sentence.rfind(",", 0, m.start()), cues[i].end()) for i, m in enumerate(cues[1:])]
            for index, (clause_start, clause_end) in enumerate(zip(bounds, [*ends, end])):
                clause_start, clause_end = _trim(text, clause_start, clause_end)
                if len(text[clause_start:clause_end].split()) >= MIN_QUOTE_WORDS:
                    out.append((clause_start, clause_end, index > 0))
            continue
        if according := _ACCORDING.search(sentence):
            clause_start = start + according.end()
        elif tail := (_ACCORDING_TAIL.search(sentence) or _TRAILING.search(sentence)):
            clause_start, end = start, start + tail.start()
        else:
            continue
        clause_start, clause_end = _trim(text, clause_start, end)
        if len(text[clause_start:clause_end].split()) >= MIN_QUOTE_WORDS:
            out.append((clause_start, clause_end, False))
    return out


def _outermost(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = _trim(text, start, end)
    if start < end and text[start] in "“\"":
        start += 1
    if start < end and text[end - 1] in "”\"":
        end -= 1
    return _trim(text, start, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:"):
        end -= 1
    return start, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


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
