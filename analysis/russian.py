"""The Russian pipeline: the only module that imports natasha, razdel and pymorphy3.

natasha's NewsNERTagger (its model and navec embeddings ship in the wheel; no download at run
time) finds people, organisations and places; razdel gives sentence bounds. Russian inflects
names, so a mention's name is its dictionary form, from pymorphy3: Пашиняна -> Пашинян,
Нагорного Карабаха -> Нагорный Карабах, Министерства обороны -> Министерство обороны (the words
up to the head noun agree with it and are put in the nominative; what follows, a genitive
complement, stays as written). natasha's own normaliser (MorphVocab) needs pymorphy2, which
no longer runs on current Python.

Labels map to the project's: PER -> PERSON, ORG -> ORG, LOC -> LOC; a name the region table
knows as a country, region or town (``data/places_ru.csv``) is GPE whatever the model's label, and
one of the listed organisations (``data/organisations_ru.txt``, plus the outlets) is ORG.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pymorphy3
from natasha import NewsEmbedding, NewsNERTagger
from razdel import sentenize

from analysis.transliterate import has_cyrillic

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
# A word with a quotation mark or bracket in it is part of a quoted name, which is not inflected.
_WORD_EDGES = "«»\"“”„'()"


@dataclass(frozen=True, slots=True)
class RussianEntity:
    """One entity natasha found: character offsets, the project's label and the name's dictionary form."""

    start: int
    end: int
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class RussianParse:
    """A Russian text's sentence bounds and entities."""

    sentences: list[tuple[int, int]]
    entities: list[RussianEntity]


