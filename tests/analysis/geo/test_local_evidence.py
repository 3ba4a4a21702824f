"""Local news' own evidence for a place: lists of counties, a town's state written after it.

Synthetic sentences, each reproducing an error class of the LGL development set.
"""

from __future__ import annotations

from analysis.geo.recognise import add_context_places, county_list_names
from analysis.geo.resolve import resolve_places
from analysis.types import Mention


def tagged(text, *surfaces, label="GPE"):
    mentions, position = [], 0
    for surface in surfaces:
        position = text.index(surface, position)
        mentions.append(Mention("d", position, position + len(surface), surface, label, 0, len(text)))
        position += len(surface)
    return mentions


def test_each_name_in_a_list_of_counties_is_that_county_in_the_state_of_the_story(gazetteer):
    text = "Georgia officials said In Barrow, Jackson and Madison counties schools closed. Jackson Smith spoke."
    # The model took one name for a person and ran another into the list's last word.
    model = tagged(text, "Georgia") + tagged(text, "Jackson", label="PERSON") + tagged(text, "Madison counties")
    found = add_context_places(text, model, doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    assert [m.surface for m in found if m.label == "GPE"] == ["Georgia", "Barrow", "Jackson", "Madison"]
    counties = {"d": {start: county for start, (_, county) in county_list_names(text, gazetteer.lookup).items()}}
    places = [m for m in found if m.label == "GPE"]
    resolved = dict(zip((m.surface for m in places), resolve_places(places, gazetteer, counties=counties), strict=True))
    georgia = resolved["Georgia"].entry.place_id
    for name in ("Barrow", "Jackson", "Madison"):
        entry = resolved[name].entry
        assert (entry.name, entry.feature, entry.admin1) == (f"{name} County", "admin2", georgia)
        assert resolved[name].rule.startswith("named in a list of counties")


def test_a_name_that_is_no_county_is_left_out_of_a_county_list(gazetteer):
    assert county_list_names("Smith and Zzyzxqw counties voted.", gazetteer.lookup) == {0: (5, "Smith County")}


def resolved_in(gazetteer, text, *surfaces):
    mentions = tagged(text, *surfaces)
    return dict(zip(surfaces, resolve_places(mentions, gazetteer, texts={"d": text}), strict=True))


def test_a_towns_state_written_after_it_leaves_only_the_namesakes_inside_it(gazetteer):
    found = resolved_in(gazetteer, "She moved from Dublin, Ohio, to London last year.", "Dublin", "Ohio", "London")
    dublin = found["Dublin"]
    assert (dublin.entry.country_code, gazetteer.get(dublin.entry.admin1).name) == ("US", "Ohio")
    assert dublin.rule.startswith("followed by its state or country (Ohio)")
    athens = resolved_in(gazetteer, "The meeting in Athens, Ga. ended late.", "Athens", "Ga.")["Athens"].entry
    assert gazetteer.get(athens.admin1).name == "Georgia"
    paris = resolved_in(
        gazetteer, "Paris, Texas is small. Later, in Paris, the mayor spoke.", "Paris", "Texas", "Paris"
    )
    assert gazetteer.get(paris["Paris"].entry.admin1).name == "Texas"


def test_a_list_of_states_is_no_town_and_its_state(gazetteer):
    found = resolved_in(gazetteer, "Storms hit Georgia, Ohio and Texas.", "Georgia", "Ohio", "Texas")
    assert found["Georgia"].entry.feature == "admin1" and not found["Georgia"].rule.startswith("followed")
    # A state's name is a town's when an abbreviated state follows it.
    washington = resolved_in(gazetteer, "He grew up in Washington, Pa. and left.", "Washington", "Pa.")["Washington"]
    assert washington.entry.feature != "admin1" and gazetteer.get(washington.entry.admin1).name == "Pennsylvania"


def test_a_towns_city_council_or_schools_are_that_town_not_another_of_that_name(gazetteer):
    text = "Ohio parents wrote to Dublin City Schools, and Columbus officials agreed."
    found = resolved_in(gazetteer, text, "Ohio", "Dublin City", "Columbus")
    dublin = found["Dublin City"]
    assert (dublin.entry.country_code, gazetteer.get(dublin.entry.admin1).name) == ("US", "Ohio")
    assert "(Dublin)" in dublin.rule
    for city, town, country in (("Oklahoma City", "Oklahoma City", "US"), ("Quebec City", "Québec", "CA")):
        entry = resolved_in(gazetteer, f"{city} Council met.", city)[city].entry
        assert (entry.name, entry.feature, entry.country_code) == (town, "city", country)


def test_a_name_resolved_clearly_counts_for_its_own_place_alone(gazetteer):
    # "Georgia" is the country or the state; named with Atlanta often and Texas once, it is the state,
    # whose towns then win over Texas'.
    text = "Georgia lawmakers met. ATLANTA officials and Georgia voters, Texas donors and Atlanta schools."
    found = resolved_in(gazetteer, text, "Georgia", "ATLANTA", "Georgia", "Texas", "Atlanta")
    assert gazetteer.get(found["Atlanta"].entry.admin1).name == "Georgia"


def test_a_county_named_without_the_word_is_the_county(gazetteer):
    found = resolved_in(gazetteer, "Voters in Geauga and across Ohio agreed.", "Geauga", "Ohio")["Geauga"]
    assert (found.entry.name, found.entry.feature) == ("Geauga County", "admin2")
    assert found.rule.startswith("a county named without the word (Geauga County)")


def test_a_towns_city_schools_in_a_longer_name_are_that_town(gazetteer):
    text = "Ohio teachers left Springfield City School District."
    found = resolved_in(gazetteer, text, "Ohio", "Springfield City School District")
    entry = found["Springfield City School District"].entry
    assert (entry.name, gazetteer.get(entry.admin1).name) == ("Springfield", "Ohio")


def test_a_name_written_several_ways_is_no_evidence_for_itself(gazetteer):
    # Three ways of writing one county must not outvote the state the story names: each county of that
    # name would otherwise look named twice more by "the document's other places".
    text = (
        "Texas deputies said the Anderson County Jail and the Anderson County Sheriff's Office serve Anderson County."
    )
    surfaces = ("Texas", "the Anderson County Jail", "the Anderson County Sheriff's Office", "Anderson County")
    for surface in surfaces[1:]:
        entry = resolved_in(gazetteer, text, *surfaces)[surface].entry
        assert (entry.name, gazetteer.get(entry.admin1).name) == ("Anderson County", "Texas")


def test_a_town_placed_by_the_documents_evidence_then_speaks_for_its_state(gazetteer):
    # Martinez is placed in the Columbia County the story names, in Georgia; so Georgia, not size, places Augusta.
    text = "Deputies in Columbia County said a Martinez man fled to Augusta, in Richmond County."
    found = resolved_in(gazetteer, text, "Columbia County", "Martinez", "Augusta", "Richmond County")
    augusta = found["Augusta"]
    assert gazetteer.get(augusta.entry.admin1).name == "Georgia"
    assert augusta.rule.startswith("inside Georgia")
