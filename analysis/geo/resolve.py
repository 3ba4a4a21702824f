"""Choosing, for each place mention, one gazetteer candidate, and saying why.

Each candidate is scored on the document's other places (their countries and
those countries' neighbours), the corpus' focus (the countries the whole corpus
mentions), feature type (country, capital, region, town), population and name
exactness. The rule recorded is the first of those factors on which the winner
beats the runner-up; a narrow win is marked ambiguous rather than guessed silently.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from analysis.corrections import read_pairs
from analysis.entities import normalise
from analysis.geo.gazetteer import FEATURE_RANK, fold_name
from analysis.types import GazetteerEntry, Mention, Resolution

# The opt-in online geocoder: candidates for a name, and why there are none when it could not answer.
Fallback = Callable[[str], tuple[list[GazetteerEntry], str | None]]
AMBIGUOUS_MARGIN = 0.3
GENERIC_RULE = "unresolved: generic term, not one place"
# Directions and blocs that the gazetteer happens to know as small towns ("West", Texas).
GENERIC_TERMS = frozenset(
    {"west", "east", "north", "south", "western", "eastern", "northern", "southern", "global south", "global north", "centre", "center", "midwest"}
)
_WEIGHTS = {"document": 3.0, "corpus": 2.0, "feature": 0.5, "population": 0.5, "name": 0.5}
_FACTOR_NAMES = {
    "document": "document context",
    "corpus": "corpus focus",
    "feature": "feature type",
    "population": "population",
    "name": "exact name",
}


class PlaceLookup(Protocol):
    """What resolution needs from a gazetteer or geocoder: candidates by name, and country neighbours."""

    @property
    def neighbours(self) -> Mapping[str, frozenset[str]]: ...

    def lookup(self, name: str) -> list[GazetteerEntry]: ...

    def get(self, place_id: str) -> GazetteerEntry | None: ...


def read_overrides(path: str | Path) -> dict[str, str]:
    """The user's corrections: a CSV ``name,place_id``; a name as written always resolves to that place."""
    pairs = read_pairs(path, columns=("name", "place_id"), what="place overrides")
    return {fold_name(name): place_id for name, place_id in pairs}


def resolve_places(
    mentions: Sequence[Mention],
    gazetteer: PlaceLookup,
    *,
    overrides: Mapping[str, str] | None = None,
    fallback: Fallback | None = None,
    focus: CorpusFocus | None = None,
) -> list[Resolution]:
    """One resolution per mention, in order; unknown names resolve to ``entry=None`` with the reason.

    ``overrides`` (folded name to place_id, see :func:`read_overrides`) win over every other rule;
    ``fallback`` (the opt-in online geocoder) is asked only for names the gazetteer does not know.
    The corpus' focus is that of ``mentions`` unless ``focus`` is given: a corpus resolved a chunk
    of whole documents at a time passes the focus gathered over every chunk.
    """
    overrides = overrides or {}
    names, found_for, mass_for, by_doc = _documents(mentions, gazetteer)
    if focus is None:
        focus = CorpusFocus()
        focus.add_documents(by_doc)
    corpus_share = focus.shares()
    folded_for = {surface: fold_name(name) for surface, name in names.items()}
    # A name resolves the same way wherever it recurs in one document.
    resolved: dict[tuple[str, str], Resolution] = {}
    resolutions = []
    for mention in mentions:
        seen = (mention.doc_id, mention.surface)
        if seen not in resolved:
            resolved[seen] = _resolve(
                mention,
                found_for[mention.surface],
                name=names[mention.surface],
                key=folded_for[mention.surface],
                document=by_doc[mention.doc_id],
                own=mass_for[mention.surface],
                corpus=corpus_share,
                gazetteer=gazetteer,
                overrides=overrides,
                fallback=fallback,
            )
        resolutions.append(resolved[seen])
    return resolutions


class CorpusFocus:
    """The countries a corpus' place mentions point to, gathered a chunk of whole documents at a time
    in corpus order (the sums then come out exactly as over the whole corpus at once)."""

    def __init__(self) -> None:
        self._mass: Counter[str] = Counter()

    def add(self, mentions: Sequence[Mention], gazetteer: PlaceLookup) -> None:
        """Add the place mentions of some documents, every mention of each document at once."""
        self.add_documents(_documents(mentions, gazetteer)[3])

    def add_documents(self, by_doc: Mapping[str, Counter[str]]) -> None:
        for document in by_doc.values():
            self._mass.update(document)

    def shares(self) -> dict[str, float]:
        """Each country's share of the evidence."""
        total = sum(self._mass.values()) or 1.0
        return {c: w / total for c, w in self._mass.items()}


