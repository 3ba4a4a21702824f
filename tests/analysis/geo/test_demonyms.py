"""Demonyms: a country or state named by its people ("Iraqi officials", "Californians") is on the map."""

from __future__ import annotations

from analysis import Corpus, analyze, load_bytes
from analysis.geo.demonyms import demonyms, plural
from analysis.geo.resolve import resolve_places
from analysis.types import Mention


def mention(surface, start, label):
    return Mention("d", start, start + len(surface), surface, label, 0, 999)


def resolve(gazetteer, *named):
    mentions = [mention(surface, i * 40, label) for i, (surface, label) in enumerate(named)]
    return {m.surface: r for m, r in zip(mentions, resolve_places(mentions, gazetteer), strict=True)}


def test_every_country_and_us_state_has_its_demonym_singular_and_plural():
    words = demonyms()
    assert {p.iso2 for places in words.values() for p in places} >= {"US", "IQ", "SD", "PS", "GE", "LK", "FR"}
    assert len({p.state for places in words.values() for p in places if p.state}) == 50
    assert plural("Iraqi") == "Iraqis" and plural("Sudanese") == "Sudanese" and plural("French") == "French"


def test_a_demonym_resolves_to_its_country_or_state_and_says_so(gazetteer):
    found = resolve(gazetteer, ("Iraqis", "NORP"), ("Sudanese", "NORP"), ("Sri Lankan", "NORP"), ("Texans", "NORP"))
    assert found["Iraqis"].entry.name == "Iraq" and found["Iraqis"].entry.feature == "country"
    assert found["Sudanese"].entry.name == "Sudan"
    assert found["Sri Lankan"].entry.name == "Sri Lanka"
    assert (found["Texans"].entry.name, found["Texans"].entry.feature) == ("Texas", "admin1")
    assert all(r.rule.startswith("a demonym") for r in found.values())


def test_a_shared_demonym_follows_the_documents_other_places(gazetteer):
    caucasus = resolve(gazetteer, ("Georgian", "NORP"), ("Tbilisi", "GPE"), ("Gori", "GPE"))
    south = resolve(gazetteer, ("Georgian", "NORP"), ("Atlanta", "GPE"), ("Savannah", "GPE"))
    assert caucasus["Georgian"].entry.feature == "country"
    assert south["Georgian"].entry.feature == "admin1" and south["Georgian"].entry.country_code == "US"


def test_a_group_named_by_its_people_stays_a_group_and_its_country_goes_on_the_map(nlp, gazetteer):
    text = "Local officials met Iraqi engineers on Monday.\n\nThe Iraqi delegation toured the water plant."
    tables = analyze(Corpus.concat([load_bytes("a.txt", text.encode())]), nlp=nlp, gazetteer=gazetteer)
    places = tables.places[tables.places["surface"] == "Iraqi"]
    assert len(places) >= 1 and set(places["name"]) == {"Iraq"}
    assert "Iraq" not in set(tables.mentions["entity"])


def test_a_peoples_name_weighs_less_than_a_place_name_for_where_the_story_is(gazetteer):
    """ "Artsakh Armenians" live in Karabakh: the demonyms must not pull Martuni, named with Askeran,
    over to the Armenian town of that name."""
    named = [("Armenian", "NORP"), ("Armenians", "NORP"), ("Martuni", "GPE"), ("Askeran", "GPE"), ("Artsakh", "GPE")]
    found = resolve(gazetteer, *named)
    assert found["Martuni"].entry.country_code == "AZ", found["Martuni"]
