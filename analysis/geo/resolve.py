"""Choosing, for each place mention, one gazetteer candidate, and saying why.

Each candidate is scored, strongest evidence first, on containment (whether it lies
inside a state, province or county that the document's other places name or lie in:
the Alexandria of the article that also names Louisiana; more weakly, the state its outlet's
other articles point to, see :mod:`analysis.geo.outlet_home`), the document's other places'
countries and those countries' neighbours, the corpus' focus (the countries the whole
corpus mentions), feature type (country, capital, region, town), population and name
exactness. The rule recorded is the first of those factors on which the winner beats
the runner-up, in words a reader of the map's "Why here?" table can check; a narrow win
is marked ambiguous rather than guessed silently.

What each name is evidence of, and the corpus' focus, are gathered in :mod:`analysis.geo.evidence`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from analysis.corrections import read_pairs
from analysis.geo.demonyms import DEMONYM_RULE
from analysis.geo.evidence import (
    COUNTY,
    DATELINE_EVIDENCE,
    DEMONYM_EVIDENCE,
    PEERS,
    CorpusFocus,
    PlaceLookup,
    PlaceName,
    Sense,
    level,
    name_pointers,
    population_of,
    region_mass,
)
from analysis.geo.gazetteer import FEATURE_RANK, fold_name
from analysis.geo.names import GENERIC_TERMS
from analysis.geo.outlet_home import Home, state_of
from analysis.geo.qualified import Qualifier, qualifiers
from analysis.types import GazetteerEntry, Mention, Resolution

# The opt-in online geocoder: candidates for a name, and why there are none when it could not answer.
Fallback = Callable[[str], tuple[list[GazetteerEntry], str | None]]
AMBIGUOUS_MARGIN = 0.3
GENERIC_RULE = "unresolved: generic term, not one place"
_WEIGHTS = {"region": 4.0, "document": 3.0, "corpus": 2.0, "feature": 0.5, "population": 0.5, "name": 1.0}
# A dateline opens with the town the story is told from ("WASHINGTON —" is the capital, not the state).
_TOWNS = ("city", "capital")
_DATELINE_RULE = "a dateline names a town, not a state or country"
# An outlet's country is weaker evidence than one place mention: a local paper writes of faraway places too.
_HOME_EVIDENCE = 0.5
# Naming other states is weaker evidence that "Oregon" is a state than naming Illinois is that it is a town there.
_PEER_EVIDENCE = 0.75
_KINDS = {"admin1": "state or province", "country": "country", "continent": "continent"}
# All of an outlet's other articles pointing to one state count for less than one mention of a state in
# the article itself: the Paris of a Tennessee paper's story that names Texas is the one in Texas.
_OUTLET_EVIDENCE = 0.75
_FACTOR_NAMES = {
    "region": "inside a region the document names",
    "document": "document context",
    "corpus": "corpus focus",
    "feature": "feature type",
    "population": "population",
    "name": "exact name",
}


def read_overrides(path: str | Path) -> dict[str, str]:
    """The user's corrections: a CSV ``name,place_id``; a name as written always resolves to that place."""
    pairs = read_pairs(path, columns=("name", "place_id"), what="place overrides")
    # Keyed in lower case, since a name in capitals folds as an abbreviation ("BARD" to "@bard"): "BARD"
    # in the file corrects "Bard" in the text; the text's side is looked up both ways (see _resolve).
    return {fold_name(name.lower()): place_id for name, place_id in pairs}


