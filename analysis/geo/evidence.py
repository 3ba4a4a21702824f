"""What a document's place names are evidence of, before any of them is resolved.

Each distinct name as written (:class:`PlaceName`) is looked up once: its candidates, the countries
and regions they lie in, shared by prominence, and the state most of them point to. A document's
names, each counted once, make its country and region mass; a corpus' documents, gathered a chunk at
a time, make its focus (:class:`CorpusFocus`) and each outlet's home (:mod:`analysis.geo.outlet_home`).
:mod:`analysis.geo.resolve` weighs this evidence for each name's candidates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from analysis.entities import normalise
from analysis.geo.gazetteer import DIVISIONS, FEATURE_RANK, fold_name
from analysis.geo.names import GENERIC_TERMS, known_candidates
from analysis.geo.outlet_home import OutletHomes, Pointer, pointed_state
from analysis.types import GazetteerEntry, Mention

_NOTIONAL_POPULATION = 1e8
# A dateline ("ALEXANDRIA, La. —") says where the story is told from: it counts as two mentions.
DATELINE_EVIDENCE = 2.0
# A people's name says who, not where ("Artsakh Armenians" live in Karabakh): weak evidence of a document's place.
DEMONYM_EVIDENCE = 0.25
# Areas that a document names in lists of their peers (states, countries, continents).
PEERS = frozenset({"admin1", "country", "continent"})
_LEVEL = "level:"
# A county that some candidate of a name lies in (or is): two names of one document that can both be
# in one county most likely are ("Paris" and "Henry County": Paris, Tennessee). A name with namesakes in
# many counties ("Springfield") says little of each.
COUNTY = "county:"
_COUNTY_NAMESAKES = 12
# A town is weaker evidence for its state than the state's own name.
_TOWN_EVIDENCE = 0.5
# A name's candidates (and whether it names a people): see PlaceName.sense.
Sense = tuple[bool | str, ...]


class PlaceLookup(Protocol):
    """What resolution needs from a gazetteer or geocoder: candidates by name, and country neighbours."""

    @property
    def neighbours(self) -> Mapping[str, frozenset[str]]: ...

    def lookup(self, name: str) -> list[GazetteerEntry]: ...

    def demonym(self, word: str) -> list[GazetteerEntry]: ...

    def get(self, place_id: str) -> GazetteerEntry | None: ...


class CorpusFocus:
    """The countries a corpus' place mentions point to, and where each outlet is at home (``homes``),
    gathered a chunk of whole documents at a time in corpus order (the sums then come out exactly as
    over the whole corpus at once). It keeps what the gazetteer said of each distinct name, so one
    focus serves one gazetteer."""

    def __init__(self) -> None:
        self._mass: Counter[str] = Counter()
        self._surfaces: dict[str, PlaceName] = {}
        self.homes = OutletHomes()

    def add(
        self, mentions: Sequence[Mention], gazetteer: PlaceLookup, *, outlets: Mapping[str, str] | None = None
    ) -> None:
        """Add the place mentions of some documents, every mention of each document at once;
        ``outlets`` gives each document's outlet, whose home its places are evidence of."""
        surfaces, by_doc, _ = self.documents(mentions, gazetteer)
        self.add_documents(by_doc)
        for doc_id, pointed in name_pointers(mentions, surfaces).items():
            if outlet := (outlets or {}).get(doc_id):
                self.homes.add(outlet, pointed)

    def add_documents(self, by_doc: Mapping[str, Counter[str]]) -> None:
        for document in by_doc.values():
            self._mass.update(document)

    def shares(self) -> dict[str, float]:
        """Each country's share of the evidence."""
        total = sum(self._mass.values()) or 1.0
        return {c: w / total for c, w in self._mass.items()}

    def documents(
        self, mentions: Sequence[Mention], gazetteer: PlaceLookup, *, datelines: Mapping[str, set[int]] | None = None
    ) -> tuple[dict[str, PlaceName], dict[str, Counter[str]], dict[str, Counter[str]]]:
        """What the gazetteer says of each surface of ``mentions`` (asked once per surface for the
        focus' life: names recur across chunks), and each document's country and region mass.
        A name in the document's dateline (``datelines``: its start offsets by document) weighs double."""
        surfaces = {}
        for m in mentions:
            if m.surface not in surfaces:
                known = self._surfaces.get(m.surface)
                if known is None:
                    known = self._surfaces[m.surface] = PlaceName.of(m.surface, gazetteer)
                surfaces[m.surface] = known
        by_doc: dict[str, Counter[str]] = defaultdict(Counter)
        regions: dict[str, Counter[str]] = defaultdict(Counter)
        # Each name counts once per document, so a name's own repetitions ("Paris" ten times, "PARIS" in the
        # dateline, "Anderson County" and "the Anderson County Jail") are never evidence for itself:
        # subtracting its mass once removes all of it.
        by_sense = {name.sense: name for name in surfaces.values()}
        starts = datelines or {}
        in_dateline = {(m.doc_id, surfaces[m.surface].sense) for m in mentions if m.start in starts.get(m.doc_id, ())}
        for doc_id, sense in dict.fromkeys((m.doc_id, surfaces[m.surface].sense) for m in mentions):
            name = by_sense[sense]
            weight = DATELINE_EVIDENCE if (doc_id, sense) in in_dateline else 1.0
            weight *= DEMONYM_EVIDENCE if name.demonym else 1.0
            by_doc[doc_id].update({c: w * weight for c, w in name.mass.items()})
            regions[doc_id].update({r: w * weight for r, w in name.regions.items()})
        return surfaces, by_doc, regions


