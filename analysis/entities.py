"""Entity mentions from parsed docs, and their canonical names.

Canonical names come from, in order of precedence: the user's alias file; the
gazetteer for places (applied by the pipeline after resolution); a bare surname
attached to the full name used in the same document; and conservative merging
of transliteration variants across documents ("Haji/Hagi Namazov").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA, JaroWinkler
from spacy.tokens import Doc, Span

from analysis.config import ENTITY_LABELS, PLACE_LABELS
from analysis.corrections import read_pairs
from analysis.transliterate import has_cyrillic, to_latin
from analysis.types import Mention

# An apostrophe may be typed as any of these: "Trump‘s" (U+2018) is Trump's as well.
_POSSESSIVE = re.compile(r"['’‘`´]s?$")
_TRAILING_WORDS = re.compile(r"(?:\s+(?:of|the|and|for|in|on|at|to|a|an))+$", re.IGNORECASE)
_EDGE_PUNCT = "\"“”‘’'«»()[]{}<>,.;:!?*•–—-/\\|"
_ORDINALS = {
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "last",
    "next",
}
_ORG_HEADS = (
    r"(?:Council|Ministry|Department|Committee|Group|Court|Agency|Service|Office|Parliament|Assembly"
    r"|Government|Commission)"
)
_APPOSITIVE = re.compile(rf"^(?P<org>.*\b{_ORG_HEADS})\s+(?P<person>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+)$")
_NAMED_AFTER = re.compile(r"[\s-]+(?:virus|viruses|fever|disease|flu|influenza|strain|vaccine)\b", re.IGNORECASE)
_SURNAME_MIN_SIMILARITY = 0.88
# Edits a surname may differ by grow with its length: transliterations of long names differ by a few
# letters (Shahramanyan/Shamranyan, Sargsyan/Sarkisian), while short English surnames that close are
# other people (Collins/Coons, Lynch/Lynn, Baker/Barker; measured on PolNeAR's training articles, where
# 11 of the 13 such pairs the old rule merged were two people). Edits allowed: (letters - 4) // 2.
_SURNAME_FREE_LETTERS = 4
_TRANSLITERATIONS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gi", "ji"),
    ("ge", "je"),
    ("y", "i"),
    ("w", "v"),
    ("u", "v"),
    ("ph", "f"),
)


_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Council|Committee|Office|Parliament|Government|Embassy|Service|Red Cross)\b"
)


def extract_mentions(doc: Doc, *, doc_id: str, labels: Sequence[str] = ENTITY_LABELS) -> list[Mention]:
    """Named-entity mentions of ``doc``, with spans trimmed of whitespace, possessives and dangling words."""
    # Doc.text and Span.sent rebuild from every token on each access: read them once per document.
    text = doc.text
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    sentence_starts = [start for start, _ in sentences]
    mentions: list[Mention] = []
    for ent in doc.ents:
        for start, end, label in _split_appositive(ent):
            if label not in labels:
                continue
            span = _trim(text, start, end)
            if span is None:
                continue
            start, end = span
            surface = text[start:end]
            if not _looks_like_name(surface):
                continue
            if label in PLACE_LABELS and _NAMED_AFTER.match(text, end):
                # "West Nile virus", "Marburg fever": a disease named after a place, not the place.
                continue
            sent_start, sent_end = sentences[bisect.bisect_right(sentence_starts, start) - 1]
            mentions.append(
                Mention(
                    doc_id=doc_id,
                    start=start,
                    end=end,
                    surface=surface,
                    label=label,
                    sent_start=sent_start,
                    sent_end=max(sent_end, end),
                )
            )
    return _qualify_institutions(mentions, text)


def _qualify_institutions(mentions: list[Mention], text: str) -> list[Mention]:
    """ "Russian Foreign Ministry", not "Russian" and "Foreign Ministry": an institution is known by its
    nation, and without it the Russian and the Armenian ministries would merge into one entity."""
    out: list[Mention] = []
    for m in mentions:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.label == "NORP"
            and m.label == "ORG"
            and text[previous.end : m.start] == " "
            and _INSTITUTION.search(m.surface)
        ):
            out[-1] = Mention(
                doc_id=m.doc_id,
                start=previous.start,
                end=m.end,
                surface=text[previous.start : m.end],
                label=m.label,
                sent_start=previous.sent_start,
                sent_end=m.sent_end,
            )
            continue
        out.append(m)
    return out


@lru_cache(maxsize=1 << 17)
def normalise(surface: str) -> str:
    """The name without leading "the", possessive, quotes or extra white space."""
    edges = _EDGE_PUNCT + " "  # a quote mark can stand apart from the name ("“ Haji Namazov")
    text = " ".join(surface.split()).strip(edges)
    text = _POSSESSIVE.sub("", text)
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(edges)


def read_aliases(path: str | Path) -> dict[str, str]:
    """The user's alias file: a CSV with columns ``variant,canonical``; keys are case-folded variants.

    A variant is a name as written in the articles, so an alias can also pull one
    spelling out of an automatic merge.
    """
    pairs = read_pairs(path, columns=("variant", "canonical"), what="alias file")
    return {normalise(variant).casefold(): canonical for variant, canonical in pairs}


def canonicalise(
    mentions: Iterable[Mention],
    *,
    aliases: Mapping[str, str] | None = None,
    is_place: Callable[[str], bool] = lambda name: False,
) -> list[Mention]:
    """Give each mention its canonical entity and the rule that chose it.

    ``is_place`` tells whether a name is a known place, so a single capitalised
    word is not taken for a surname when it is a town. For a corpus too large to
    hold its mentions at once, do the same a chunk of whole documents at a time:
    :func:`document_names` and :meth:`NameCounts.add` over every chunk, then
    :func:`merge_names` with :meth:`NameCounts.merges` over every chunk again.
    """
    written = document_names(mentions, is_place=is_place)
    counts = NameCounts()
    counts.add(written)
    return merge_names(written, counts.merges(), aliases=aliases)


def document_names(
    mentions: Iterable[Mention],
    *,
    is_place: Callable[[str], bool] = lambda name: False,
    name_of: Callable[[Mention], str] | None = None,
) -> list[Mention]:
    """What canonicalising finds within each document: names as written (normalised, or ``name_of`` each
    mention: a Russian name's dictionary form) and bare surnames attached to the full name used in the
    same document. Every mention of a document must be passed at once."""
    written = [m.renamed(name_of(m) if name_of else normalise(m.surface), "as written") for m in mentions]
    return _attach_surnames(written, is_place=is_place)


class NameCounts:
    """The names of a corpus as far as merging across documents needs them, gathered from the
    output of :func:`document_names` a chunk at a time: it grows with distinct names, not mentions."""

    def __init__(self) -> None:
        self.people: set[str] = set()
        self.people_written: Counter[str] = Counter()
        self.groups: set[str] = set()
        self.organisations: Counter[str] = Counter()

    def add(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            if m.label == "PERSON" and len(m.entity.split()) >= 2:
                self.people.add(m.entity)
                if m.merge_rule == "as written":
                    self.people_written[m.entity] += 1
            elif m.label == "NORP":
                self.groups.add(m.entity)
            elif m.label == "ORG":
                self.organisations[m.entity] += 1

    def merges(self, *, name_language: str = "en") -> NameMerges:
        """The corpus-wide renamings these names call for; a person written in several scripts is named
        in ``name_language``'s ("ru": Cyrillic, else Latin)."""
        variants = _variant_names(self.people, self.people_written, cyrillic=name_language == "ru")
        return NameMerges(
            variants={name: to for name, to in variants.items() if to != name},
            surnames=_corpus_surnames(set(variants.values())),
            romanised_surnames=_romanised_surnames(set(variants.values())),
            groups=frozenset(self.groups),
            casing=_best_casing(self.organisations),
        )


@dataclass(frozen=True, slots=True)
class NameMerges:
    """Corpus-wide renamings: transliteration variants of a person's name to its most used spelling,
    a bare surname to the one full name that ends with it, group names (their singulars, for
    plurals) and organisation names by case-folded name to their most used casing."""

    variants: Mapping[str, str]
    surnames: Mapping[str, str]
    groups: frozenset[str]
    casing: Mapping[str, str]
    romanised_surnames: Mapping[str, str] = field(default_factory=dict)


def merge_names(
    mentions: Iterable[Mention], merges: NameMerges, *, aliases: Mapping[str, str] | None = None
) -> list[Mention]:
    """Mentions from :func:`document_names` with the corpus-wide ``merges`` and the user's ``aliases`` applied."""
    aliases = aliases or {}
    out = []
    for m in mentions:
        if m.label == "PERSON":
            if m.entity in merges.variants:
                m = m.renamed(merges.variants[m.entity], "spelling variant")
            elif len(m.entity.split()) == 1 and m.entity in merges.surnames:
                m = m.renamed(merges.surnames[m.entity], "surname in corpus")
            elif len(m.entity.split()) == 1 and has_cyrillic(m.entity) and _fold(m.entity) in merges.romanised_surnames:
                m = m.renamed(merges.romanised_surnames[_fold(m.entity)], "surname in corpus")
        elif m.label == "NORP":
            if m.entity.endswith("s") and m.entity[:-1] in merges.groups:
                m = m.renamed(m.entity[:-1], "plural")
        elif m.label == "ORG" and merges.casing[m.entity.casefold()] != m.entity:
            m = m.renamed(merges.casing[m.entity.casefold()], "letter case")
        alias = aliases.get(normalise(m.surface).casefold())
        out.append(m.renamed(alias, "alias file") if alias else m)
    return out


def same_person(a: str, b: str) -> bool:
    """Whether two full names are spelling variants of one person's name (conservative).

    Both need the same number of words, first names equal once transliteration
    differences are folded (Haji/Hagi, Samvel/Samuel), and surnames equal after
    folding or very similar (Shahramanyan/Shamranyan), starting with the same letter, within a few
    edits for a long surname and none for a short one (Chris Collins is not Chris Coons).
    """
    left, right = a.split(), b.split()
    if len(left) < 2 or len(left) != len(right):
        return False
    if [_fold(w) for w in left[:-1]] != [_fold(w) for w in right[:-1]]:
        return False
    last_a, last_b = _fold(left[-1]), _fold(right[-1])
    if last_a == last_b:
        return True
    edits = (min(len(last_a), len(last_b)) - _SURNAME_FREE_LETTERS) // 2
    return (
        last_a[:1] == last_b[:1]
        and OSA.distance(last_a, last_b) <= edits
        and JaroWinkler.similarity(last_a, last_b) >= _SURNAME_MIN_SIMILARITY
    )


@lru_cache(maxsize=1 << 17)
def _fold(word: str) -> str:
    # A Cyrillic name is romanised first, so that Пашинян and Pashinyan fold alike.
    text = unicodedata.normalize("NFKD", to_latin(word).lower())
    text = "".join(ch for ch in text if ch.isalpha() and not unicodedata.combining(ch))
    for source, target in _TRANSLITERATIONS:
        text = text.replace(source, target)
    return re.sub(r"(.)\1", r"\1", text)


def _split_appositive(ent: Span) -> list[tuple[int, int, str]]:
    """Split "the Security Council Samvel Shahramanyan" (one ORG to the model) into ORG + PERSON."""
    if ent.label_ in ("ORG", "NORP"):
        match = _APPOSITIVE.match(ent.text)
        if match:
            split = ent.start_char + match.start("person")
            return [(ent.start_char, ent.start_char + match.end("org"), "ORG"), (split, ent.end_char, "PERSON")]
    return [(ent.start_char, ent.end_char, ent.label_)]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    surface = text[start:end]
    if "\n" in surface.strip():
        head = surface.lstrip()
        end = start + (len(surface) - len(head)) + head.index("\n")
        surface = text[start:end]
    lead = len(surface) - len(surface.lstrip(" \t\n\xa0" + _EDGE_PUNCT))
    start += lead
    surface = text[start:end]
    while True:
        stripped = surface.rstrip(" \t\n\xa0" + _EDGE_PUNCT)
        stripped = _POSSESSIVE.sub("", stripped)
        stripped = _TRAILING_WORDS.sub("", stripped)
        if stripped == surface:
            break
        surface = stripped
    end = start + len(surface)
    return (start, end) if end > start else None


def _looks_like_name(surface: str) -> bool:
    if not any(ch.isupper() for ch in surface):
        return False
    return normalise(surface).lower() not in _ORDINALS and any(ch.isalpha() for ch in surface)


def _attach_surnames(mentions: list[Mention], *, is_place: Callable[[str], bool]) -> list[Mention]:
    """Within a document, a bare surname becomes the full name used there ("Namazov" -> "Hagi Namazov")."""
    full_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        words = m.entity.split()
        if m.label == "PERSON" and len(words) >= 2:
            full_names[(m.doc_id, words[-1])].add(m.entity)
    out = []
    for m in mentions:
        candidates = full_names.get((m.doc_id, m.entity), set())
        if len(candidates) == 1 and len(m.entity.split()) == 1 and not (m.label in PLACE_LABELS and is_place(m.entity)):
            m = m.renamed(next(iter(candidates)), "surname in document", label="PERSON")
        out.append(m)
    return out


def _variant_names(names: set[str], written: Counter[str], *, cyrillic: bool = False) -> dict[str, str]:
    """Across documents, transliteration variants of a person's full name become the most used spelling
    in the wanted script (Cyrillic or Latin), else the most used."""
    ordered = sorted(names, key=lambda n: (has_cyrillic(n) != cyrillic, -written[n], -len(n), n))
    # same_person() only pairs names in the same block (word count, folded first names, first letter of
    # the folded surname), so comparing within blocks makes the same merges as comparing all pairs.
    blocks: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for name in ordered:
        words = [_fold(w) for w in name.split()]
        blocks[(len(words), *words[:-1], words[-1][:1])].append(name)
    canonical: dict[str, str] = {}
    for block in blocks.values():
        for name in block:
            if name in canonical:
                continue
            canonical[name] = name
            for other in block:
                if other not in canonical and same_person(name, other):
                    canonical[other] = name
    return canonical


def _corpus_surnames(full_names: set[str]) -> dict[str, str]:
    """A bare surname left over joins the one full name in the corpus that ends with it, if only one does."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name in full_names:
        by_surname[name.split()[-1]].add(name)
    return {surname: next(iter(names)) for surname, names in by_surname.items() if len(names) == 1}


def _romanised_surnames(full_names: set[str]) -> dict[str, str]:
    """For a bare Cyrillic surname (Алиев): the one full name in the corpus, in any script, whose surname
    folds the same (Ilham Aliyev), by folded surname; a surname two full names share is left out."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name in full_names:
        by_surname[_fold(name.split()[-1])].add(name)
    return {surname: next(iter(names)) for surname, names in by_surname.items() if len(names) == 1}


def _best_casing(counts: Counter[str]) -> dict[str, str]:
    """Organisation names that differ only in case ("JAMNews", "JAMnews") take the most used casing."""
    best: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        best.setdefault(name.casefold(), name)
    return best