def resolve_places(
    mentions: Sequence[Mention],
    gazetteer: PlaceLookup,
    *,
    overrides: Mapping[str, str] | None = None,
    fallback: Fallback | None = None,
    focus: CorpusFocus | None = None,
    home: Mapping[str, str] | None = None,
    datelines: Mapping[str, set[int]] | None = None,
    counties: Mapping[str, Mapping[int, str]] | None = None,
    texts: Mapping[str, str] | None = None,
    dateline_towns: Mapping[str, set[int]] | None = None,
    outlets: Mapping[str, str] | None = None,
) -> list[Resolution]:
    """One resolution per mention, in order; unknown names resolve to ``entry=None`` with the reason.

    ``overrides`` (folded name to place_id, see :func:`read_overrides`) win over every other rule;
    ``fallback`` (the opt-in online geocoder) is asked only for names the gazetteer does not know.
    The corpus' focus is that of ``mentions`` unless ``focus`` is given: a corpus resolved a chunk
    of whole documents at a time passes the focus gathered over every chunk. ``home`` maps a
    document to its outlet's country (ISO code): weak evidence, less than one place mention;
    ``datelines`` the start offsets of each document's dateline names, which count double; ``counties``
    the names of each document's lists of counties (see :func:`analysis.geo.recognise.county_list_names`)
    by start offset: "Jackson" of "Barrow, Jackson and Madison counties" is resolved as Jackson County;
    ``texts`` each document's text, where a town's state or country written after it ("Dublin, Ohio")
    leaves only the namesakes inside it (see :mod:`analysis.geo.qualified`); ``dateline_towns`` the start
    offsets of each document's datelines' first names, which name a town ("WASHINGTON —" is the capital);
    ``outlets`` each document's outlet, whose other articles say which state a name with namesakes is in
    (see :mod:`analysis.geo.outlet_home`).
    """
    overrides = overrides or {}
    counties = counties or {}
    listed = {
        (m.doc_id, m.start): county
        for m in mentions
        if (county := counties.get(m.doc_id, {}).get(m.start)) and county.startswith(m.surface + " ")
    }
    mentions = [replace(m, surface=listed[m.doc_id, m.start]) if (m.doc_id, m.start) in listed else m for m in mentions]
    outlets = outlets or {}
    if focus is None:
        focus = CorpusFocus()
        focus.add(mentions, gazetteer, outlets=outlets)
    surfaces, by_doc, regions_by_doc = focus.documents(mentions, gazetteer, datelines=datelines)
    pointed = name_pointers(mentions, surfaces)
    corpus_share = focus.shares()
    qualified = qualifiers(mentions, texts or {}, candidates=lambda m: surfaces[m.surface].found)
    # Each candidate's score but for the document's context, once per name and call (the corpus' focus is fixed).
    scoring: dict[str, list[_Scored]] = {}
    in_dateline = {
        (m.doc_id, surfaces[m.surface].sense) for m in mentions if m.start in (datelines or {}).get(m.doc_id, ())
    }

    def weight(doc_id: str, surface: PlaceName) -> float:
        return (DATELINE_EVIDENCE if (doc_id, surface.sense) in in_dateline else 1.0) * (
            DEMONYM_EVIDENCE if surface.demonym else 1.0
        )

    towns = {(m.doc_id, m.surface) for m in mentions if m.start in (dateline_towns or {}).get(m.doc_id, ())}

    def resolve_all(
        regions: Mapping[str, Counter[str]], settled: Mapping[tuple[str, str], Resolution]
    ) -> dict[tuple[str, str], Resolution]:
        # A name resolves the same way wherever it recurs in one document.
        resolved: dict[tuple[str, str], Resolution] = {}
        for mention in mentions:
            seen = (mention.doc_id, mention.surface)
            if seen in resolved:
                continue
            surface = surfaces[mention.surface]
            if seen in settled:
                resolved[seen] = settled[seen]
                continue
            if mention.surface not in scoring and len(surface.found) > 1:
                scoring[mention.surface] = _scoring(surface, corpus=corpus_share, gazetteer=gazetteer)
            own = own_regions.get((mention.doc_id, surface.sense))
            outlet = outlets.get(mention.doc_id)
            outlet_home = None
            if outlet and len(surface.found) > 1:
                states = [state_of(e) for e in surface.found]
                outlet_home = focus.homes.home(outlet, pointed[mention.doc_id], surface.sense, states=states)
            resolved[seen] = _resolve(
                surface if own is None else replace(surface, regions=own),
                scoring.get(mention.surface, []),
                document=_with_home(by_doc[mention.doc_id], (home or {}).get(mention.doc_id)),
                regions=regions[mention.doc_id],
                own_weight=weight(mention.doc_id, surface),
                gazetteer=gazetteer,
                overrides=overrides,
                fallback=fallback,
                qualifier=qualified.get(seen),
                town=seen in towns,
                outlet_home=outlet_home,
            )
        return resolved

    own_regions: dict[tuple[str, Sense], Counter[str]] = {}
    first = resolve_all(regions_by_doc, {})
    # Again, each state or country resolved clearly the first time counting for itself alone: "Georgia" named
    # with Atlanta and Athens is the state, all of whose weight then goes to the state's towns. So does a town
    # resolved clearly by the document's evidence ("Martinez", in the Columbia County the story names, then
    # speaks for Georgia alone); a town chosen for its size keeps its weight shared among its namesakes.
    settled_regions: dict[str, Counter[str]] = defaultdict(Counter)
    for (doc_id, text), resolution in first.items():
        surface = surfaces[text]
        if (doc_id, surface.sense) in own_regions:
            continue
        entry = resolution.entry
        clear = resolution.margin >= AMBIGUOUS_MARGIN or len(resolution.candidates) == 1
        area = entry is not None and entry.feature in PEERS
        own_regions[doc_id, surface.sense] = mass = (
            region_mass([entry]) if clear and (area or _by_evidence(resolution)) and entry else surface.regions
        )
        settled_regions[doc_id].update({r: m * weight(doc_id, surface) for r, m in mass.items()})
    keep = {seen: r for seen, r in first.items() if len(surfaces[seen[1]].found) < 2 or r.rule == "override file"}
    resolved = {seen: _with_part(surfaces[seen[1]], r) for seen, r in resolve_all(settled_regions, keep).items()}
    resolutions = []
    for mention in mentions:
        seen = (mention.doc_id, mention.surface)
        resolution = resolved[seen]
        if (mention.doc_id, mention.start) in listed and resolution.entry is not None:
            resolution = replace(resolution, rule=f"named in a list of counties; {resolution.rule}")
        resolutions.append(resolution)
    return resolutions