def _documents(
    mentions: Sequence[Mention], gazetteer: PlaceLookup
) -> tuple[dict[str, str], dict[str, list[GazetteerEntry]], dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Each surface's normalised name, candidates and country mass, and each document's country mass."""
    # Names repeat across mentions: look each one up once.
    names = {m.surface: normalise(m.surface) for m in mentions}
    found_for = {surface: gazetteer.lookup(name) for surface, name in names.items()}
    mass_for = {surface: _country_mass(found) for surface, found in found_for.items()}
    by_doc: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        for country, weight in mass_for[mention.surface].items():
            by_doc[mention.doc_id][country] += weight
    return names, found_for, mass_for, by_doc


def _resolve(
    mention: Mention,
    found: Sequence[GazetteerEntry],
    *,
    name: str,
    key: str,
    document: Counter[str],
    own: Counter[str],
    corpus: Mapping[str, float],
    gazetteer: PlaceLookup,
    overrides: Mapping[str, str],
    fallback: Fallback | None,
) -> Resolution:
    """One mention's resolution: ``name`` is its normalised surface, ``key`` that name folded,
    ``document`` the country mass of the document's place mentions and ``own`` this name's share of it."""
    if key in overrides:
        entry = gazetteer.get(overrides[key])
        rule = "override file" if entry else f"unresolved: override names unknown place {overrides[key]!r}"
        return Resolution(entry=entry, rule=rule, n_candidates=len(found))
    if key in GENERIC_TERMS:
        return Resolution(entry=None, rule=GENERIC_RULE, n_candidates=len(found))
    if not found:
        return _online(name, fallback)
    if len(found) == 1:
        return Resolution(entry=found[0], rule="only candidate", n_candidates=1, candidates=(found[0].place_id,))
    context = document - own
    context_total = sum(context.values()) or 1.0
    context_share = {c: w / context_total for c, w in context.items()}
    scored = []
    for entry in found:
        factors = _factors(
            entry,
            key=key,
            context=context_share,
            corpus=corpus,
            neighbours=gazetteer.neighbours.get(entry.country_code, frozenset()),
        )
        scored.append((sum(factors.values()), factors, entry))
    scored.sort(key=lambda item: (-item[0], -item[2].population, item[2].place_id))
    (best, best_factors, winner), (second, second_factors, _) = scored[0], scored[1]
    margin = best - second
    deciding = next((f for f in _WEIGHTS if best_factors[f] > second_factors[f] + 1e-9), "population")
    rule = _FACTOR_NAMES[deciding]
    if margin < AMBIGUOUS_MARGIN:
        rule = f"ambiguous ({rule}, margin {margin:.2f})"
    return Resolution(
        entry=winner,
        rule=rule,
        n_candidates=len(found),
        margin=margin,
        candidates=tuple(e.place_id for _, _, e in scored[:5]),
    )


def _online(name: str, fallback: Fallback | None) -> Resolution:
    if fallback is None:
        return Resolution(entry=None, rule="unresolved: not in the gazetteer", n_candidates=0)
    entries, reason = fallback(name)
    if entries:
        # Nominatim ranks its answers by importance; the first is its best guess.
        return Resolution(entry=entries[0], rule="online geocoder (Nominatim)", n_candidates=len(entries))
    if reason:
        return Resolution(entry=None, rule=f"unresolved: online geocoder {reason}", n_candidates=0)
    return Resolution(entry=None, rule="unresolved: not in the gazetteer, not found online", n_candidates=0)


def _country_mass(found: Sequence[GazetteerEntry]) -> Counter[str]:
    """Each mention adds one unit of evidence, shared among its candidates' countries by prominence.

    A name with dozens of small namesakes in one country ("Moscow", Idaho and
    others) must not outweigh the capital the text almost surely means.
    """
    prominence = {e.place_id: (e.population + 1000) * 10.0 ** FEATURE_RANK.get(e.feature, 1) for e in found if e.country_code}
    total = sum(prominence.values())
    mass: Counter[str] = Counter()
    for entry in found:
        if entry.place_id in prominence:
            mass[entry.country_code] += prominence[entry.place_id] / total
    return mass


# Candidates recur across mentions and documents: fold each name once.
_folded = lru_cache(maxsize=1 << 16)(fold_name)


def _factors(
    entry: GazetteerEntry,
    *,
    key: str,
    context: Mapping[str, float],
    corpus: Mapping[str, float],
    neighbours: frozenset[str],
) -> dict[str, float]:
    code = entry.country_code
    near = max((context.get(n, 0.0) for n in neighbours), default=0.0)
    return {
        "document": _WEIGHTS["document"] * (context.get(code, 0.0) + 0.5 * near),
        "corpus": _WEIGHTS["corpus"] * corpus.get(code, 0.0),
        "feature": _WEIGHTS["feature"] * FEATURE_RANK.get(entry.feature, 1),
        "population": _WEIGHTS["population"] * math.log10(entry.population + 1),
        "name": _WEIGHTS["name"] * (_folded(entry.name) == key),
    }
