"""Where an outlet is at home: the states (first-level divisions) its articles' places lie in.

A local paper's story often names only its own town ("the Athens City Council"), and nothing in
the story says which Athens; the paper's other stories do, as they do for its readers. This is the
"local lexicon" of Lieberman, Samet and Sankaranarayanan (ICDE 2010), learned from the corpus
itself: no list of outlets and their towns is needed, and an outlet with one article, or a corpus
without outlets, learns nothing.

Only names that point to one state count ("Tennessee", "Puryear", a county of one state): a name
with namesakes in many states says little of where the outlet is. Each article counts once, its
names sharing one unit of evidence, so a long story weighs no more than a short one. When a name
is resolved, neither its own article nor that name's mentions in the outlet's other articles count
(a paper in Paris, Tennessee, that writes "Paris" in every story must not learn from "Paris" that
it is in France).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from analysis.types import GazetteerEntry

# The share of a name's prominence that must lie in one state for the name to point to that state.
STATE_SHARE = 0.75
# The share of an outlet's evidence that makes a state its home, and the state's country evidence too.
HOME_SHARE = 0.5
# An outlet's home is learned from at least this many of its other articles.
MIN_ARTICLES = 2


@dataclass(frozen=True, slots=True)
class Pointer:
    """What one place name of an article says of the outlet's home: the state it points to, and
    whether the name has namesakes (only such a name is ever resolved against the home)."""

    sense: Hashable
    state: str
    namesakes: bool


def state_of(entry: GazetteerEntry) -> str:
    """The first-level division a place is or lies in ("" for a country, continent or sea)."""
    return entry.place_id if entry.feature == "admin1" else entry.admin1


def pointed_state(shares: Mapping[GazetteerEntry, float]) -> str:
    """The state that holds at least :data:`STATE_SHARE` of a name's candidates' prominence, or ""."""
    by_state: dict[str, float] = defaultdict(float)
    for entry, share in shares.items():
        by_state[state_of(entry)] += share
    state = max(by_state, key=by_state.__getitem__, default="")
    return state if state and by_state[state] >= STATE_SHARE else ""


@dataclass(frozen=True, slots=True)
class Home:
    """An outlet's home as evidence for one name of one article: each state's share of the evidence
    of the outlet's other articles, without that name."""

    outlet: str
    shares: Mapping[str, float]

    def share(self, state: str) -> float:
        return self.shares.get(state, 0.0)

    def countries(self, entries: Sequence[GazetteerEntry]) -> dict[str, float]:
        """The country of the state that holds most of the evidence, if one of ``entries`` lies in it, with
        that state's share. An article's other places' countries are weighed by their shares of them all,
        so even a small share would decide for a story that names no other place: a national outlet,
        whose articles point to many states, has no home country (the Peru of a story naming only Peru
        is the country, not Peru, Indiana, however often the outlet writes of Indiana)."""
        countries: dict[str, float] = {}
        for entry in entries:
            share = self.share(state_of(entry))
            if share >= HOME_SHARE and entry.country_code:
                countries[entry.country_code] = share
        return countries


class OutletHomes:
    """The states each outlet's articles point to, gathered a chunk of whole articles at a time."""

    def __init__(self) -> None:
        self._states: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        # The evidence each name with namesakes gave, summed over the outlet's articles: taken out again
        # when that name is resolved.
        self._names: dict[str, dict[Hashable, float]] = defaultdict(lambda: defaultdict(float))
        self._articles: Counter[str] = Counter()

    def add(self, outlet: str, pointers: Sequence[Pointer]) -> None:
        """Add one article of ``outlet``: the pointers of its distinct place names."""
        evidence = article_evidence(pointers)
        if not evidence:
            return
        self._articles[outlet] += 1
        states = self._states[outlet]
        for state, share in evidence.items():
            states[state] += share
        each = 1.0 / sum(1 for p in pointers if p.state)
        for pointer in pointers:
            if pointer.state and pointer.namesakes:
                self._names[outlet][pointer.sense] += each

    def home(self, outlet: str, pointers: Sequence[Pointer], sense: Hashable, *, states: Sequence[str]) -> Home:
        """What the outlet's other articles say of ``states`` for the name ``sense`` of the article
        whose pointers are ``pointers``: the share of the evidence each state holds."""
        own = article_evidence(pointers)
        articles = self._articles[outlet] - bool(own)
        if articles < MIN_ARTICLES:
            return Home(outlet, {})
        # The name's evidence in the outlet's other articles (its share in this one is part of ``own``).
        pointed = next((p.state for p in pointers if p.sense == sense), "")
        elsewhere = self._names[outlet].get(sense, 0.0) - _own_share(pointers, sense)
        total = articles - elsewhere
        if total <= 1e-9:
            return Home(outlet, {})
        totals = self._states[outlet]
        shares = {}
        for state in dict.fromkeys(states):
            mass = totals.get(state, 0.0) - own.get(state, 0.0) - (elsewhere if state == pointed else 0.0)
            if mass > 1e-9:
                shares[state] = mass / total
        return Home(outlet, shares)


def article_evidence(pointers: Sequence[Pointer]) -> dict[str, float]:
    """One article's unit of evidence, shared equally among its names that point to a state."""
    states = [p.state for p in pointers if p.state]
    if not states:
        return {}
    each = 1.0 / len(states)
    evidence: dict[str, float] = defaultdict(float)
    for state in states:
        evidence[state] += each
    return dict(evidence)


def _own_share(pointers: Sequence[Pointer], sense: Hashable) -> float:
    """The share of its article's evidence that the name ``sense`` gave, if counted apart (see add)."""
    if not any(p.sense == sense and p.state and p.namesakes for p in pointers):
        return 0.0
    return 1.0 / sum(1 for p in pointers if p.state)