# A candidate and its factors but for the document context: (entry, country, neighbours, corpus, feature,
# population, name).
_Scored = tuple[GazetteerEntry, str, frozenset[str], float, float, float, float]


def _scoring(surface: PlaceName, *, corpus: Mapping[str, float], gazetteer: PlaceLookup) -> list[_Scored]:
    return [
        (
            entry,
            entry.country_code,
            gazetteer.neighbours.get(entry.country_code, frozenset()),
            _WEIGHTS["corpus"] * corpus.get(entry.country_code, 0.0),
            _WEIGHTS["feature"] * FEATURE_RANK.get(entry.feature, 1),
            _WEIGHTS["population"] * math.log10(population_of(entry) + 1),
            _WEIGHTS["name"] * (_folded(entry.name) == surface.key),
        )
        for entry in surface.found
    ]


def _resolve(
    surface: PlaceName,
    scoring: Sequence[_Scored],
    *,
    document: Counter[str],
    regions: Counter[str],
    own_weight: float = 1.0,
    gazetteer: PlaceLookup,
    overrides: Mapping[str, str],
    fallback: Fallback | None,
    qualifier: Qualifier | None = None,
    town: bool = False,
    outlet_home: Home | None = None,
) -> Resolution:
    """One mention's resolution: ``scoring`` is its candidates' (see :func:`_scoring`), ``document``
    the country mass and ``regions`` the region mass of the document's place mentions; ``qualifier``
    the state or country written after the name, which leaves only the candidates inside it; ``town``
    whether the name opens a dateline, which names a town: its states and countries are no candidates;
    ``outlet_home`` what the outlet's other articles say of the states the candidates lie in."""
    found = surface.found
    key = surface.key
    override = overrides.get(key) or overrides.get(fold_name(surface.name.lower()))
    if override:
        entry = gazetteer.get(override)
        rule = "override file" if entry else f"unresolved: override names unknown place {override!r}"
        return Resolution(entry=entry, rule=rule, n_candidates=len(found))
    if key in GENERIC_TERMS:
        return Resolution(entry=None, rule=GENERIC_RULE, n_candidates=len(found))
    if not found or (surface.part and fallback is not None):
        return _online(surface.name, fallback)
    if len(found) == 1:
        return Resolution(entry=found[0], rule="only candidate", n_candidates=1, candidates=(found[0].place_id,))
    if qualifier is not None:
        scoring = [s for s in scoring if qualifier.holds(s[0]) and s[0].feature not in PEERS]
        if len(scoring) == 1:
            entry = scoring[0][0]
            return Resolution(entry=entry, rule=qualifier.rule(), n_candidates=len(found), candidates=(entry.place_id,))
    if town:
        towns = [s for s in scoring if s[0].feature in _TOWNS]
        if len(towns) == 1:
            entry = towns[0][0]
            return Resolution(entry=entry, rule=_DATELINE_RULE, n_candidates=len(found), candidates=(entry.place_id,))
        scoring = towns or scoring
    # The context is the document's other places: its mass without this name's own (what Counter
    # subtraction gives, in the same order, without making a Counter).
    own = surface.mass
    context = {c: rest for c, w in document.items() if (rest := w - own_weight * own.get(c, 0)) > 1e-9}
    # The outlet's home counts as a mention of its state would (if more weakly): for the state's country as well.
    for country, share in (outlet_home.countries(found) if outlet_home is not None else {}).items():
        context[country] = context.get(country, 0.0) + _OUTLET_EVIDENCE * share
    context_total = sum(context.values()) or 1.0
    context_share = {c: w / context_total for c, w in context.items()}
    # A neighbour counts by how prominent it is among the document's countries, not by its share of them all:
    # the Gaza of a story that names Israel and Egypt among many countries is the one beside them.
    context_most = max(context.values(), default=0.0) or 1.0
    own_regions = surface.regions
    region_context = {r: rest for r, w in regions.items() if (rest := w - own_weight * own_regions.get(r, 0)) > 1e-9}
    factors: list[list[float]] = []
    entries: list[GazetteerEntry] = []
    # Candidates often share a country (a dozen towns of one name in one country): score each country once.
    by_country: dict[str, float] = {}
    # Candidates whose strongest regional evidence is the outlet's home.
    homed: set[str] = set()
    for entry, code, neighbours, corpus, feature, population, name in scoring:
        document_factor = by_country.get(code)
        if document_factor is None:
            # The most prominent neighbour among the context's countries speaks for the candidate's region.
            near = max((w / context_most for c, w in context.items() if c in neighbours), default=0.0)
            document_factor = by_country[code] = _WEIGHTS["document"] * (context_share.get(code, 0.0) + 0.5 * near)
        # Evidence counts in full from a dateline or two mentions of the region; weak hints add up to no more.
        within = (entry.place_id, entry.admin1, entry.admin2)
        inside = max((region_context.get(r, 0.0) for r in within if r), default=0.0)
        if entry.feature in PEERS:
            inside = max(inside, _PEER_EVIDENCE * region_context.get(level(entry), 0.0))
        county = entry.place_id if entry.feature == "admin2" else entry.admin2
        if county:
            inside = max(inside, region_context.get(COUNTY + county, 0.0))
        if outlet_home is not None and (at_home := _OUTLET_EVIDENCE * outlet_home.share(state_of(entry))) > inside:
            inside = at_home
            homed.add(entry.place_id)
        region = _WEIGHTS["region"] * min(DATELINE_EVIDENCE, inside) / DATELINE_EVIDENCE
        factors.append([region, document_factor, corpus, feature, population, name])
        entries.append(entry)
    # A region, sea or continent lies in no one country: the countries' evidence neither helps nor hurts it.
    if any(not entry.country_code for entry in entries):
        best_document, best_corpus = max(f[1] for f in factors), max(f[2] for f in factors)
        for entry, these in zip(entries, factors, strict=True):
            if not entry.country_code:
                these[1], these[2] = best_document, best_corpus
    # Summed in the order of _WEIGHTS.
    scored = [(sum(these), tuple(these), entry) for these, entry in zip(factors, entries, strict=True)]
    scored.sort(key=lambda item: (-item[0], -item[2].population, item[2].place_id))
    (best, best_factors, winner), (second, second_factors, _) = scored[0], scored[1]
    margin = best - second
    deciding = next(
        (f for f, a, b in zip(_WEIGHTS, best_factors, second_factors, strict=True) if a > b + 1e-9), "population"
    )
    rule = _FACTOR_NAMES[deciding]
    if deciding == "region" and outlet_home is not None and winner.place_id in homed:
        rule = _home_rule(winner, outlet_home, gazetteer)
    elif deciding == "region":
        rule = _region_rule(winner, region_context, gazetteer)
    if margin < AMBIGUOUS_MARGIN:
        rule = f"ambiguous ({rule}, margin {margin:.2f})"
    if qualifier is not None:
        rule = f"{qualifier.rule()}; {rule}"
    elif town and len(scoring) < len(found):
        rule = f"{_DATELINE_RULE}; {rule}"
    return Resolution(
        entry=winner,
        rule=rule,
        n_candidates=len(found),
        margin=margin,
        candidates=tuple(e.place_id for _, _, e in scored[:5]),
    )


