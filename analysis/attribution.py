"""Who said a statement: the speaker of a quotation or a reported clause, as written and resolved.

See :mod:`analysis.quotes` for the rules. The attributor walks a document's statements in text
order and keeps its current speaker, to whom pronouns and roles refer.

Over 500 lines: the speaker search and its resolution share the attributor's state (the current
speaker, the names already seen), which splitting would pass back and forth.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from analysis.metadata import known_outlets
from analysis.quote_marks import closed, in_quotes, paragraphs, sentence_stop, strip_marks
from analysis.reported import ACCORDING, CUE, CUE_RE, PASSIVE, Clause, bare_attribution
from analysis.types import Mention

MIN_QUOTE_WORDS = 4
KINDS = ("official", "expert", "media", "anonymous", "unspecified")

_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": None, "them": None}
_PERSON_ROLES = (
    "analyst commentator observer expert scientist researcher professor politician diplomat president minister "
    "spokesman spokesperson spokeswoman official leader director aide ambassador secretary deputy mp"
).split()
_INSTITUTIONS = "ministry department council agency government office committee parliament service embassy".split()
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
# "The farmers on the far side of the river said": a description after a preposition says where someone is, not
# who speaks.
_PREPOSITIONS = frozenset(
    (
        "on of in at from for to by with across beyond along near over under behind around inside outside "
        "toward towards"
    ).split()
)
# "a resident of Cambridge", "An official in Baku": someone described, not the place (opening a sentence, too).
_INDEFINITE = re.compile(
    r"\b(?i:an?|one|some|several|many|two|three)\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+(?:\s+(?:of|from|in|at)\s+[^,;]+)?$"
)
# "Protest groups", "the members", "his campaign", "Jason Gilbert": a subject as written, without a verb.
_NOUN_PHRASE = re.compile(
    r"(?:(?:the|his|her|their|its|our|some|many|most|other|several|two|three|both|all)\s+)?"
    r"(?!(?:is|are|was|were|has|have|had|will|would|and|but|or|to|in|on|at|for|of|with|as|if|when|that|this|it)\b)"
    r"[\w’'.-]+(?:\s+(?!(?:is|are|was|were|has|have|had|will|would|and|but|or|to|in|on|at|for|with|as|if|when|that|it)\b)"
    r"(?!(?-i:[a-z])[\w’'-]*(?:ed|ly)\b)[\w’'.-]+){0,4}",
    re.IGNORECASE,
)
# Words between a speaker and the cue ("he later said", "Trump has also said").
_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|again|now|still|has|have|had|would|will|once|first|(?-i:[a-z])\w+ly))+\s*$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^(?P<name>[^,\n]{3,60}),\s*(?P<role>[^,\n]{3,60})$")
_BYLINE = re.compile(
    r"(?i)\b(?:associated press|reuters|agence france|staff|reporter|correspondent|writer|contributor|columnist|"
    r"news|press)\b"
)
# "WALLACE: …", "Mr. Pence: …" opening a quoted answer in a transcript.
_LABEL = re.compile(
    r"(?P<name>(?:[A-Z][A-Z’'.-]+)(?: [A-Z][A-Z’'.-]+){0,2}"
    r"|(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r":\s+"
)
_DASH = re.compile(r"\s*(?:―|—|–|--)\s*(?P<who>[A-Z@][^,(\n―—–]{1,60}?)\s*(?:[,(.]|$)")
_FEMALE = re.compile(
    r"(?i)\b(?:mrs|ms|miss|madam|spokeswoman|congresswoman|chairwoman|businesswoman|councilwoman|wife|mother|"
    r"daughter|sister|widow|actress|grandmother|woman|lady)\b\.?"
)
_MALE = re.compile(
    r"(?i)\b(?:mr|sir|spokesman|congressman|chairman|businessman|councilman|husband|father|son|brother|widower|"
    r"actor|grandfather|man)\b\.?"
)
_DESCRIPTOR_WORDS = 5
# The name after a cue ("said Gen. Barry R. McCaffrey, …"), up to punctuation that is not a title's or an initial's.
_NAME_AFTER = re.compile(r"\s*((?:\b(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|St|[A-Z])\.|[^,.;:(“\"])+)")


@dataclass(frozen=True, slots=True)
class Speaker:
    written: str
    entity: str | None
    label: str | None


@dataclass(frozen=True, slots=True)
class Found:
    """A statement before it becomes a Quote: its span (marks included for a direct one) and who said it;
    ``how`` names the rule that credited it ("after" for a cue right after a quotation)."""

    start: int
    end: int
    mode: str
    speaker: Speaker | None
    cue: str | None
    how: str = ""


class Attributor:
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
        self.current: tuple[int, Speaker] | None = None
        self.surnames = _surnames(self.mentions)
        self.genders: dict[str, str | None] = {}
        self.subjects = self._subjects()
        self.last_direct: tuple[int, int, bool, Speaker | None] = (-1, -1, False, None)

    def embedded(self, start: int, end: int) -> bool:
        """Whether a quotation is a fragment of its sentence: words that are not a cue, a comma or a
        colon lead up to it, and it holds no whole sentence."""
        sentence_start = self.sentence_bounds(start, start)[0]
        lead_start = max(sentence_start, self._paragraph_start(start), self._last_quote_end(start))
        lead = self.text[lead_start:start]
        if not lead.strip() or re.search(rf"(?:[,:;(―—–.?!-]|\b{CUE}|\bthat)\s*$", lead):
            return False
        inner = self.text[slice(*strip_marks(self.text, start, end))]
        return not (inner[:1].isupper() and re.search(r"[.?!]\W*$", inner) and re.search(r"[.?!]\s+\S", inner))

    def direct(self, start: int, end: int) -> Found:
        inside = self._attribution_inside(start, end)
        if inside is not None:
            return Found(start, inside[0], "direct", inside[1], inside[2], "inside")
        speaker, cue, how = self._credit(start, end)
        if speaker is not None and speaker.label == "PERSON":
            self.current = (start, speaker)
        self.last_direct = (self._paragraph_start(end), end, not closed(self.text, start, end), speaker)
        label = _LABEL.match(self.text, strip_marks(self.text, start, end)[0])
        if how == "label" and label is not None:
            start = label.end()
        return Found(start, end, "direct", speaker, cue, how)

    def _credit(self, start: int, end: int) -> tuple[Speaker | None, str | None, str]:
        label = _LABEL.match(self.text, strip_marks(self.text, start, end)[0])
        if label is not None and (named := self._by_name(label.group("name"), label.start(), label.end())):
            return named, None, "label"
        for how, found in (("after", self._after(start, end)), ("before", self._before(start))):
            if found and found[0]:
                return found[0], found[1], how
        rules = (
            ("introduced", self._introduced),
            ("split", self._split),
            ("continued", self._continued),
            ("headed", self._headed),
        )
        for how, rule in rules:
            found = rule(start)
            if found and found[0]:
                return found[0], found[1], how
        return None, None, ""

    def _split(self, start: int) -> tuple[Speaker | None, str | None] | None:
        """“Elections matter,” Kelly said. “Look at …”: the attribution of the quotation just before, too short
        to be a statement of its own."""
        index = bisect.bisect_left(self.quoted, (start, start)) - 1
        if index < 0:
            return None
        previous_start, previous_end = self.quoted[index]
        gap = self.text[previous_end:start]
        if "\n" in gap or len(gap.split()) > 12 or not CUE_RE.search(gap):
            return None
        return self._after(previous_start, previous_end)

    def reported(self, clause: Clause) -> Found:
        speaker = self._speaker(clause.who_end, window=(clause.who_start, clause.who_end))
        if speaker is None:
            found = self._before(clause.start)
            speaker = found[0] if found else None
        if speaker is not None and speaker.label == "PERSON" and not clause.embedded:
            self.current = (clause.start, speaker)
        return Found(clause.start, clause.end, "reported", speaker, clause.cue if speaker else None, "reported")

    def _attribution_inside(self, start: int, end: int) -> tuple[int, Speaker, str] | None:
        """A quotation left unclosed that runs into its attribution ("“… [sic]Benyamin Poghosyan,
        director of …, told OBCT."): it ends where the speaker is named."""
        if closed(self.text, start, end):
            return None
        index = bisect.bisect_left(self.starts, start + 1)
        for m in self.mentions[index:]:
            if m.end > end:
                break
            sentence_end = self.sentence_bounds(m.start, m.end)[1]
            cue = CUE_RE.search(self.text, m.end, min(sentence_end, end))
            long_enough = len(self.text[start : m.start].split()) >= MIN_QUOTE_WORDS
            if m.label == "PERSON" and cue and cue.start() - m.end < 60 and long_enough:
                speaker = self._person(m)
                self.current = (start, speaker)
                return m.start, speaker, cue.group()
        return None

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.sentences, (start, float("inf"))) - 1, 0)
        if not self.sentences:
            return start, end
        last = next((e for s, e in self.sentences[index:] if e >= end), end)
        return min(self.sentences[index][0], start), max(last, end)

    def kind(self, speaker: Speaker) -> str:
        if speaker.entity and speaker.entity.casefold() in _outlet_names():
            return "media"
        if speaker.entity is None and _KIND_RES["anonymous"].search(speaker.written):
            return "anonymous"
        if speaker.label in ("GPE", "NORP") and speaker.entity:
            return "official"
        described = " ".join([speaker.written, *self._descriptors(speaker)])
        matches = {kind: _KIND_RES[kind].search(described) for kind in ("media", "expert", "official")}
        hits = {kind: match.start() for kind, match in matches.items() if match}
        return min(hits, key=hits.__getitem__) if hits else "unspecified"

    def _descriptors(self, speaker: Speaker) -> list[str]:
        """What the text says of a named speaker: the words before each mention and an apposition after it."""
        out = []
        for m in self.mentions:
            if self._person(m).entity != speaker.entity:
                continue
            before = self.text[max(m.sent_start, m.start - 80) : m.start].split()[-_DESCRIPTOR_WORDS:]
            after = re.match(r",\s*([^,.;:“”]{3,80})", self.text[m.end : m.end + 90])
            out.append(" ".join(before))
            if after:
                out.append(after.group(1))
        return out

    def _after(self, start: int, end: int) -> tuple[Speaker | None, str | None] | None:
        """``,” he told JAMnews.`` / ``,” said Ahmad Alili, director …`` / ``?” Clinton said.`` / ``” ― Name``."""
        tail = self.text[end : self._paragraph_end(end)]
        if closed(self.text, start, end) and (dash := _DASH.match(tail)):
            window = (end + dash.start("who"), end + dash.end("who"))
            named = self._named(*window, labels=("PERSON", "ORG"))
            return named or Speaker(dash.group("who").strip(), None, None), "―"
        stop = re.search(r"[“\"‘]|''", tail)
        sentence_end = sentence_stop(tail[: stop.start()] if stop else tail)
        clause = tail[:sentence_end] if sentence_end else (tail[: stop.start()] if stop else tail)
        cue = CUE_RE.search(clause)
        # "…,” Robert Peck, managing director and analyst at SunTrust, told me": an apposition may run long.
        if cue is None or len(clause[: cue.start()].split()) > (16 if "," in clause[: cue.start()] else 8):
            return None
        ended = re.search(r"[.?!][”\"’']*\s*$", self.text[start:end]) and re.match(r"\s*[A-Z]", tail)
        if ended and not bare_attribution(clause):
            return None  # the quote ended its sentence, and the next one says more than who spoke
        before = clause[: cue.start()].strip(" ,.–—-")
        if before:
            return self._speaker(end + cue.start(), window=(end, end + cue.start())), cue.group()
        after = _NAME_AFTER.match(clause[cue.end() :])
        if after is None:
            return None
        window = (end + cue.end(), end + cue.end() + after.end())
        return self._speaker(window[1], window=window), cue.group()

    def _before(self, start: int) -> tuple[Speaker | None, str | None] | None:
        """``Namazov believes that “…`` / ``according to him, …`` / ``It is reported from NK that …``."""
        sentence_start, _ = self.sentence_bounds(start, start)
        lead_start = max(sentence_start, self._paragraph_start(start), self._last_quote_end(start))
        lead = self.text[lead_start:start]
        for pattern, cue_of in ((ACCORDING, lambda m: "according to"), (PASSIVE, lambda m: m.group("cue"))):
            matches = list(pattern.finditer(lead))
            if matches:
                window = (lead_start + matches[-1].start("who"), lead_start + matches[-1].end("who"))
                return self._speaker(window[1], window=window), cue_of(matches[-1])
        cues = [c for c in CUE_RE.finditer(lead) if not re.search(r"\band\s*$", lead[: c.start()])]
        if cues and not lead[: cues[0].start()].strip() and self.current is not None:
            return self.current[1], cues[0].group()  # "Adding, “…”": the speaker goes on
        for cue in reversed(cues):
            speaker = self._speaker(lead_start + cue.start(), window=(lead_start, lead_start + cue.start()))
            if speaker is not None:
                return speaker, cue.group()
        if lead.rstrip().endswith(":"):
            # "Here's Clinton in December 1992: “…”": the person named before the colon.
            speaker = self._named(lead_start, start, labels=("PERSON", "ORG"))
            return (speaker, None) if speaker else None
        return None

    def _introduced(self, start: int) -> tuple[Speaker | None, str | None] | None:
        """A quote opening a paragraph after one ending in a colon is said by whom that sentence names."""
        paragraph_start = self._paragraph_start(start)
        if self.text[paragraph_start:start].strip():
            return None
        previous = self.text[:paragraph_start].rstrip()
        if not previous.endswith(":"):
            return None
        sentence_start, _ = self.sentence_bounds(len(previous) - 1, len(previous))
        found = self._before(len(previous))
        if found is not None:
            return found
        speaker = self._named(sentence_start, len(previous), labels=("PERSON", "ORG"))
        return (speaker, None) if speaker else None

    def _continued(self, start: int) -> tuple[Speaker | None, str | None] | None:
        """A second quotation in the paragraph of an attributed one goes on in the same voice, and so does
        a paragraph opening with a quotation when the one before ended inside a quotation left open."""
        paragraph, end, left_open, speaker = self.last_direct
        if speaker is None:
            return None
        paragraph_start = self._paragraph_start(start)
        if paragraph == paragraph_start:
            return speaker, None
        previous_end = len(self.text[:paragraph_start].rstrip())
        opens = not self.text[paragraph_start:start].strip()
        after_it = left_open and end >= previous_end and paragraph == self._paragraph_start(previous_end)
        return (speaker, None) if opens and after_it else None

    def _headed(self, start: int) -> tuple[Speaker | None, str | None] | None:
        """Interviews set as "Name, role" on a line of its own, then the person's answers in quotes."""
        for line_start, line_end in reversed(paragraphs(self.text[:start])):
            match = _HEADER.match(self.text[line_start:line_end].strip())
            role = match.group("role") if match else ""
            if match is None or _BYLINE.search(role) or role.strip().casefold() in _outlet_names():
                continue
            speaker = self._named(line_start, line_end, labels=("PERSON",))
            if speaker is not None and self.text[line_start:line_end].strip().startswith(speaker.written):
                return speaker, None
        return None

    def _speaker(self, position: int, *, window: tuple[int, int]) -> Speaker | None:
        """Who the words in ``window`` (the subject before a cue, or the name after it) refer to."""
        low, high = window
        segments = [s for s in re.split(r"[,;]", self.text[low:high]) if s.strip()]
        offset = high
        nearest: list[tuple[int, int]] = []
        for segment in reversed(segments[-2:]):
            offset = self.text.rfind(segment, low, offset + len(segment))
            nearest.append((offset, offset + len(segment)))
        # "Vian, the editor in chief of L'Osservatore Romano, said": a name opening an earlier segment, then described.
        named_first = [
            (a, b)
            for a, b in self._segments(low, high)[:-1]
            if len(self.text[a:b].split()) <= 6 and self._named(a, b, labels=("PERSON",))
        ]
        people = nearest[:1] + named_first[-1:]
        for labels, spans in ((("PERSON",), people), (("ORG",), nearest[:1]), (("GPE", "NORP"), nearest[:1])):
            for seg_start, seg_end in spans:
                named = self._named(seg_start, seg_end, labels=labels)
                if named is not None:
                    segment = self.text[seg_start:seg_end]
                    described = _descriptions(segment) or _INDEFINITE.search(segment.strip())
                    if named.label in ("GPE", "NORP") and described:
                        break
                    return named
        if not nearest:
            return None
        clause = _ADVERBS.sub("", self.text[nearest[0][0] : nearest[0][1]].strip())
        words = clause.split()
        last = words[-1] if words else ""
        if last.casefold() in _PRONOUNS:
            return _written(self._current(position, sex=_PRONOUNS[last.casefold()]), last)
        if last.casefold() == "it":
            return _written(self._latest("ORG", position), last)
        role = re.search(r"\bthe\s+(?:[\w-]+\s+){0,2}?(?P<noun>[\w-]+)\s*$", clause, re.IGNORECASE)
        if role and role.group("noun").casefold() in _INSTITUTIONS:
            found = self._institution(role.group("noun"), position)
            return _written(found, role.group()) if found else Speaker(role.group(), None, None)
        if role and role.group("noun").casefold() in _PERSON_ROLES:
            found = self._role(role.group("noun"), position) or self._current(position)
            return _written(found, role.group()) if found else Speaker(role.group(), None, None)
        description = _descriptions(clause)
        if description:
            return Speaker(description[-1], None, None)
        if indefinite := _INDEFINITE.search(clause):
            return Speaker(indefinite.group().strip(), None, None)
        if last.casefold() == "who":
            return self._named(self.sentence_bounds(low, low)[0], nearest[0][0], labels=("PERSON", "ORG"))
        if (full := self.surnames.get(last.casefold())) and last[:1].isupper():
            return Speaker(last, full, "PERSON")
        return Speaker(clause, None, None) if _NOUN_PHRASE.fullmatch(clause) else None

    def _segments(self, low: int, high: int) -> list[tuple[int, int]]:
        """The comma-separated parts of [low, high), as spans."""
        parts = re.finditer(r"[^,;]+", self.text[low:high])
        return [(low + m.start(), low + m.end()) for m in parts if m.group().strip()]

    def _named(self, low: int, high: int, *, labels: Sequence[str]) -> Speaker | None:
        index = bisect.bisect_left(self.starts, low)
        found = [m for m in self.mentions[index:] if m.start < high and m.end <= high and m.label in labels]
        return self._person(found[-1]) if found else None

    def _by_name(self, name: str, low: int, high: int) -> Speaker | None:
        """A transcript's speaker label ("WALLACE"): the person of that name the document mentions."""
        last = name.split()[-1].strip(".").casefold()
        for m in self.mentions:
            speaker = self._person(m)
            if m.label == "PERSON" and speaker.entity and speaker.entity.split()[-1].casefold() == last:
                return Speaker(self.text[low:high].rstrip(": "), speaker.entity, "PERSON")
        return None

    def _person(self, m: Mention) -> Speaker:
        """The speaker a mention names: a bare surname stands for the one full name ending with it."""
        entity = m.entity or m.surface
        if " " not in m.surface.strip() and (full := self.surnames.get(m.surface.strip().casefold())):
            # "Jordan said" after "Chief Chuck Jordan": the person, even where the model took the name for a country.
            return Speaker(m.surface, full, "PERSON")
        return Speaker(m.surface, entity, m.label)

    def _subjects(self) -> list[tuple[int, Speaker]]:
        """People who open a sentence outside quotations and then speak in it ("Toivo Klaar welcomed
        the talks"): later pronouns may refer to them. A person named deeper in a sentence is not
        taken, as there they are often reported by someone else ("He recalls that … Hajiyev said")."""
        out = []
        for start, end in self.sentences:
            index = bisect.bisect_left(self.starts, start)
            first = next((m for m in self.mentions[index:] if m.start < end and m.label == "PERSON"), None)
            if first is None or in_quotes(self.quoted, first.start, first.end):
                continue
            opens = len(self.text[start : first.start].split()) <= _DESCRIPTOR_WORDS
            if opens and CUE_RE.search(self.text, first.end, end):
                out.append((first.start, self._person(first)))
        return out

    def _current(self, position: int, *, sex: str | None = None) -> Speaker | None:
        """The speaker a pronoun or a role refers to: the latest of the document's current speaker
        and the people opening a sentence in which they speak, else the latest person named outside
        quotations; of those, one whose sex (when known) agrees with the pronoun's."""
        candidates = [c for c in self.subjects if c[0] < position] + ([self.current] if self.current else [])
        index = bisect.bisect_left(self.starts, position)
        named = [
            (m.start, self._person(m))
            for m in reversed(self.mentions[:index])
            if m.label == "PERSON" and not in_quotes(self.quoted, m.start, m.end)
        ]
        for pool in (sorted(candidates, key=lambda c: c[0], reverse=True), named):
            for _, speaker in pool:
                if sex is None or self._sex(speaker) in (None, sex):
                    return speaker
            if pool and sex is None:
                break
        return None

    def _sex(self, speaker: Speaker) -> str | None:
        """ "m" or "f" when the text tells (Mr/Ms, a role word such as "spokeswoman") or the first name
        is in the lexicon of names given overwhelmingly to one sex; else None."""
        entity = speaker.entity or speaker.written
        if entity not in self.genders:
            words = [w.strip(",") for d in self._descriptors(speaker) for w in d.split()[-2:]]
            told = {"f" if _FEMALE.fullmatch(w) else "m" for w in words if _FEMALE.fullmatch(w) or _MALE.fullmatch(w)}
            first = entity.split()[0].casefold() if entity.split() else ""
            self.genders[entity] = told.pop() if len(told) == 1 else (None if told else _first_names().get(first))
        return self.genders[entity]

    def _role(self, noun: str, position: int) -> Speaker | None:
        """ "The political observer": the latest person the text introduced with that role."""
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            speaker = self._person(m)
            if m.label == "PERSON" and any(noun.casefold() in d.casefold().split() for d in self._descriptors(speaker)):
                return speaker
        return None

    def _latest(self, label: str, position: int) -> Speaker | None:
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            if m.label == label and not in_quotes(self.quoted, m.start, m.end):
                return self._person(m)
        return None

    def _institution(self, noun: str, position: int) -> Speaker | None:
        """ "The ministry": the latest organisation of that kind named before, outside quotations (a ministry
        the quotation names is the one spoken of, as for "it")."""
        index = bisect.bisect_left(self.starts, position)
        for m in reversed(self.mentions[:index]):
            of_kind = m.label == "ORG" and noun.casefold() in (m.entity or m.surface).casefold()
            if of_kind and not in_quotes(self.quoted, m.start, m.end):
                return self._person(m)
        return None

    def _paragraph_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def _paragraph_end(self, position: int) -> int:
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end

    def _last_quote_end(self, position: int) -> int:
        index = bisect.bisect_right(self.quoted, (position, position)) - 1
        while index >= 0 and self.quoted[index][1] > position:
            index -= 1
        return self.quoted[index][1] if index >= 0 else 0