@dataclass(frozen=True, slots=True)
class PlaceName:
    """A place name as written: its normalised name, that name folded, its candidates and their country
    and region mass. When the gazetteer does not know the whole name but a part of it ("Henderson County"
    of "Henderson County Jail", "Texas" of "North Texas"), ``part`` is that part and the candidates its.
    A demonym ("Iraqis", "Georgian") has for candidates the places whose people it names."""

    name: str
    key: str
    found: list[GazetteerEntry]
    mass: Counter[str]
    regions: Counter[str]
    part: str = ""
    demonym: bool = False
    # The state most of its candidates' prominence lies in ("" when none holds most): see outlet_home.
    state: str = ""
    # What the name can mean: names written differently with the same candidates are one name as evidence.
    sense: Sense = ()

    @classmethod
    def of(cls, surface: str, gazetteer: PlaceLookup) -> PlaceName:
        name = normalise(surface)
        people = gazetteer.demonym(name)
        part, found = ("", people) if people else known_candidates(name, gazetteer.lookup)
        # A generic term ("West", "City") is no place: its namesakes are no evidence of the document's places.
        weighed = [] if fold_name(name) in GENERIC_TERMS else found
        return cls(
            name=name,
            key=fold_name(name),
            found=found,
            mass=_country_mass(weighed),
            regions=region_mass(weighed),
            part=part,
            demonym=bool(people),
            state="" if people else pointed_state(_shares(weighed)),
            sense=(bool(people), *sorted(e.place_id for e in found)) if found else (False, fold_name(name)),
        )


def region_mass(found: Sequence[GazetteerEntry]) -> Counter[str]:
    """The divisions a name is evidence for, one unit shared among its candidates as for countries:
    a division for itself and the state it lies in, a town (more weakly) for its county and state.
    Under ``_LEVEL`` keys, the kinds of area it names: in a list of states, "Oregon" is the state, not
    the town of Oregon in the Illinois the list also names. Under ``COUNTY`` keys, each county one of
    its candidates lies in or is, in full unless the name has namesakes in many counties."""
    mass: Counter[str] = Counter()
    counties = {e.place_id if e.feature == "admin2" else e.admin2 for e in found} - {""}
    each: Any = min(1.0, _COUNTY_NAMESAKES / len(counties)) if counties else 0.0
    for county in counties:
        mass[COUNTY + county] = each
    for entry, share in _shares(found).items():
        if entry.feature in PEERS:
            mass[level(entry)] += share
        if entry.feature in DIVISIONS:
            mass[entry.place_id] += share
            if entry.admin1:
                mass[entry.admin1] += share
        else:
            for region in (entry.admin1, entry.admin2):
                if region:
                    mass[region] += _TOWN_EVIDENCE * share
    return mass


def level(entry: GazetteerEntry) -> str:
    """The key of an area's kind: states and provinces are peers within their country only."""
    return f"{_LEVEL}{entry.feature}:{entry.country_code}" if entry.feature == "admin1" else _LEVEL + entry.feature


def population_of(entry: GazetteerEntry) -> float:
    """Its people; for a sea or ocean, which has none, as many as a sub-region's, so "the Pacific" is
    never a village called Pacific without the document's say."""
    return _NOTIONAL_POPULATION if entry.feature == "water" and not entry.population else entry.population


def _shares(found: Sequence[GazetteerEntry]) -> dict[GazetteerEntry, Any]:
    """Each candidate's share of one unit of evidence, by prominence.

    A name with dozens of small namesakes in one country ("Moscow", Idaho and
    others) must not outweigh the capital the text almost surely means. (Typed ``Any``: the
    masses are Counters of fractions, which typeshed's int-valued Counter cannot say.)
    """
    prominence = {e: (population_of(e) + 1000) * 10.0 ** FEATURE_RANK.get(e.feature, 1) for e in found}
    total = sum(prominence.values()) or 1.0
    return {e: p / total for e, p in prominence.items()}


def _country_mass(found: Sequence[GazetteerEntry]) -> Counter[str]:
    """Each mention adds one unit of evidence, shared among its candidates' countries by prominence."""
    mass: Counter[str] = Counter()
    for entry, share in _shares([e for e in found if e.country_code]).items():
        mass[entry.country_code] += share
    return mass


def name_pointers(mentions: Sequence[Mention], surfaces: Mapping[str, PlaceName]) -> dict[str, list[Pointer]]:
    """Each document's distinct place names (one per sense), as evidence of its outlet's home."""
    seen: dict[str, dict[Sense, Pointer]] = defaultdict(dict)
    for m in mentions:
        name = surfaces[m.surface]
        if name.sense not in seen[m.doc_id]:
            seen[m.doc_id][name.sense] = Pointer(name.sense, name.state, len(name.found) > 1)
    return {doc_id: list(by_sense.values()) for doc_id, by_sense in seen.items()}