# The factors that are no evidence from the document: a town chosen by them may be only the largest.
_PRIORS = tuple(_FACTOR_NAMES[f] for f in ("corpus", "feature", "population", "name"))


def _by_evidence(resolution: Resolution) -> bool:
    """Whether the document's own evidence chose the place (its rule names no prior: see :func:`_resolve`)."""
    return not any(prior in resolution.rule for prior in _PRIORS)


def _with_home(document: Counter[str], country: str | None) -> Counter[str]:
    if not country:
        return document
    return Counter({**document, country: document.get(country, 0) + _HOME_EVIDENCE})


def _with_part(surface: PlaceName, resolution: Resolution) -> Resolution:
    """The rule of a resolution made from a part of the name or from a demonym, saying so."""
    entry = resolution.entry
    if entry is None:
        return resolution
    if surface.demonym:
        said = "" if resolution.rule == "only candidate" else f"; {resolution.rule}"
        return replace(resolution, rule=f"{DEMONYM_RULE} its people, of {entry.name}{said}")
    if not surface.part:
        return resolution
    said = (
        "a county named without the word" if surface.part == f"{surface.name} County" else "the known part of the name"
    )
    return replace(resolution, rule=f"{said} ({surface.part}); {resolution.rule}")


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


def _home_rule(winner: GazetteerEntry, home: Home, gazetteer: PlaceLookup) -> str:
    """The outlet's home in words: "inside Tennessee, where the places of parisbeacon.com's other articles are"."""
    state = gazetteer.get(state_of(winner))
    where = "the region" if state is None else state.name
    return f"inside {where}, where the places of {home.outlet}'s other articles are"


def _region_rule(winner: GazetteerEntry, context: Mapping[str, float], gazetteer: PlaceLookup) -> str:
    """The containment rule in words, naming the region: "inside Louisiana, where the document's other places are"."""
    within = (winner.place_id, winner.admin1, winner.admin2)
    region_id = max((r for r in within if r), key=lambda r: context.get(r, 0.0))
    if winner.feature in PEERS and _PEER_EVIDENCE * context.get(level(winner), 0.0) > context.get(region_id, 0.0):
        return f"a {_KINDS[winner.feature]} like others the document names"
    county_id = winner.place_id if winner.feature == "admin2" else winner.admin2
    county = gazetteer.get(county_id) if county_id else None
    # As much evidence for the county as for the state: the county, the narrower, says more.
    if county is not None and context.get(COUNTY + county_id, 0.0) >= context.get(region_id, 0.0) > 0:
        return f"in {county.name}, where another place the document names can be"
    region = gazetteer.get(region_id) if region_id != winner.place_id else None
    if region is None:
        return "the region where the document's other places are"
    return f"inside {region.name}, where the document's other places are"


# Candidates recur across mentions and documents: fold each name once.
_folded = lru_cache(maxsize=1 << 16)(fold_name)
