"""Disambiguation by context, feature type and population, with the rule recorded."""

from __future__ import annotations

from analysis.geo.resolve import resolve_places
from analysis.types import Mention


def place(doc_id, surface, start=0):
    return Mention(
        doc_id=doc_id, start=start, end=start + len(surface), surface=surface, label="GPE", sent_start=0, sent_end=99
    )


def resolved(gazetteer, doc):
    return {m.surface: r for m, r in zip(doc, resolve_places(doc, gazetteer))}


def test_context_decides_between_namesakes(gazetteer):
    caucasus = resolved(
        gazetteer, [place("a", "Georgia"), place("a", "Armenia"), place("a", "Azerbaijan"), place("a", "Bard")]
    )
    assert caucasus["Georgia"].entry.country_code == "GE"
    assert caucasus["Bard"].entry.name == "Barda" and caucasus["Bard"].entry.country_code == "AZ"
    usa = resolved(
        gazetteer, [place("b", "Georgia"), place("b", "Atlanta"), place("b", "Alabama"), place("b", "Florida")]
    )
    assert usa["Georgia"].entry.country_code == "US"
    # Decided by the document's evidence (its states, its places' countries), not by size or kind alone.
    assert not usa["Georgia"].rule.startswith(("population", "feature type", "exact name", "ambiguous"))


def test_capitals_and_big_cities_win_without_context(gazetteer):
    alone = resolved(gazetteer, [place("c", "Washington"), place("c", "Moscow"), place("c", "Paris")])
    assert alone["Washington"].entry.country_code == "US" and alone["Washington"].entry.feature == "capital"
    assert alone["Moscow"].entry.country_code == "RU"
    assert alone["Paris"].entry.country_code == "FR"
    assert all(r.n_candidates > 1 and r.rule for r in alone.values())


def test_spelling_variants_resolve(gazetteer):
    names = ["Turkiye", "Khojalu", "Xankəndi", "Khankendi", "Stepanakert", "Kashenskoye", "Lachin", "Laçın"]
    result = resolved(gazetteer, [place("d", n, start=i * 20) for i, n in enumerate(names)])
    assert result["Turkiye"].entry.country_code == "TR"
    assert result["Khojalu"].entry.name == "Khojaly"
    assert len({result[n].entry.place_id for n in ("Xankəndi", "Khankendi", "Stepanakert")}) == 1
    assert result["Lachin"].entry.place_id == result["Laçın"].entry.place_id
    assert result["Kashenskoye"].entry is not None


def test_unknown_and_generic_names_are_unresolved_with_a_reason(gazetteer):
    result = resolved(gazetteer, [place("e", "Qwertyville"), place("e", "West")])
    assert result["Qwertyville"].entry is None and "not in the gazetteer" in result["Qwertyville"].rule
    assert result["West"].entry is None and "generic" in result["West"].rule


def test_an_override_wins_and_an_unknown_override_is_reported(gazetteer):
    bard_france = next(e for e in gazetteer.lookup("Bard") if e.country_code == "FR")
    doc = [place("f", "Azerbaijan"), place("f", "Bard", start=20), place("f", "Ganja", start=40)]
    result = resolve_places(doc, gazetteer, overrides={"bard": bard_france.place_id, "ganja": "geonames:0"})
    assert result[1].entry == bard_france and result[1].rule == "override file"
    assert result[2].entry is None and "geonames:0" in result[2].rule


def test_places_after_a_preposition_are_recognised_but_months_and_people_are_not(gazetteer):
    from analysis.geo.recognise import add_context_places

    text = "Officials in Krasnodar met Anna Temryuk in March. Temryuk flew to Anapa."
    people = [Mention(doc_id="g", start=27, end=39, surface="Anna Temryuk", label="PERSON", sent_start=0, sent_end=49)]
    found = add_context_places(text, people, doc_id="g", sentences=[(0, 49), (50, len(text))], lookup=gazetteer.lookup)
    places = {m.surface: m for m in found if m.label == "GPE"}
    assert set(places) == {"Krasnodar", "Anapa"}
    assert all(text[m.start : m.end] == m.surface for m in found)
    assert places["Anapa"].sent_start == 50


def test_metonymy_is_marked_and_plain_places_are_not():
    from analysis.geo.recognise import is_metonymy

    text = (
        "Baku said the talks failed. Washington’s goal is unclear. Moscow made its investment. A truck left Baku today."
    )
    ends = {word: text.index(word) + len(word) for word in ("Baku", "Washington", "Moscow")}
    assert (
        is_metonymy(text, ends["Baku"]) and is_metonymy(text, ends["Washington"]) and is_metonymy(text, ends["Moscow"])
    )
    assert not is_metonymy(text, text.rindex("Baku") + len("Baku"))
