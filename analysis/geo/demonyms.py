"""Demonyms: the words for a place's people ("Americans", "Iraqi", "Californian") and the places they name;
and the other spellings of countries' names ("Côte d'Ivoire", "Viet Nam").

News names a country as often by its people as by its name ("Russian troops", "Israeli officials"),
and annotated news counts those words as mentions of the country. This is the only module that
imports ``countryinfo``, which ships each country's demonym and other spellings (from REST Countries).
No package ships the US states' demonyms, so ``geo/data/state_demonyms.csv`` lists every state's, as
the US Government Publishing Office's Style Manual gives them, with the common variants ("Michigander").
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import NamedTuple

import countryinfo

# How the rule of a place found from its people's name starts ("a demonym: its people, of Iraq"): the Naming view
# leaves such mentions out, since "Iraqi" is not a name anyone chose for Iraq.
DEMONYM_RULE = "a demonym:"


class Demonym(NamedTuple):
    """What a demonym names: a country by its ISO codes, or a US state by its name (``iso2`` "US")."""

    iso2: str
    iso3: str
    state: str


# Demonyms whose plural is the same word: "the Sudanese", "the Swiss", "the French".
_INVARIANT = ("ese", "ish", "nch", "tch", "ss", "sh", "x")


@functools.cache
def demonyms() -> dict[str, tuple[Demonym, ...]]:
    """Each demonym, singular and plural, as written, with the places it may name: "Georgian" is
    Georgia's and the US state Georgia's; "French" is France's (the most populous of the countries
    that share one, not its overseas territories)."""
    by_word: dict[str, list[tuple[int, Demonym]]] = {}
    for country in countryinfo.all_countries():
        iso2, iso3 = country.iso(2), country.iso(3)
        for word in (country.demonym() or "").split(","):
            if word.strip() and iso2 and iso3:
                by_word.setdefault(word.strip(), []).append((country.population() or 0, Demonym(iso2, iso3, "")))
    found: dict[str, list[Demonym]] = {}
    for word, countries in by_word.items():
        found[word] = [max(countries, key=lambda c: c[0])[1]]
    text = resources.files("analysis.geo.data").joinpath("state_demonyms.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        for word in row["demonyms"].split("|"):
            found.setdefault(word, []).append(Demonym("US", "USA", row["state"]))
    out: dict[str, tuple[Demonym, ...]] = {}
    for word, places in found.items():
        for form in (word, plural(word)):
            out.setdefault(form, tuple(places))
    return out


def plural(word: str) -> str:
    """The plural of a demonym: "Americans", "Iraqis", but "Sudanese", "Swiss"."""
    return word if word.endswith(_INVARIANT) else word + "s"


# Codes of two or three letters are no spellings to look up: a headline's "IN" or "AT" is no country (the
# gazetteer has each country's alpha-3 code already).
_MIN_SPELLING = 4


@functools.cache
def country_spellings() -> dict[str, tuple[str, ...]]:
    """Other spellings of each country's name by its ISO alpha-2 code: "Côte d'Ivoire" of CI, "Viet Nam"
    of VN, official and native names ("Brasil", "Republik Indonesia")."""
    spellings: dict[str, tuple[str, ...]] = {}
    for country in countryinfo.all_countries():
        names = tuple(n.strip() for n in country.alt_spellings() or () if len(n.strip()) >= _MIN_SPELLING)
        if country.iso(2) and names:
            spellings[country.iso(2)] = names
    return spellings
