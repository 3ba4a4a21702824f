"""Places the NER model misses or mislabels, recognised from the gazetteer and their context.

After a locative preposition ("in Malakal", "from Krasnodar", "near Anapa"), a
capitalised name that the gazetteer knows as a sizeable place is taken as a place:
added if the model tagged nothing there, relabelled if it took the name for a
person, organisation or group. Where the context itself says it is a place ("the
village of Tegh", "Kalbajar district", a dateline "MALAKAL, South Sudan (Reuters) -"),
any place the gazetteer knows will do, however small; so in a list that names a place the
model tagged ("Cairo, Giza and Al-Minya"). Months and weekdays, and names used for people
elsewhere in the same document, are left alone: a known person's name stays a person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from analysis.types import GazetteerEntry, Mention

Lookup = Callable[[str], list[GazetteerEntry]]
MIN_POPULATION = 5000
_SURE_FEATURES = {"country", "capital", "admin1", "continent", "region"}
# A name the model tagged as a person or body is a place when it is only a country or division's name.
_AREA_FEATURES = {"country", "admin1", "admin2", "continent", "region", "water"}
_PLACES = ("GPE", "LOC", "FAC")
_DIRECTIONS = frozenset(
    "North South East West Northern Southern Eastern Western Northeast Northwest Southeast Southwest Central "
    "Northeastern Northwestern Southeastern Southwestern Upper Lower Greater".split()
)
_RELABEL = ("PERSON", "ORG", "NORP")
_TOKEN = re.compile(r"[\w'’.-]+")
# Bodies named after the town they serve: the town is named too.
_PUBLIC_SERVICES = frozenset(
    "Police Fire Sheriff City Town County Council School Schools Board Court Library Hospital Department "
    "Township Village Municipal Public High Middle Elementary Chamber Water Housing Parks Mayor".split()
)
# Words of a public body or office, never of a person's name.
_BODY_WORDS = _PUBLIC_SERVICES | frozenset("Commonwealth Commonwealth's Commonwealth’s Spokeswoman Spokesman".split())
# A capitalised word of a name, in any Latin script: "Toruń", "Brăila", "Łódź".
_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’]+"
_NAME = rf"(?P<name>{_WORD}(?:[ -]{_WORD}){{0,2}})"
_CAPS = r"(?P<name>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,2})"
_LOCATIVE = re.compile(r"\b(?:in|at|from|near|outside|across|to|towards|around|throughout)\s+" + _NAME)
_KINDS = (
    r"(?:village|town|city|district|province|region|county|oblast|rayon|governorate|prefecture|municipality|parish|"
    r"township|hamlet|commune)"
)
# Its dash may be a Windows-1252 one read as Latin-1: the control characters U+0096 and U+0097.
_DATELINE_TAIL = (
    r",?(?:[ \t]+(?P<region>[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*){0,2}))?"
    r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:[—–\x96\x97-]+|:)[ \t]"
)
# A dateline in capitals, opening a line or following the headline: "MALAKAL, South Sudan (Reuters) -".
_CAPS_DATELINE = re.compile(r"(?:^|(?<=[.!?] ))[ \t]*" + _CAPS + _DATELINE_TAIL, re.MULTILINE)
# Contexts that say the name is a place: any place the gazetteer knows will do, however small.
_PLACE_CONTEXTS = (
    # "the village of Tegh", "the Kenyan lakeside town of Kisumu".
    re.compile(r"\bthe\s+(?:[\w-]+\s+){0,3}" + _KINDS + r"s?\s+of\s+" + _NAME),
    re.compile(_NAME + r"\s+" + _KINDS + r"s?\b"),
    _CAPS_DATELINE,
    # A street address's town: "of 1935 Orchard St., Alexandria,".
    re.compile(
        r"\b\d+\s+(?:[A-Z][\w'’]*\.?\s+){1,3}(?:St|Street|Ave|Avenue|Road|Rd|Drive|Dr|Lane|Ln|Blvd|Boulevard|"
        r"Court|Ct|Way|Highway|Hwy|Place|Pl|Circle|Cir|Pike|Parkway|Pkwy|Trail)\.?,\s+" + _NAME + r"(?=[,.;]|\s+\d)"
    ),
    # A legislator's party and home: "Rep. Ann Smith, D-Raleigh," "(R-N.J.)".
    re.compile(r"\b[DRI]-(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?|(?:[A-Z][a-z]{0,3}\.){1,3})(?=[,;)])"),
)
# Contexts where a sizeable place (see _sure_place) is meant: after a locative preposition, a dateline in
# ordinary case opening a line ("Springfield, Ill. —").
_DATELINE = re.compile(r"^[ \t]*" + _NAME + _DATELINE_TAIL, re.MULTILINE)
# A name before a word for its people, homes or services: "an Alexandria woman", "Berea police", "a Buford
# home", "Tillsonburg Mayor Stephen Molnar", "the Denver-based firm".
_LOCALS = re.compile(
    r"(?<![\w'’-])(?!(?:A|An|The|This|That|Our|Their|His|Her|Its|Two|Three|Several)\s)"
    + _NAME
    + r"(?:\s+(?:man|woman|men|women|resident|residents|native|natives|teen|teens|teenager|boy|girl|couple|family|"
    r"parents|students|police|officials|voters|home|homes|residence|apartment|neighborhood|neighbourhood|area|"
    + "|".join(sorted(_PUBLIC_SERVICES))
    + r")\b|-based\b)"
)
_SURE_CONTEXTS = (_LOCATIVE, _DATELINE, _LOCALS)
# A list of counties named once ("Barrow, Jackson and Madison counties"): each name is a county's.
_COUNTY_NAME = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?"
_COUNTY_LIST = re.compile(
    rf"(?P<names>(?:{_COUNTY_NAME},\s+)*{_COUNTY_NAME},?\s+(?:and|or|&)\s+{_COUNTY_NAME})\s+[Cc]ounties\b"
)
_COUNTY_ITEM = re.compile(_COUNTY_NAME)
# A list of names closed by "and" or "or" ("Suba, Migori, Homa Bay and Kisumu"): one tagged a place
# makes the others the gazetteer knows places too.
_ITEM = rf"{_WORD}(?:[ -]{_WORD}){{0,2}}"
_LIST = re.compile(rf"(?<![\w'’-])(?:{_ITEM},\s+)*{_ITEM},?\s+(?:and|or)\s+{_ITEM}(?![\w'’-])")
_LIST_ITEM = re.compile(_ITEM)
# The word that completes a place's name after it ("Guernsey County") or before it ("New Jersey").
_DIVISION_WORD = re.compile(r"[ \t]+(?P<word>County|Parish|Borough)\b")
_WORD_AFTER = re.compile(r"[ \t]+(?P<word>[A-Z][a-z]+)(?![\w'’-])")
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])(?P<word>[A-Z][a-z]+)[ \t]+$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’]*\b")
_DATELINES = (_CAPS_DATELINE, _DATELINE)
_CALENDAR = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip


def add_context_places(
    text: str,
    mentions: Sequence[Mention],
    *,
    doc_id: str,
    sentences: Sequence[tuple[int, int]],
    lookup: Callable[[str], list[GazetteerEntry]],
) -> list[Mention]:
    """``mentions`` plus places found from context, in text order.

    Also relabelled as a place: a name the model took for a person or body where the document
    tags the same name as a place elsewhere, or which is only a country's or division's name
    ("Laurel County", "Ohio"); never a name the document uses for a person. And a body named
    after its place ("the Ohio Department of Health", "Grand Ledge Police", "the University of
    Kentucky") keeps its name and adds a mention of the place inside it. A person's surname the model
    took for a place ("Darren Ripley" ... "Ripley said") is relabelled a person.
    """
    mentions = _with_county_lists(text, mentions, doc_id=doc_id, sentences=sentences, lookup=lookup)
    found = [(match, True) for pattern in _PLACE_CONTEXTS for match in pattern.finditer(text)]
    found += [(match, False) for pattern in _SURE_CONTEXTS for match in pattern.finditer(text)]
    # A capitalised word the document also writes in lower case opens a sentence: "But police said", "One man".
    common = set(_LOWER_WORD.findall(text))
    found = [(m, said) for m, said in found if m.re is not _LOCALS or m["name"].lower() not in common]
    people = _people(mentions)
    # A person's surname the model took for a place ("Darren Ripley" ... "Ripley said") is the person,
    # unless a place context says otherwise ("in Ripley").
    surnames = _surnames(mentions, common=common) - {match["name"] for match, _ in found}
    mentions = [replace(m, label="PERSON") if m.label in _PLACES and m.surface in surnames else m for m in mentions]
    out = {(m.start, m.end): m for m in mentions}
    placed = {m.surface for m in mentions if m.label in _PLACES}
    for m in mentions:
        if m.label in _RELABEL and m.surface not in people and m.surface.lower() != m.surface:
            if m.surface in placed or _mainly_area(lookup(m.surface)):
                out[(m.start, m.end)] = replace(m, label="GPE")
                continue
        # A title before a name ("Anderson County Sheriff Greg Taylor") is a body's, named after its place.
        if m.label == "ORG" or (m.label == "PERSON" and _BODY_WORDS.intersection(m.surface.split())):
            for start, end in _places_in_body(m, lookup, placed=placed):
                inner = Mention(doc_id, start, end, text[start:end], "GPE", m.sent_start, m.sent_end)
                out.setdefault((start, end), inner)
    for match, said in found:
        surface, start, end = match["name"], match.start("name"), match.end("name")
        # A dateline in capitals ("MALAKAL") is looked up as a name.
        name = surface.title() if surface.isupper() and "." not in surface else surface
        if match.re is _LOCALS and not lookup(name) and " " in name:
            # "Missing Lancaster girl": the place is the name's last words.
            shorter = name.split(" ", 1)[1]
            start, surface, name = start + len(name) - len(shorter), shorter, shorter
        if name in _CALENDAR or name in people or ((start, end) in out and out[(start, end)].label in _PLACES):
            continue
        candidates = lookup(name)
        if not (candidates if said else _sure_place(candidates)):
            continue
        existing = out.get((start, end))
        if existing is not None:
            if existing.label in _RELABEL:
                out[(start, end)] = replace(existing, label="GPE")
            continue
        if any(m.start < end and start < m.end for m in out.values()):
            continue
        sent_start, sent_end = _sentence(sentences, start, end)
        out[(start, end)] = Mention(
            doc_id=doc_id, start=start, end=end, surface=surface, label="GPE", sent_start=sent_start,
            sent_end=max(sent_end, end),
        )  # fmt: skip
    _with_listed_places(text, out, doc_id=doc_id, sentences=sentences, common=common, lookup=lookup)
    # A name that context showed to be a place is one wherever the model took it for a body or person
    # ("Columbia taxpayers" makes the headline's "Columbia" ORG a place too).
    placed |= {m.surface for m in out.values() if m.label in _PLACES}
    for span, m in out.items():
        if m.label in _RELABEL and m.surface in placed and m.surface not in people:
            out[span] = replace(m, label="GPE")
    kept: list[Mention] = []
    taken: set[tuple[int, int]] = set()
    for m in out.values():
        wider = _widened(text, m, lookup) if m.label in _PLACES else m
        # Not over another mention: "New" of "New York Times" is the body's, not the place's. Only a widened
        # mention is compared with the others, so a long document costs no pass over every pair. A people's
        # name that opens an area's name is the area's ("British" of "British Columbia").
        others = _taken(wider, m, out.values()) if wider is not m else []
        if others and not (all(o.label == "NORP" for o in others) and _is_area(lookup(wider.surface), wider.surface)):
            wider = m
        elif others:
            taken.update((o.start, o.end) for o in others)
        kept.append(wider)
    return sorted((m for m in kept if (m.start, m.end) not in taken), key=lambda m: (m.start, m.end))


def _with_listed_places(
    text: str,
    out: dict[tuple[int, int], Mention],
    *,
    doc_id: str,
    sentences: Sequence[tuple[int, int]],
    common: set[str],
    lookup: Lookup,
) -> None:
    """Add to ``out`` (mentions by span) each name of a list that also names a place the model tagged
    ("from Cairo, Giza and Al-Minya") where the model tagged nothing, the gazetteer knows the name,
    and the document neither tags it otherwise ("Israel and Hamas": Hamas stays a body) nor writes it
    in lower case: ``common`` holds its lower-case words ("Still, Paris and Lyon" opens a sentence)."""
    places = {span for span, m in out.items() if m.label in _PLACES}
    tagged = {m.surface for m in out.values()}
    for match in _LIST.finditer(text):
        items = [(m.start(), m.end()) for m in _LIST_ITEM.finditer(text, match.start(), match.end())]
        if not any(span in places for span in items):
            continue
        for start, end in items:
            name = text[start:end]
            if name in tagged or name.lower() in common or name in _CALENDAR or not lookup(name):
                continue
            if not any(m.start < end and start < m.end for m in out.values()):
                sent_start, sent_end = _sentence(sentences, start, end)
                out[(start, end)] = Mention(doc_id, start, end, name, "GPE", sent_start, max(sent_end, end))


def _sentence(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence (start, end) a name at ``start`` lies in; the name's own span if there are none."""
    return sentences[bisect.bisect_right([s for s, _ in sentences], start) - 1] if sentences else (start, end)


def _taken(wider: Mention, mention: Mention, mentions: Iterable[Mention]) -> list[Mention]:
    """The other mentions that hold words ``wider`` adds to ``mention``."""
    added = [(a, b) for a, b in ((wider.start, mention.start), (mention.end, wider.end)) if a < b]
    return [o for o in mentions if o is not mention and any(o.start < b and a < o.end for a, b in added)]


def _widened(text: str, mention: Mention, lookup: Lookup) -> Mention:
    """``mention`` over the word that completes its name where the model stopped short: "Guernsey" of
    "Guernsey County Court" is the county, "Jersey" of "New Jersey" the state, "Kansas" of "Kansas City"
    the town, when the gazetteer knows the whole name as a county, or as the own name of a country,
    region or sizeable town."""
    after = _DIVISION_WORD.match(text, mention.end)
    if after and any(e.feature == "admin2" for e in lookup(f"{mention.surface} {after['word']}")):
        return replace(mention, end=after.end(), surface=text[mention.start : after.end()])
    after = _WORD_AFTER.match(text, mention.end)
    if after and after["word"] not in _CALENDAR:
        name = f"{mention.surface} {after['word']}"
        if any(e.name.lower() == name.lower() and _sure_place([e]) for e in lookup(name)):
            return replace(mention, end=after.end("word"), surface=text[mention.start : after.end("word")])
    before = _WORD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if before and before["word"] not in _CALENDAR:
        name = f"{before['word']} {mention.surface}"
        found = lookup(name)
        # A direction before a town's name may be the writer's (a town's north side, not a town of its own):
        # only an area's own name takes one ("North America", "Northern Ireland").
        sure = (
            _is_area(found, name)
            if before["word"] in _DIRECTIONS
            else any(e.name.lower() == name.lower() and _sure_place([e]) for e in found)
        )
        if sure:
            return replace(mention, start=before.start("word"), surface=text[before.start("word") : mention.end])
    return mention


def county_list_names(text: str, lookup: Lookup) -> dict[int, tuple[int, str]]:
    """The names of lists of counties ("Barrow, Jackson and Madison counties"), by start offset: each
    name's end and the county's name the gazetteer knows ("Jackson County"). A list's first name may
    carry the word before it ("In Barrow"): it is dropped when the county is known without it."""
    names = {}
    for match in _COUNTY_LIST.finditer(text):
        for item in _COUNTY_ITEM.finditer(match["names"]):
            start, name = match.start("names") + item.start(), item.group()
            words = name.split()
            if len(words) > 1 and not lookup(f"{name} County"):
                start, name = start + len(words[0]) + 1, words[1]
            if any(e.feature == "admin2" for e in lookup(f"{name} County")):
                names[start] = (start + len(name), f"{name} County")
    return names


def _with_county_lists(
    text: str,
    mentions: Sequence[Mention],
    *,
    doc_id: str,
    sentences: Sequence[tuple[int, int]],
    lookup: Lookup,
) -> list[Mention]:
    """``mentions`` with each name of a list of counties a place mention of its own, in place of what the
    model made of the list ("Jackson" as a person, "Madison counties" as one place)."""
    names = county_list_names(text, lookup)
    if not names:
        return list(mentions)
    spans = [(start, end) for start, (end, _) in names.items()]
    kept = [m for m in mentions if not any(m.start < end and start < m.end for start, end in spans)]
    for start, end in spans:
        sent_start, sent_end = _sentence(sentences, start, end)
        kept.append(Mention(doc_id, start, end, text[start:end], "GPE", sent_start, max(sent_end, end)))
    return sorted(kept, key=lambda m: (m.start, m.end))


def _places_in_body(body: Mention, lookup: Lookup, *, placed: set[str]) -> list[tuple[int, int]]:
    """Spans of the place a body's name opens or ends with: "Ohio" of "the Ohio Department of Health",
    "West Virginia" of "the Family Policy Council of West Virginia". The place must be sure: mainly a
    country or division, a name the document tags as a place elsewhere, or a town of 5,000 people
    whose public service it is ("Berea Police Department")."""
    words = [(w.start(), w.end(), w.group()) for w in _TOKEN.finditer(body.surface)]
    if words and words[0][2].lower() == "the":
        words = words[1:]
    found = []
    for size in range(min(3, len(words) - 1), 0, -1):
        run = _sure_run(words[:size], lookup, placed=placed, after=words[size][2])
        if run:
            found.append((body.start + run[0][0], body.start + run[-1][1]))
            break
    # After each "of": "the University of Kentucky College of Law".
    ofs = [i for i, w in enumerate(words) if w[2] == "of"]
    for i, j in zip(ofs, [*ofs[1:], len(words)][: len(ofs)], strict=True):
        for size in range(min(3, j - i - 1), 0, -1):
            if run := _sure_run(words[i + 1 : i + 1 + size], lookup, placed=placed, after=""):
                found.append((body.start + run[0][0], body.start + run[-1][1]))
                break
    return found


def _sure_run(
    run: list[tuple[int, int, str]], lookup: Lookup, *, placed: set[str], after: str
) -> list[tuple[int, int, str]]:
    """``run`` if it names a sure place, else the same less a leading direction that is not part of the
    name ("Western Pennsylvania", but "West Virginia"); ``[]`` if neither."""
    if not run or not all(w[2][0].isupper() for w in run):
        return []
    if _sure_in_body(run, lookup, placed=placed, after=after):
        return run
    if len(run) > 1 and run[0][2] in _DIRECTIONS and _sure_in_body(run[1:], lookup, placed=placed, after=after):
        return run[1:]
    return []


def _sure_in_body(run: list[tuple[int, int, str]], lookup: Lookup, *, placed: set[str], after: str) -> bool:
    name = " ".join(w[2] for w in run)
    if name in placed:
        return True
    candidates = lookup(name)
    if _mainly_area(candidates):
        return True
    return after in _PUBLIC_SERVICES and any(c.population >= MIN_POPULATION for c in candidates)


def _mainly_area(candidates: list[GazetteerEntry]) -> bool:
    """Whether the most populous place of that name is a country, division or region ("Ohio", "Laurel County")."""
    return bool(candidates) and max(candidates, key=lambda c: c.population).feature in _AREA_FEATURES


def dateline_starts(text: str, *, regions: bool = True) -> set[int]:
    """Where the names of ``text``'s datelines start: the town's and (unless not ``regions``) its region's
    ("MALAKAL, South Sudan (Reuters) -", "Springfield, Ill. —")."""
    starts = set()
    for match in (m for pattern in _DATELINES for m in pattern.finditer(text)):
        starts.add(match.start("name"))
        if match["region"] and regions:
            starts.add(match.start("region"))
    return starts


def _people(mentions: Sequence[Mention]) -> set[str]:
    """Names the document uses for people: a full name and each of its words ("Paris" of Paris Hilton).
    A "person" with a public body's word in it ("Alexandria Police", "Alexandria Commonwealth") is the
    model's mistake for a town's body, and names no one."""
    people = set()
    for m in mentions:
        if m.label == "PERSON" and len(words := m.surface.split()) > 1 and not _BODY_WORDS.intersection(words):
            people.update([m.surface, *words])
    return people


def _surnames(mentions: Sequence[Mention], *, common: set[str]) -> set[str]:
    """The last words of the document's people's full names (see :func:`_people`), but of a name the model
    also tags as a place, or whose first word the document writes in lower case: "Historic Dublin", which
    the model may take for a person once, is no one's name."""
    placed = {m.surface for m in mentions if m.label in _PLACES}
    return {
        words[-1]
        for m in mentions
        if m.label == "PERSON"
        and m.surface not in placed
        and len(words := m.surface.split()) > 1
        and not _BODY_WORDS.intersection(words)
        and words[0].lower() not in common
    }


def _is_area(candidates: list[GazetteerEntry], name: str) -> bool:
    """Whether ``name`` is the own name of a country, division, continent, region or sea."""
    return any(e.name.lower() == name.lower() and e.feature in _AREA_FEATURES for e in candidates)


def _sure_place(candidates: list[GazetteerEntry]) -> bool:
    return any(c.feature in _SURE_FEATURES or c.population >= MIN_POPULATION for c in candidates)


# A place name acting as a speaker or agent stands for its government: "Baku said", "Washington's goal".
_AGENT = re.compile(
    r"(?:['’]s\s+(?:goal|position|plans?|policy|aim|stance|response|efforts?|reaction|statement|demands?)\b"
    r"|\s+(?:has\s+|had\s+|will\s+|would\s+|is\s+|was\s+)?(?:said|says|announced|stated|claimed|insists|insisted|"
    r"wants|wanted|believes|threatened|threatens|denied|denies|accused|accuses|demanded|demands|rejected|rejects|"
    r"refuses|refused|trying|tried|made|makes|agreed|agrees|warned|warns|supported|supports|hopes|hoped)\b)"
)


def is_metonymy(text: str, end: int) -> bool:
    """Whether the place name ending at ``end`` is used for its government or people ("Baku said")."""
    return _AGENT.match(text, end) is not None
