"""Quotations and reported speech in Russian: the statements of a Russian text, with speaker, cue and kind.

Russian news marks quotations and attributions its own way, so the English rules
(:mod:`analysis.attribution`, :mod:`analysis.reported`) are not reused; the records are the same
:class:`analysis.quotes.Quote` rows:

- quotation marks are «ёлочки», with „лапки“ for a quotation inside one (and for a whole one in
  some outlets); curly and straight double quotes as in English. An unclosed « runs to the end of
  its paragraph;
- a paragraph opening with a dash is direct speech: ``— Мы готовы, — сказал он. — Начнём завтра.``
  (the author's words between dashes are the attribution, the speech goes on after ``. —``);
- a quotation is attributed by the words after it (``«…», — заявил Пашинян.``, ``«…», — сказала
  она.``) or before it (``Пашинян заявил: «…»``, ``По словам Алиева, «…»``);
- a reported statement is a sentence with ``по словам X``, ``как передаёт/сообщает X``, a clause
  before ``, — сообщил X.`` or after ``X заявил, что …`` / ``X заявил: …``.

A cue is any form of a verb reporting speech, found by its lemma (:data:`analysis.russian.SPEECH_LEMMAS`),
so that заявил, заявила, заявляет and заявив are one cue. The speaker is the person (else the
organisation, else the country) the attribution's words mention, credited to the mention's
canonical, lemmatised entity (Пашиняна -> the person the corpus knows); a pronoun (он, она) is the
latest speaker whose sex the verb's agrees with; other words are kept as written ("источник в
правительстве"), and a quotation nobody is credited with stays unattributed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from analysis.attribution import KINDS, MIN_QUOTE_WORDS
from analysis.metadata import known_outlets
from analysis.quote_marks import outermost, paragraphs, quote_spans
from analysis.quotes import MIN_FRAGMENT_WORDS, Quote
from analysis.russian import name_sex, speaker_sex, speech_verb
from analysis.types import Mention

__all__ = ["KINDS", "russian_quote_spans", "russian_statements"]

UNATTRIBUTED = "unattributed"
_DASHES = "—–"
# ", — сказал он" / "! — воскликнул": the author's words after direct speech, which open in lower case.
_AUTHOR_BREAK = re.compile(rf"(?:[,!?…]|\.\.\.)\s*[{_DASHES}]\s+(?=[а-яё])")
# ". — Начнём завтра": the speech goes on after the author's words.
_SPEECH_RESUMES = re.compile(rf"[.!?…:]\s+[{_DASHES}]\s+(?=\S)")
_DIALOGUE = re.compile(rf"\s*[{_DASHES}]\s+")
_AFTER = re.compile(rf"\s*[,.!?…]*\s*(?:[{_DASHES}-]\s*)?")
_ATTRIBUTION_END = re.compile(rf"[.!?…:;«]|\s[{_DASHES}]\s|,\s*(?:что|добавив|подчеркнув|отметив)\b")
_WORD = re.compile(r"[А-Яа-яЁё-]+")
_ACCORDING = re.compile(
    r"(?:^|,\s*)(?P<cue>[Пп]о\s+(?:словам|данным|информации|мнению|утверждению|сообщению))\s+(?P<who>[^,.;:]{1,100}?)\s*(?:,|$)"
)
_POSSESSIVE_ACCORDING = re.compile(r"^\s*(?P<cue>[Пп]о\s+(?P<who>его|ее|её|их)\s+(?:словам|мнению|данным))\s*,")
_AS_SAYS = re.compile(r"^\s*(?P<cue>[Кк]ак\s+(?P<verb>[а-яё]+))\s+(?P<who>[^,.;:]{1,100}?)\s*,\s*")
_TAIL = re.compile(rf",\s*(?:[{_DASHES}-]\s*)?(?P<attribution>[^,.;:«»„“\"{_DASHES}]{{2,120}}?)\s*[.!?…]*\s*$")
# "X заявил, что …" / "X заявил журналистам: …": the words before ", что" or a colon, holding a speech verb.
_LEAD = re.compile(r"(?P<head>[^:«»„“\"]{2,200}?)\s*(?:,\s*что\b|:)\s*(?P<clause>\S.*)", re.DOTALL)
_LEAD_VERB_WORDS = 5
_PRONOUNS = {"он": "m", "она": "f", "они": None, "его": "m", "ее": "f", "её": "f", "их": None}
# Words naming a person by office, by their stem (премьер-министр, главы, послом).
_ROLE = re.compile(
    r"(?<!\w)(?:премьер|министр|президент|глав[аеуыо]й?|лидер|пресс-секретар|представител|посол|посл[аеу]|спикер|"
    r"депутат|председател|политолог|эксперт|аналитик|директор|руководител|советник|помощник|губернатор|мэр|"
    r"командующ|омбудсмен)",
    re.IGNORECASE,
)
_ABOUT_THIS = re.compile(r"\s*Об\s+этом\b")
_KIND_WORDS = {
    "anonymous": r"источник\w*|собеседник\w*|на условиях анонимности",
    "media": r"агентств\w*|издани\w*|СМИ|газет\w*|телеканал\w*|портал\w*|журналист\w*|сообщени\w*",
    "expert": r"эксперт\w*|аналитик\w*|политолог\w*|исследовател\w*|профессор\w*|историк\w*|научн\w*|институт\w*",
    "official": r"министр\w*|министерств\w*|МИД\w*|президент\w*|премьер\w*|пресс-секретар\w*|представител\w*|"
    r"глав\w*|посол\w*|посл[аеуо]м?\b|депутат\w*|правительств\w*|администрац\w*|ведомств\w*|парламент\w*|"
    r"спикер\w*|омбудсмен\w*|командующ\w*|генерал\w*|власт\w*|руководств\w*|Кремл\w*|пресс-служб\w*",
}
_KIND_RES = {kind: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) for kind, words in _KIND_WORDS.items()}


@dataclass(frozen=True, slots=True)
class Speaker:
    written: str
    entity: str | None
    label: str | None


def russian_quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text, marks included, sorted: «…» (with „…“ or «…» nested inside), „…“ on
    its own, and the English forms (“…”, "…")."""
    spans: list[tuple[int, int]] = []
    low_marks: list[int] = []
    for start, end in paragraphs(text):
        found, marks = _guillemets(text, start, end)
        spans += found
        low_marks += marks
    masked = list(text)
    for index in low_marks:
        masked[index] = " "
    spans += [s for s in quote_spans("".join(masked)) if not any(a <= s[0] < b for a, b in spans)]
    return sorted(set(spans))