class RussianPipeline:
    """natasha's news NER with pymorphy3 lemmas, and ``organisations`` (names as written, such as the
    outlets' names) plus ``data/organisations_ru.txt`` as organisations wherever they occur; load once
    per process (about 2 s)."""

    def __init__(self, *, organisations: Iterable[str] = ()) -> None:
        self._tagger = NewsNERTagger(NewsEmbedding())
        self._places = _region_places()
        listed = _listed_organisations()
        forms = {form for name in listed for form in _case_forms(name)} | {n for n in organisations if has_cyrillic(n)}
        self._organisations = frozenset(listed) | forms
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        self._organisation_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if forms else None

    def parse(self, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[RussianParse]:
        """One parse per text, in order."""
        texts = list(texts)
        for text, markup in zip(texts, self._tagger.map(texts), strict=True):
            sentences = [(s.start, s.stop) for s in sentenize(text)] or [(0, len(text))]
            entities = []
            for span in markup.spans:
                surface = text[span.start : span.stop]
                name = dictionary_form(surface, person=span.type == "PER")
                label = LABELS[span.type]
                if name in self._places:
                    # The region table is curated: a name in it is the place, whatever the model guessed.
                    label = "GPE"
                if name in self._organisations or surface in self._organisations:
                    label = "ORG"
                entities.append(RussianEntity(start=span.start, end=span.stop, label=label, name=name))
            entities = self._add_organisations(text, entities)
            yield RussianParse(sentences=sentences, entities=_surnames_agreed(entities, text))

    def _add_organisations(self, text: str, entities: list[RussianEntity]) -> list[RussianEntity]:
        """The listed organisations the model missed, where they overlap none of its entities."""
        if self._organisation_pattern is None:
            return entities
        taken = [(e.start, e.end) for e in entities]
        added = [
            RussianEntity(start=m.start(), end=m.end(), label="ORG", name=dictionary_form(m.group(), person=False))
            for m in self._organisation_pattern.finditer(text)
            if not any(m.start() < end and start < m.end() for start, end in taken)
        ]
        return sorted([*entities, *added], key=lambda e: e.start) if added else entities

    def english_place(self, name: str) -> str | None:
        """The name the gazetteer knows a Russian place name by (Степанакерт -> Stepanakert, Горис -> Goris):
        from the curated table, else from GeoNames' Cyrillic names (``data/places_ru_geonames.csv``); or None.
        Only the curated table also makes a mention a place whatever the model's label: a GeoNames town
        may share its name with a person (Пушкин)."""
        return self._places.get(name) or _geonames_places().get(name)


def _surnames_agreed(entities: list[RussianEntity], text: str) -> list[RussianEntity]:
    """One nominative per surname in a text: of the forms its mentions were given, the one that most of
    its written forms can be a case of, and in a tie a full name's (whose first name tells the gender).
    "Захарову" after "Мария Захарова" is Захарова, not the masculine Захаров it could be alone; "Никола
    Пашиняна" beside "Пашинян" is Никол Пашинян, not the woman's name in the nominative it could be
    alone. A full name whose surname loses is read again in the case and gender that give the winner."""
    groups: dict[str, list[tuple[str, str, bool]]] = {}
    for e in entities:
        if e.label == "PERSON":
            written = text[e.start : e.end].split()[-1]
            groups.setdefault(surname_key(written), []).append((written, e.name.split()[-1], " " in e.name))
    winners = {}
    for key, group in groups.items():
        forms = {form for _, form, _ in group}
        if len(forms) > 1:
            winners[key] = max(
                sorted(forms),
                key=lambda form: (
                    sum(_is_case_of(written, form) for written, _, _ in group),
                    any(full and form == given for _, given, full in group),
                ),
            )
    out = []
    for e in entities:
        if e.label == "PERSON":
            written_words = text[e.start : e.end].split()
            best = winners.get(surname_key(written_words[-1]))
            if best is not None and best != e.name.split()[-1]:
                e = RussianEntity(start=e.start, end=e.end, label=e.label, name=_with_surname(written_words, best))
        out.append(e)
    return out


@lru_cache(maxsize=1 << 14)
def _is_case_of(word: str, form: str) -> bool:
    """Whether ``word`` as written can be a singular case form of the nominative ``form``."""
    return word == form or any(_nominative(word, p) == form for p in _singular_readings(_parses(word)))


def _with_surname(words: Sequence[str], surname: str) -> str:
    """The name ``words`` with ``surname`` as its nominative surname, its other words put in the
    nominative from the (case, gender) in which the written surname gives ``surname``."""
    readings = [p for p in _parses(words[-1]) if _nominative(words[-1], p) == surname]
    if not readings or len(words) == 1:
        return " ".join([*words[:-1], surname])
    case, gender = readings[0].tag.case, readings[0].tag.gender
    out = []
    for word in words[:-1]:
        parse = next((p for p in _parses(word) if p.tag.case == case and p.tag.gender in (gender, None)), None)
        out.append(_nominative(word, parse) if parse is not None and case != "nomn" else word)
    return " ".join([*out, surname])


@lru_cache(maxsize=1)
def russian_pipeline(organisations: tuple[str, ...] = ()) -> RussianPipeline:
    """This process' Russian pipeline, loaded on first use: a corpus without Russian never pays for it."""
    return RussianPipeline(organisations=organisations)


@lru_cache(maxsize=1)
def _listed_organisations() -> tuple[str, ...]:
    text = resources.files("analysis.data").joinpath("organisations_ru.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _case_forms(name: str) -> set[str]:
    """``name`` and, for a one-word Cyrillic name that pymorphy3 knows as a noun, its singular case forms."""
    forms = {name}
    if " " in name or not has_cyrillic(name):
        return forms
    nouns = [p for p in _morph().parse(name) if "NOUN" in p.tag and p.tag.case == "nomn"]
    if nouns and "Fixd" not in nouns[0].tag:
        forms |= {_cased_like(f.word, name) for f in nouns[0].lexeme if f.tag.number != "plur"}
    return forms


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _region_places() -> dict[str, str]:
    return _place_table("places_ru.csv")


@lru_cache(maxsize=1)
def _geonames_places() -> dict[str, str]:
    return _place_table("places_ru_geonames.csv")


def _place_table(name: str) -> dict[str, str]:
    text = resources.files("analysis.data").joinpath(name).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {row["russian"]: row["english"] for row in rows}


@lru_cache(maxsize=1 << 16)
def dictionary_form(surface: str, *, person: bool) -> str:
    """The name in the nominative: every word of a person's name in the case they share; for other
    names the words up to and including the first noun, in that noun's case."""
    words = " ".join(surface.split()).split(" ")
    if not has_cyrillic(surface):
        return " ".join(words)
    parses = [_parses(w) for w in words]
    if person:
        return " ".join(_person_words(words, parses))
    head = next((i for i, ps in enumerate(parses) if ps and "NOUN" in ps[0].tag), None)
    if head is None or not parses[head]:
        return " ".join(words)
    tag = parses[head][0].tag
    if tag.case == "nomn" or tag.case is None:
        return " ".join(words)
    out = []
    for i, (word, ps) in enumerate(zip(words, parses, strict=True)):
        chosen = next((p for p in ps if _agrees(p.tag, tag)), None) if i <= head else None
        out.append(_nominative(word, chosen) if chosen is not None else word)
    return " ".join(out)


@lru_cache(maxsize=1 << 14)
def place_form(surface: str) -> str:
    """A place name as written, in its dictionary form, for counting who used which name: as written when the
    region table or GeoNames lists it so (Бердзор, Шуши, which pymorphy3 would read as cases of Бердзоры and
    Шуша); else its nominative (:func:`dictionary_form`) when they list that (Степанакерта -> Степанакерт) or
    when its head noun is a singular pymorphy3 knows (Гадрутского района -> Гадрутский район); else as
    written: a guessed inflection of an unknown word can invent a name nobody wrote (Агдере -> Агдер), and a
    plural head is mostly a span over two names (Ходжалинском и Шушинском районах)."""
    if _is_listed_place(surface):
        return surface
    name = dictionary_form(surface, person=False)
    if name == surface or _is_listed_place(name):
        return name
    words = " ".join(surface.split()).split(" ")
    head = next((w for w in words if (ps := _parses(w)) and "NOUN" in ps[0].tag), None)
    if head is None or not _morph().word_is_known(head):
        return surface
    return name if _parses(head)[0].tag.number == "sing" else surface


def _is_listed_place(name: str) -> bool:
    return name in _region_places() or name in _geonames_places()


def _agrees(tag: pymorphy3.tagset.OpencorporaTag, head: pymorphy3.tagset.OpencorporaTag) -> bool:
    """Whether a word read as ``tag`` agrees with the head noun: its case and number, and in the
    singular its gender (Европейского союза: the masculine reading of Европейского)."""
    if tag.case != head.case or tag.number != head.number:
        return False
    return head.number != "sing" or tag.gender is None or tag.gender == head.gender


def _person_words(words: Sequence[str], parses: Sequence[Sequence[pymorphy3.analyzer.Parse]]) -> list[str]:
    """A person's name in the nominative: the (case, gender) in which every word pymorphy3 can read
    as a singular can be read, name readings first, with the highest total score; ties go to the
    masculine, then to the nominative (Пашиняна is a man's name in the genitive more often than a
    woman's in the nominative). A word pymorphy3 has no singular reading for stays as written."""
    readings = [_singular_readings(ps) for ps in parses]
    usable = [r for r in readings if r]
    best: tuple[float, bool, bool] | None = None
    chosen: tuple[str, str] | None = None
    for case in _CASES:
        for gender in ("masc", "femn"):
            total = 0.0
            for reading in usable:
                fits = [p.score for p in reading if _fits(p, case, gender)]
                if not fits:
                    break
                total += max(fits)
            else:
                rank = (total, gender == "masc", case == "nomn")
                if best is None or rank > best:
                    best, chosen = rank, (case, gender)
    if chosen is None or chosen[0] == "nomn":
        return list(words)
    case, gender = chosen
    out = []
    for word, reading in zip(words, readings, strict=True):
        parse = next((p for p in reading if _fits(p, case, gender)), None)
        out.append(_nominative(word, parse) if parse is not None else word)
    return out


def _singular_readings(parses: Sequence[pymorphy3.analyzer.Parse]) -> list[pymorphy3.analyzer.Parse]:
    singular = [p for p in parses if p.tag.number in ("sing", None) and "NOUN" in p.tag]
    return [p for p in singular if _NAME_TAGS & p.tag.grammemes] or singular


def _fits(parse: pymorphy3.analyzer.Parse, case: str, gender: str) -> bool:
    tag = parse.tag
    return bool(tag.case == case and (tag.gender is None or tag.gender == gender or "ms-f" in tag))


# Verbs that report speech, by lemma (perfective and imperfective): any of their forms is a cue.
SPEECH_LEMMAS = frozenset(
    (
        "заявить заявлять сообщить сообщать отметить отмечать подчеркнуть подчеркивать сказать говорить "
        "добавить добавлять передать передавать пояснить пояснять рассказать рассказывать указать указывать "
        "объяснить объяснять напомнить напоминать заметить замечать уточнить уточнять признать признавать "
        "призвать призывать ответить отвечать написать писать предупредить предупреждать утверждать "
        "констатировать заверить заверять считать полагать прокомментировать комментировать опровергнуть "
        "опровергать подтвердить подтверждать выразить высказаться высказываться говориться сообщаться "
        "цитировать процитировать настаивать пообещать обещать резюмировать"
    ).split()
)
_VERB_POS = frozenset({"VERB", "GRND", "INFN"})


@lru_cache(maxsize=1 << 14)
def speech_verb(word: str) -> str | None:
    """The lemma of ``word`` when it is a form of a verb reporting speech (заявила, добавив, как
    передаёт -> заявить, добавить, передавать), else None; ё is read as е."""
    for parse in _parses(word):
        lemma = parse.normal_form.replace("ё", "е")
        if parse.tag.POS in _VERB_POS and lemma in SPEECH_LEMMAS:
            return lemma
    return None


@lru_cache(maxsize=1 << 14)
def speaker_sex(verb: str) -> str | None:
    """ "m" or "f" when a past-tense verb tells its subject's sex (сказал, сказала), else None."""
    genders = {p.tag.gender for p in _parses(verb) if p.tag.POS == "VERB" and p.tag.tense == "past"}
    return {"masc": "m", "femn": "f"}.get(genders.pop()) if len(genders) == 1 else None


@lru_cache(maxsize=1 << 14)
def name_sex(name: str) -> str | None:
    """ "m" or "f" when pymorphy3 reads the Russian name's words as a man's or a woman's name in the
    nominative (Мария Захарова -> f), else None."""
    genders = {
        p.tag.gender
        for word in name.split()
        for p in _parses(word)
        if _NAME_TAGS & p.tag.grammemes and p.tag.case == "nomn" and p.tag.gender in ("masc", "femn")
    }
    return {"masc": "m", "femn": "f"}.get(genders.pop()) if len(genders) == 1 else None


def surname_key(word: str) -> str:
    """What a surname's forms share, whatever the case and gender (Захарова, Захарову, Захаров -> захаров)."""
    named = [p for p in _parses(word) if _NAME_TAGS & p.tag.grammemes]
    return named[0].normal_form if named else word.lower()


def _parses(word: str) -> list[pymorphy3.analyzer.Parse]:
    """pymorphy3's readings of a Cyrillic word; none for other words, quoted ones and indeclinables."""
    if not has_cyrillic(word) or any(ch in _WORD_EDGES for ch in word):
        return []
    parses = _morph().parse(word)
    return [] if any("Fixd" in p.tag for p in parses[:1]) else parses


def _nominative(word: str, parse: pymorphy3.analyzer.Parse) -> str:
    inflected = parse.inflect({"nomn"})
    if inflected is None:
        return word
    # pymorphy3 writes ё where news mostly prints е (Соединённые); keep the text's habit.
    lemma = inflected.word if "ё" in word.lower() else inflected.word.replace("ё", "е")
    return _cased_like(lemma, word)


def _cased_like(lemma: str, original: str) -> str:
    """``lemma`` with the capitals of ``original`` letter by letter (Пашиняна -> Пашинян, МИДа -> МИД)."""
    return "".join(ch.upper() if i < len(original) and original[i].isupper() else ch for i, ch in enumerate(lemma))