def _surnames(mentions: Sequence[Mention]) -> dict[str, str]:
    """Surname -> the one full name of a person the document names with it ("Jordan" -> "Chuck Jordan")."""
    full: dict[str, set[str]] = {}
    for m in mentions:
        entity = (m.entity or m.surface).strip()
        if m.label == "PERSON" and " " in entity:
            full.setdefault(entity.split()[-1].casefold(), set()).add(entity)
    return {surname: next(iter(names)) for surname, names in full.items() if len(names) == 1}


@cache
def _outlet_names() -> frozenset[str]:
    return frozenset(n.casefold() for o in known_outlets() for n in (o.name, *o.aliases))


@cache
def _first_names() -> dict[str, str]:
    lines = resources.files("analysis.data").joinpath("first_names.txt").read_text(encoding="utf-8").splitlines()
    return {name: sex for name, sex in (line.split() for line in lines if line.strip() and not line.startswith("#"))}


def _descriptions(clause: str) -> list[str]:
    """The descriptions of a speaker in ``clause`` ("the Armenian side", "sources"), leaving out those that follow
    or open with a preposition ("the farmers on the far side" are not "on the far side"); one that runs on into
    the next ("Diplomats from the Armenian" + "side") is one description."""
    found: list[tuple[int, int]] = []
    for m in _DESCRIPTION.finditer(clause):
        before = clause[: m.start()].split()[-1:]
        if {w.casefold() for w in [*before, *m.group().split()[:1]]} & _PREPOSITIONS:
            continue
        if found and not clause[found[-1][1] : m.start()].strip():
            found[-1] = (found[-1][0], m.end())
        else:
            found.append((m.start(), m.end()))
    return [clause[a:b].strip() for a, b in found]


def _written(speaker: Speaker | None, words: str) -> Speaker | None:
    """The resolved speaker, as the text wrote it ("he", "the ministry")."""
    return Speaker(words, speaker.entity, speaker.label) if speaker else None