def _guillemets(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[int]]:
    """The «…» and „…“ quotations of the paragraph [start, end), and where the „“ marks are (the
    English forms must not read “ as an opening mark)."""
    spans = []
    marks = []
    depth = 0
    opened = start
    low: list[int] = []
    for index in range(start, end):
        char = text[index]
        if char == "«":
            if depth == 0:
                opened = index
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, index + 1))
        elif char == "„":
            low.append(index)
        elif char in "“”" and low:
            opening = low.pop()
            marks += [opening, index]
            if depth == 0 and not low:
                spans.append((opening, index + 1))
    if depth:
        spans.append((opened, len(text[:end].rstrip())))
    return spans, marks


def russian_statements(
    text: str, *, doc_id: str, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int]]
) -> list[Quote]:
    """Every quoted and reported statement of one Russian text, in text order (see the module's docstring), as
    :func:`analysis.quotes.extract_quotes` gives an English text's."""
    return _Finder(text, mentions=mentions, sentences=sentences).statements(doc_id)


class _Finder:
    def __init__(self, text: str, *, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentences = sorted(sentences) or [(0, len(text))]
        self.speakers: list[tuple[Speaker, str | None]] = []

    def statements(self, doc_id: str) -> list[Quote]:
        # In text order, so that a pronoun refers to a speaker named before it.
        dialogue = {start: (start, end, words) for start, end, words in self._dialogue()}
        quoted = [
            (start, end)
            for start, end in outermost(russian_quote_spans(self.text))
            if not any(a <= start < b for a, b, _ in dialogue.values())
        ]
        # Speech and the quotations that are statements (with their attributions) are no reported speech;
        # a short quoted name ("в рамках «правительственного часа»") does not keep its sentence from being one.
        blocked = [(a, b) for a, b, _ in dialogue.values()]
        blocked += [(a, b) for a, b in quoted if len(self.text[a:b].split()) >= MIN_FRAGMENT_WORDS]
        items = sorted(
            [(s, 0, e) for s, e, _ in dialogue.values()]
            + [(s, 1, e) for s, e in quoted]
            + [(s, 2, e) for s, e in self.sentences]
        )
        found: list[tuple[int, int, str, Speaker | None, str | None]] = []
        # The last sentence outside quotations that reported nothing: what "Об этом …" refers to.
        previous: tuple[int, int] | None = None
        for start, kind, end in items:
            if kind == 0:
                words = dialogue[start][2]
                speaker, cue = self._attribution(*words) if words else (None, None)
                found.append((start, end, "direct", speaker, cue))
            elif kind == 1:
                inner_end = end - 1 if self.text[end - 1] in '»“”"' else end
                n_words = len(self.text[start + 1 : inner_end].split())
                if n_words >= MIN_QUOTE_WORDS:
                    speaker, cue, claimed = self._credit(start, end)
                    # A short quotation nobody is credited with is a name or a scare quote, as in English.
                    if speaker is not None or n_words >= MIN_FRAGMENT_WORDS:
                        found.append((start + 1, inner_end, "direct", speaker, cue))
                        blocked.append(claimed)
            elif not any(a < end and start < b for a, b in blocked):
                reported: tuple[int, int, str, Speaker | None, str | None] | None = None
                if _ABOUT_THIS.match(self.text, start, end):
                    # "Об этом заявил X.": X said what the sentence before says.
                    speaker, cue = self._attribution(start, end) if previous is not None else (None, None)
                    if previous is not None and cue is not None:
                        reported = (*previous, "reported", speaker, cue)
                else:
                    reported = self._reported(start, end)
                if reported is not None:
                    found.append(reported)
                previous = None if reported is not None else (start, end)
                continue
            previous = None
        found.sort(key=lambda f: f[0])
        sentence_starts = [start for start, _ in self.sentences]
        out = []
        for start, end, mode, speaker, cue in found:
            start, end = _trimmed(self.text, start, end)
            if len(self.text[start:end].split()) < MIN_QUOTE_WORDS:
                continue
            sent_start, sent_end = self.sentences[max(bisect.bisect_right(sentence_starts, start) - 1, 0)]
            out.append(
                Quote(
                    doc_id=doc_id,
                    start=start,
                    end=end,
                    quote=self.text[start:end],
                    speaker=speaker.written if speaker else UNATTRIBUTED,
                    speaker_entity=speaker.entity if speaker else None,
                    cue=cue,
                    kind=self._kind(speaker, start) if speaker else "unspecified",
                    mode=mode,
                    sent_start=sent_start,
                    sent_end=max(sent_end, end),
                )
            )
        return out

    def _dialogue(self) -> list[tuple[int, int, tuple[int, int] | None]]:
        """Paragraphs of direct speech opened by a dash: (speech start, speech end, the author's words)."""
        out: list[tuple[int, int, tuple[int, int] | None]] = []
        for start, end in paragraphs(self.text):
            opening = _DIALOGUE.match(self.text, start, end)
            if opening is None or opening.end() == end:
                continue
            speech_start = opening.end()
            author = _AUTHOR_BREAK.search(self.text, speech_start, end)
            if author is None:
                # A list item opened by a dash ends with ";" or nothing: speech ends its sentence.
                if self.text[start:end].rstrip()[-1:] in ".!?…»":
                    out.append((speech_start, end, None))
                continue
            resumes = _SPEECH_RESUMES.search(self.text, author.end(), end)
            words = (author.end(), resumes.start() if resumes else end)
            speech_end = resumes.end() if resumes else author.start() + (self.text[author.start()] in "!?…")
            out.append((speech_start, end if resumes else speech_end, words))
        return out

    def _credit(self, start: int, end: int) -> tuple[Speaker | None, str | None, tuple[int, int]]:
        """Who a quotation [start, end) is credited to, the cue, and the text the statement and its attribution take."""
        paragraph_end = self.text.find("\n", end)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        after = _AFTER.match(self.text, end, paragraph_end)
        window_start = after.end() if after else end
        stop = _ATTRIBUTION_END.search(self.text, window_start, paragraph_end)
        window = (window_start, stop.start() if stop else paragraph_end)
        dashed = after is not None and any(ch in self.text[end : after.end()] for ch in _DASHES + "-")
        if (dashed or self.text[end:window_start].strip(" ")) and window[1] > window[0]:
            speaker, cue = self._attribution(*window)
            if cue is not None:
                return speaker, cue, (start, window[1])
        sentence_start = self._sentence(start)[0]
        paragraph_start = self.text.rfind("\n", 0, start) + 1
        lead = (max(sentence_start, paragraph_start), start)
        lead_text = self.text[lead[0] : lead[1]].rstrip()
        if lead_text.endswith((":", "что", ",")):
            speaker, cue = self._attribution(*lead, before=True)
            if cue is not None:
                return speaker, cue, (lead[0], end)
        return None, None, (start, end)

    def _reported(self, start: int, end: int) -> tuple[int, int, str, Speaker | None, str | None] | None:
        """A sentence [start, end) that reports what someone said, without quotation marks."""
        sentence = self.text[start:end]
        if match := _POSSESSIVE_ACCORDING.match(sentence):
            return (
                start + match.end(),
                end,
                "reported",
                self._pronoun(match.group("who"), None, start),
                match.group("cue"),
            )
        if (match := _AS_SAYS.match(sentence)) and speech_verb(match.group("verb")):
            speaker = self._who(start + match.start("who"), start + match.end("who"), verb=match.group("verb"))
            self._remember(speaker, match.group("verb"))
            return start + match.end(), end, "reported", speaker, match.group("cue").casefold()
        if match := _ACCORDING.search(sentence):
            speaker = self._who(start + match.start("who"), start + match.end("who"))
            self._remember(speaker, None)
            clause = (start + match.end(), end) if match.start() == 0 else (start, end)
            return *clause, "reported", speaker, " ".join(match.group("cue").casefold().split())
        if match := _TAIL.search(sentence):
            attribution = (start + match.start("attribution"), start + match.end("attribution"))
            words = _WORD.findall(match.group("attribution"))
            if any(speech_verb(w) for w in words[:4]):
                speaker, cue = self._attribution(*attribution)
                if speaker is not None and cue is not None:
                    return start, start + match.start(), "reported", speaker, cue
        if match := _LEAD.match(sentence):
            words = list(_WORD.finditer(match.group("head")))
            verbs = [w for w in words[-_LEAD_VERB_WORDS:] if speech_verb(w.group())]
            if verbs and not any(speech_verb(w.group()) for w in words[: words.index(verbs[-1])]):
                verb = verbs[-1]
                speaker = self._who(start, start + verb.start(), verb=verb.group())
                if speaker is not None and len(match.group("head")[: verb.start()].split()) <= 12:
                    self._remember(speaker, verb.group())
                    return start + match.start("clause"), end, "reported", speaker, verb.group()
        return None

    def _attribution(self, low: int, high: int, *, before: bool = False) -> tuple[Speaker | None, str | None]:
        """The speaker and cue of attribution words [low, high): ``заявил Пашинян``, ``сказала она``,
        ``По словам Алиева,``; (None, None) when they hold no cue."""
        window = self.text[low:high]
        if match := (_POSSESSIVE_ACCORDING.search(window) if before else None):
            return self._pronoun(match.group("who"), None, low), match.group("cue")
        if before and (match := _ACCORDING.search(window)):
            who = (low + match.start("who"), low + match.end("who"))
            return self._who(*who), " ".join(match.group("cue").casefold().split())
        verbs = [m for m in _WORD.finditer(window) if speech_verb(m.group())]
        if not verbs:
            return None, None
        verb = verbs[-1] if before else verbs[0]
        cue = verb.group()
        if before:
            sentence_start = self._sentence(low)[0]
            subject = (max(low, sentence_start), low + verb.start())
            speaker = self._who(*subject, verb=cue) or self._who(low + verb.end(), high, verb=cue)
        else:
            speaker = self._who(low, high, verb=cue, first=True)
        self._remember(speaker, cue)
        return speaker, cue

    def _who(self, low: int, high: int, *, verb: str | None = None, first: bool = False) -> Speaker | None:
        """Whom the words [low, high) name: a person (the first one after a cue, ``first``; else the
        last), else a pronoun, else a role (премьер-министр Армении: the person the text introduced with
        it), else an organisation, else a country mentioned there; else the words as written when few."""
        index = bisect.bisect_left(self.starts, low)
        inside = [m for m in self.mentions[index:] if m.start < high and m.end <= high]
        people = [m for m in inside if m.label == "PERSON"]
        if people:
            m = people[0] if first else people[-1]
            return Speaker(m.surface, m.entity or m.surface, m.label)
        words = [w for w in _WORD.findall(self.text[low:high]) if not speech_verb(w)]
        pronouns = [w for w in words if w.casefold() in _PRONOUNS]
        if pronouns:
            return self._pronoun(pronouns[-1], verb, low)
        if role := _ROLE.search(self.text, low, high):
            return self._role(role.group().casefold(), low, high)
        for labels in (("ORG",), ("GPE", "NORP")):
            named = [m for m in inside if m.label in labels]
            if named:
                return Speaker(named[0].surface, named[0].entity or named[0].surface, named[0].label)
        written = " ".join(w for w in self.text[low:high].split() if not speech_verb(w.strip(",.")))
        written = written.strip(" ,.—–-")
        if written and len(written.split()) <= 6 and written[:1].isalpha():
            return Speaker(written, None, None)
        return None

    def _role(self, role: str, low: int, high: int) -> Speaker:
        """The latest person named before ``low`` with ``role`` in the words before the name ("Премьер-министр
        Армении Никол Пашинян"), credited as the role is written; else the role's words, credited to no one."""
        written = " ".join(w for w in self.text[low:high].split() if not speech_verb(w.strip(",."))).strip(" ,.—–-")
        index = bisect.bisect_left(self.starts, low)
        for m in reversed(self.mentions[:index]):
            described = self.text[max(m.sent_start, m.start - 60) : m.start].casefold()
            if m.label == "PERSON" and role in described:
                return Speaker(written, m.entity or m.surface, "PERSON")
        return Speaker(written, None, None)

    def _pronoun(self, word: str, verb: str | None, position: int) -> Speaker | None:
        """The latest speaker a pronoun can refer to, else the subject of the latest sentence naming a person
        before ``position`` (its first person): of the sex the pronoun or the verb tells, when they do."""
        sex = _PRONOUNS.get(word.casefold()) or (speaker_sex(verb) if verb else None)
        for speaker, known in reversed(self.speakers):
            if sex is None or known in (None, sex):
                return Speaker(word, speaker.entity, speaker.label)
        # Else the sentence's subject: of the latest sentence naming a person, its first person of that sex.
        index = bisect.bisect_left(self.starts, position)
        people = [
            m
            for m in self.mentions[:index]
            if m.label == "PERSON" and (sex is None or name_sex(m.entity or m.surface) in (None, sex))
        ]
        if not people:
            return None
        sentence = self._sentence(people[-1].start)
        m = next(m for m in people if sentence[0] <= m.start)
        return Speaker(word, m.entity or m.surface, "PERSON")

    def _remember(self, speaker: Speaker | None, verb: str | None) -> None:
        """A named speaker, for later pronouns; a past-tense verb tells the speaker's sex (сказала)."""
        if speaker is not None and speaker.entity is not None and speaker.label == "PERSON":
            sex = (speaker_sex(verb) if verb else None) or name_sex(speaker.entity)
            self.speakers.append((speaker, sex))

    def _kind(self, speaker: Speaker, position: int) -> str:
        if speaker.entity and speaker.entity.casefold() in _outlet_names():
            return "media"
        if speaker.entity is None and _KIND_RES["anonymous"].search(speaker.written):
            return "anonymous"
        if speaker.label == "GPE":
            return "official"
        described = speaker.written
        if speaker.entity is not None:
            # What the text says of the speaker: the words before its mentions.
            described += " " + " ".join(
                self.text[max(m.sent_start, m.start - 60) : m.start]
                for m in self.mentions
                if m.entity == speaker.entity
            )
        hits = {
            kind: match.start()
            for kind in ("media", "expert", "official")
            if (match := _KIND_RES[kind].search(described))
        }
        return min(hits, key=hits.__getitem__) if hits else "unspecified"

    def _sentence(self, position: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.sentences, (position, len(self.text) + 1)) - 1, 0)
        return self.sentences[index]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ',:;—–-«„“"'):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ',:;—–-»“”"'):
        end -= 1
    return start, end


@cache
def _outlet_names() -> frozenset[str]:
    return frozenset(n.casefold() for o in known_outlets() for n in (o.name, *o.aliases))
