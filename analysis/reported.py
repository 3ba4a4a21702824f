"""Reported speech: the clause a speech cue introduces, and the words naming who spoke.

No parser runs (the pipeline's NER-only spaCy keeps its throughput), so clauses are
found from a lexicon of speech cues and the shape of the sentence around them:

- before the clause, with or without "that": ``X believes that …``, ``X said the
  government …``, ``X told reporters on Monday he …``, ``according to X, …``;
- after it: ``…, X said.``, ``…, said X, a former aide.``, ``…, argued X.``,
  ``…, according to X.``, and mid-sentence ``…, officials said, as …``;
- inside it: ``The plan, he said, would …`` (the statement is the whole sentence).

A cue must be followed by what can open a clause (a pronoun, a determiner, a name,
a number, "that") for the statement to count: ``X said nothing`` and ``said Tuesday.``
are not statements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.quote_marks import sentence_stop, strip_marks

CUE_WORDS = [
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "telling",
    "announcing",
    "added",
    "adds",
    "adding",
    "stated",
    "states",
    "stating",
    "noted",
    "notes",
    "noting",
    "believes",
    "believe",
    "believed",
    "thinks",
    "think",
    "thought",
    "emphasized",
    "emphasizes",
    "emphasised",
    "emphasises",
    "stressed",
    "stresses",
    "concluded",
    "concludes",
    "recalled",
    "recalls",
    "commented",
    "comments",
    "announced",
    "announces",
    "explained",
    "explains",
    "argued",
    "argues",
    "arguing",
    "warned",
    "warns",
    "warning",
    "claimed",
    "claims",
    "claiming",
    "insisted",
    "insists",
    "wrote",
    "writes",
    "declared",
    "declares",
    "confirmed",
    "confirms",
    "corroborated",
    "denied",
    "denies",
    "welcomed",
    "replied",
    "replies",
    "asked",
    "asks",
    "reported",
    "reports",
    "suggested",
    "suggests",
    "predicted",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "assured",
    "threatened",
    "promised",
    "vowed",
    "urged",
    "contended",
    "contends",
    "countered",
    "maintained",
    "maintains",
    "tweeted",
    "responded",
    "continued",
    "cautioned",
    "complained",
    "boasted",
    "testified",
    "conceded",
    "concedes",
    "quipped",
    "joked",
    "remarked",
    "exclaimed",
    "retorted",
    "mused",
    "observed",
    "shot back",
    "fired back",
    "pointed out",
    "went on",
    "chimed in",
    "posted",
    "recounted",
    "agreed",
    "agrees",
    "disputed",
    "exhorted",
    "mocked",
    "mocks",
    "wondered",
    "scoffed",
    "lamented",
    "pleaded",
]
# Cues whose object (whom it was said to) comes before the clause: "told reporters he …".
_OBJECT_CUES = set("told tells telling assured warned warns warning urged asked asks promised".split())
CUE = (
    r"(?:"
    + "|".join(sorted(CUE_WORDS, key=len, reverse=True))
    + r"|is convinced|are convinced|draws attention|declined to comment)"
)
CUE_RE = re.compile(rf"\b{CUE}\b")
# "says that …", "told Sputnik that …" (an object of up to four words).
THAT = re.compile(rf"\b(?P<cue>{CUE})(?:\s+(?:to\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){{0,5}}?)?\s+that\b")
ACCORDING = re.compile(r"\b(?i:according to|in the words of)\s+(?P<who>[^,.;:“”\"]{2,80}?)\s*,")
ACCORDING_TAIL = re.compile(r",\s*(?i:according to)\s+(?P<who>[^,;:“”\"]{2,120}?)\s*[.?!]?\s*$")
# "…, a Russian Foreign Ministry spokesperson has told Sputnik." at a sentence's end.
TRAILING = re.compile(
    rf",\s*(?P<who>[^,;:“”\"]{{2,80}}?)\s+(?:has\s+|have\s+|had\s+|also\s+|later\s+)?(?P<cue>{CUE})"
    r"(?:\s+(?:to\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,4})?\s*[.?!]?\s*$"
)
# "…, said Batchelder, a former aide." / "…, argued X." at a sentence's end.
INVERTED = re.compile(
    rf",\s*(?P<cue>{CUE})\s+(?P<who>(?:the\s+|a\s+|an\s+)?[A-Z][^,;:“”\"]{{1,60}}?)(?:,\s*[^“”\"]{{2,120}}?)?\s*[.?!]?\s*$"
)
# "…, officials said, as …" / "The plan, he said, would …": a short subject and its cue set off by commas.
INTERJECTED = re.compile(
    rf",\s*(?P<who>(?:[\w’'.-]+\s+){{0,4}}?[\w’'.-]+)\s+(?:has\s+|have\s+|also\s+)?(?P<cue>{CUE})"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?\s*,\s*(?=\S)"
)
# "It is reported from NK that …": the place stands for its authorities.
PASSIVE = re.compile(
    r"\b[Ii]t\s+(?:is|was|has been)\s+(?P<cue>reported|said|stated|announced)\s+(?:from|in)\s+"
    r"(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
)
# What may stand between a cue and its clause: when, where, how, and to whom it was said.
_ADJUNCT = (
    r"(?:\s*,?\s*(?:on\s+|late\s+|early\s+|last\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|month|year|morning|afternoon|evening|night)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s+(?:recently|repeatedly|previously|earlier|later|again|also|then|publicly|privately|once|often|now|today|yesterday)"
    r"|\s+(?:in|at|during|on|after|before|via|through|to)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+|its\s+)?"
    r"(?:[\w’'-]+\s+){0,3}?(?:statement|interview|speech|email|e-mail|letter|call|conference|briefing|hearing|"
    r"rally|address|post|tweet|op-ed|memo|release|appearance|debate|event|meeting|show|program|broadcast|radio|"
    r"television|TV|reporters|press|Twitter|Facebook|CNN|Fox|MSNBC|NBC|ABC|CBS|NPR)"
    r"(?:\s+(?:with|on|to|at)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})?)"
)
_PREPOSITION = r"(?:in|on|at|to|for|with|about|from|by|of|during|after|before|into|over|while|as|when)\b"
_OBJECT = rf"(?:\s+(?:the\s+|a\s+|an\s+)?(?:(?!{_PREPOSITION})[\w’'.-]+\s+){{0,2}}?(?!{_PREPOSITION})[\w’'.-]+)"
# What opens a clause: a subject (pronoun, determiner, name, number) or a conjunction of reported speech.
_OPENER = (
    r"(?:that\b|he\b|she\b|they\b|it\b|I\b|we\b|you\b|there\b|this\b|these\b|those\b|his\b|her\b|their\b|its\b|"
    r"our\b|my\b|the\b|a\b|an\b|some\b|many\b|most\b|no\b|if\b|whether\b|all\b|both\b|any\b|every\b|"
    r"(?-i:[A-Z])[\w’'.-]*|\d)"
)
# Without "that", only verbs that rarely take a noun as object introduce a clause: "said the plan would
# fail" is speech, "welcomed the talks", "denied the report" and "announced the plan" are not.
_LEADING_CUES = (
    "said says say saying told tells telling added adds adding argued argues arguing noted noting wrote writes "
    "insisted insists claimed claiming warned warning explained explains stressed emphasized predicted suggested "
    "suggests contended contends maintained maintains countered replied responded tweeted believes thinks testified "
    "boasted complained conceded concedes admitted admits cautioned quipped joked remarked retorted"
).split()
_PLAIN_CUE = r"(?:" + "|".join(sorted(_LEADING_CUES, key=len, reverse=True)) + r")"
LEADING = re.compile(
    rf"\b(?P<cue>{_PLAIN_CUE})(?P<object>{_OBJECT})?(?P<adjunct>{_ADJUNCT}*)\s*,?\s+(?P<clause>[“\"‘]?(?i:{_OPENER}))"
)
# A verb in the words before a cue makes them a clause, not a speaker ("Clinton is assured of").
_VERB = re.compile(r"\b(?:is|are|was|were|be|been|will|would|could|should|can|may|might|must|did|does|do)\b")
_SUBJECT_STOP = re.compile(r"[,;:(“”\"]|\b(?:and|but|or|who|which|when|what|as|because|if|while)\b")
MIN_WORDS = 4
# A name and nothing more after a cue: "said Ed Rendell, who …", "said the spokesman."
_NAME_ONLY = re.compile(r"\s+(?:the\s+|a\s+)?(?:[A-Z][\w’'.-]*\s*){1,4}(?:[,.;]|$)")
# "…,” said Harvey, who acknowledged Trump was …" / "…, adding that …": the speaker goes on in the attribution.
_GOING_ON = re.compile(
    r",\s*(?:(?P<cue>adding|noting|saying|arguing|explaining|insisting|stressing|warning|claiming)"
    rf"|who\s+(?:also\s+|has\s+|had\s+)?(?P<cue2>{_PLAIN_CUE}))\s+(?:that\s+)?"
)


@dataclass(frozen=True, slots=True)
class Clause:
    """A reported statement in ``text``: the clause [start, end), the cue, and the words naming the speaker
    [who_start, who_end); ``embedded`` when someone else reports it (the sentence's second cue)."""

    start: int
    end: int
    cue: str
    who_start: int
    who_end: int
    embedded: bool = False


def reported_clauses(
    text: str, sentences: Sequence[tuple[int, int]], *, skip: Sequence[tuple[int, int]] = ()
) -> list[Clause]:
    """The reported statements of the sentences that overlap no span in ``skip`` (direct quotations)."""
    out: list[Clause] = []
    for start, end in sentences:
        if any(s < end and start < e for s, e in skip):
            continue
        out += sentence_clauses(text, start, end)
    return out


def sentence_clauses(text: str, start: int, end: int) -> list[Clause]:
    """The reported statements of one sentence [start, end)."""
    sentence = text[start:end]
    found: list[Clause] = []
    tail = ACCORDING_TAIL.search(sentence) or INVERTED.search(sentence) or TRAILING.search(sentence)
    if tail and not _VERB.search(tail.group("who")):
        cue = tail.groupdict().get("cue") or "according to"
        found.append(Clause(start, start + tail.start(), cue, start + tail.start("who"), start + tail.end("who")))
    elif passive := PASSIVE.search(sentence):
        clause_start = re.match(r"\s*(?:that\b)?", sentence[passive.end() :])
        who = (start + passive.start("who"), start + passive.end("who"))
        clause = start + passive.end() + (clause_start.end() if clause_start else 0)
        found.append(Clause(clause, end, passive.group("cue"), *who))
    elif according := ACCORDING.search(sentence):
        who = (start + according.start("who"), start + according.end("who"))
        found.append(Clause(start + according.end(), end, "according to", *who))
    elif (inside := INTERJECTED.search(sentence)) and _is_subject(inside.group("who")):
        found.append(Clause(start, end, inside.group("cue"), start + inside.start("who"), start + inside.end("who")))
    else:
        found += _leading(text, start, end)
    return [c for c in (_trimmed(text, c) for c in found) if len(text[c.start : c.end].split()) >= MIN_WORDS]


def _leading(text: str, start: int, end: int) -> list[Clause]:
    """``X said (that) …``: each cue with a subject before it opens a clause that runs to the next such cue."""
    sentence = text[start:end]
    cues = []
    for m in THAT.finditer(sentence):
        cues.append((m.start(), m.end(), m.group("cue")))
    if not cues:
        for m in LEADING.finditer(sentence):
            said_object = m.group("object") and m.group("cue") not in _OBJECT_CUES
            if said_object and not m.group("object").strip().startswith("that"):
                # "said the government would": what follows the cue is the clause, not an object.
                clause_start = m.start("object")
            else:
                clause_start = m.start("clause")
            if re.search(r"[,”\"’':]\s*$", sentence[: m.start()]) and _NAME_ONLY.match(sentence, m.end("cue")):
                continue  # "…,” said RoseAnn DeMoro, director of …": an attribution, the name is no clause
            if re.match(r"[\w’'.-]+\s+to\b", sentence[clause_start:]):
                continue  # "asked Freddy to be …": a request, not a statement
            if re.match(r"that\b", sentence[clause_start:]):
                clause_start += 4
            cues.append((m.start(), clause_start, m.group("cue")))
    # "was declared the winner": not speech; "… and said": the same speaker goes on, unless it is the first cue.
    cues = [c for c in cues if not re.search(r"\b(?:was|were|is|are|be|been|being)\s*$", sentence[: c[0]])]
    cues = [c for i, c in enumerate(cues) if i == 0 or not re.search(r"\b(?:and|or)\s*$", sentence[: c[0]])]
    out = []
    for index, (cue_start, clause_start, cue) in enumerate(cues):
        if not sentence[:cue_start].strip():
            continue
        # The first speaker is the sentence's subject ("X, a former aide, said"); a later one is named after a comma.
        comma = max(sentence.rfind(",", 0, cue_start), sentence.rfind(";", 0, cue_start))
        lead_start = 0 if index == 0 else comma + 1
        nxt = cues[index + 1][0] if index + 1 < len(cues) else None
        clause_end = end if nxt is None else start + max(sentence.rfind(",", 0, nxt), clause_start)
        who = (start + lead_start, start + cue_start)
        out.append(Clause(start + clause_start, clause_end, cue, *who, embedded=index > 0))
    return out


def _is_subject(words: str) -> bool:
    """Whether the words before an interjected cue name a speaker (no clause of their own)."""
    return not _SUBJECT_STOP.search(words) and len(words.split()) <= 5


def _trimmed(text: str, clause: Clause) -> Clause:
    start, end = clause.start, clause.end
    while start < end and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;"):
        end -= 1
    return Clause(start, end, clause.cue, clause.who_start, clause.who_end, clause.embedded)


def attribution_end(text: str, start: int, end: int) -> int:
    """Where the attribution that follows a quotation ends (``,” Clinton said to a crowd in Philadelphia.``),
    so that it is not read as a statement of its own; ``end`` when a new sentence follows."""
    paragraph_end = text.find("\n", end)
    tail = text[end : len(text) if paragraph_end < 0 else paragraph_end]
    stop = sentence_stop(tail) or len(tail)
    inner = text[slice(*strip_marks(text, start, end))]
    ended = re.search(r"[.?!]\W*$", inner) is not None
    if not ended or tail.lstrip()[:1].islower() or bare_attribution(tail[:stop]):
        return end + stop
    return end


def attribution_clause(text: str, end: int, tail: int) -> Clause | None:
    """``,” Mr. Ackman said, adding that investors …``: a statement reported in a quotation's attribution."""
    going_on = _GOING_ON.search(text, end, tail)
    if going_on is None or len(text[going_on.end() : tail].split()) < MIN_WORDS:
        return None
    cue = CUE_RE.search(text, end, going_on.start())
    if cue is None:
        return None
    # The speaker stands before the attribution's cue ("the ministry added") or after it ("said Ahmad Alili").
    who = (end, cue.start()) if text[end : cue.start()].strip(" ,.”’\"'") else (cue.end(), going_on.start())
    return Clause(going_on.end(), tail, going_on.group("cue") or going_on.group("cue2"), *who)


def bare_attribution(sentence: str) -> bool:
    """Whether a sentence after a finished quotation only says who spoke: "Clinton said.", "Trump told
    Britain's ITV in an interview aired on Monday." (a short subject, a cue, no clause of its own)."""
    cue = CUE_RE.search(sentence)
    if cue is None or re.search(r"\bthat\b", sentence):
        return False
    return len(sentence.split()) <= 8 or len(sentence[: cue.start()].split()) <= 4
