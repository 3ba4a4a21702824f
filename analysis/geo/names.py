"""What a place name as written names: the whole name, or the part of it the gazetteer knows.

A body or feature is often named after its place ("Henderson County Jail", "North Texas", "Dublin City
Schools"), and local news names a county without the word ("in Geauga"): the candidates are then those
of the place inside the name, and the part says which.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.geo.gazetteer import fold_name
from analysis.types import GazetteerEntry

Lookup = Callable[[str], list[GazetteerEntry]]
# Directions and blocs that the gazetteer happens to know as small towns ("West", Texas).
GENERIC_TERMS = frozenset(
    {
        "west",
        "east",
        "north",
        "south",
        "western",
        "eastern",
        "northern",
        "southern",
        "global south",
        "global north",
        "centre",
        "center",
        "midwest",
        # A kind of place written alone ("the City", "County officials") is no one place, though towns bear it.
        "city",
        "town",
        "village",
        "county",
        "township",
        "borough",
        "parish",
    }
)
# A part of an unknown name is taken only when it is a sure place: an area or a town of this many people.
_SURE_PARTS = frozenset({"country", "admin1", "admin2", "region", "continent", "water"})
_SURE_TOWN = 5000
_LINKS = frozenset({"of", "the", "and", "de", "in", "on", "at", "for"})
# Words that make a name a street or building, never a place's part: "Main Street" is not Street, Somerset.
_FEATURE_WORDS = frozenset(
    "river creek lake lakes park mountain mountains mount mt island islands bay falls valley forest canyon beach "
    "gulf sea ocean republic".split()
)
# Words that qualify a place's name without making another place: "North Texas", "Metro Nashville", "the
# State of Ohio", "Town of Groton".
_QUALIFIERS = GENERIC_TERMS | frozenset(
    "northeast northwest southeast southwest northeastern northwestern southeastern southwestern central "
    "metro greater upper lower downtown state city town village township county of the".split()
)
# Words after a town's name in its council's or schools' name ("Dublin City Schools", "Groton Town Hall").
_CIVIC_SUFFIXES = frozenset({"City", "Town"})
_TOWNS = frozenset({"city", "capital"})
# Words that open a name and are never a place on their own: "Fort Benning" is not a town called Fort.
_NAME_HEADS = frozenset("fort port mount mt saint st san santa lake point".split())
_STRUCTURES = frozenset(
    "street st road rd avenue ave boulevard lane drive highway court jail hall center centre building park bridge "
    "square station school hospital church airport mall plaza house tower university college".split()
)


def known_candidates(name: str, lookup: Lookup) -> tuple[str, list[GazetteerEntry]]:
    """The part of ``name`` the candidates are for ("" for the whole name) and the candidates; ``("", [])``
    when the gazetteer knows no part of it."""
    found = lookup(name)
    if found:
        return _civic_towns(name, found, lookup) or ("", found)
    part, found = _known_part(name, lookup)
    if found:
        return _civic_towns(part, found, lookup) or (part, found)
    # Local news names a county without the word ("in Geauga", "Henrico police").
    found = [e for e in lookup(f"{name} County") if e.feature == "admin2"]
    return (f"{name} County" if found else "", found)


def _civic_towns(name: str, found: list[GazetteerEntry], lookup: Lookup) -> tuple[str, list[GazetteerEntry]] | None:
    """For "Dublin City" (of "Dublin City Council"), which no town bears as its own name, Dublin and its
    candidates: every town the name finds or that is called Dublin ("Quebec City" and "Gaza City" keep
    theirs); None for other names. "Dublin City" is another name of some Dublin, or an area."""
    town, _, kind = name.rpartition(" ")
    if not town or kind not in _CIVIC_SUFFIXES or any(_is_town_named(e, name) for e in found):
        return None
    towns = {e.place_id: e for e in [*found, *lookup(town)] if e.feature in _TOWNS}
    return (town, list(towns.values())) if towns else None


def _known_part(name: str, lookup: Lookup) -> tuple[str, list[GazetteerEntry]]:
    """The longest run of the name's words that names a sure place (an area, or a town of 5,000 people),
    less a leading qualifier ("North", "State of", "Metro"); ``("", [])`` if none. A qualifier alone
    ("Northeast", "City", "Fort") is no part, though towns bear such names."""
    words = name.split()
    lowered = [w.lower().strip(".,") for w in words]
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            end = start + size
            run = lowered[start:end]
            if run[0] in _LINKS or run[-1] in _LINKS or (_QUALIFIERS | _NAME_HEADS | _FEATURE_WORDS).issuperset(run):
                continue
            # A river, lake or park named after a town is not the town; a town whose own name has such a word
            # is still the town of its civic center or airport ("Mount Pleasant Civic Center", "Long Beach Airport").
            if _FEATURE_WORDS & set(lowered[:start] + lowered[end:]):
                continue
            if _STRUCTURES & set(run):
                continue
            found = lookup(" ".join(words[start:end]))
            if (
                found
                and max(found, key=lambda e: e.population).feature in _SURE_PARTS | {"city", "capital"}
                and (max(e.population for e in found) >= _SURE_TOWN or any(e.feature in _SURE_PARTS for e in found))
            ):
                return " ".join(words[start:end]), found
    return "", []


def _is_town_named(entry: GazetteerEntry, name: str) -> bool:
    """Whether ``entry`` is a town whose own name is ``name`` ("Oklahoma City")."""
    return entry.feature in _TOWNS and fold_name(entry.name) == fold_name(name)
