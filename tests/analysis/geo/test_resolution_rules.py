"""Which place each rule of resolution lands a mention on, and the words it gives in the map's "Why here?" table.

Short synthetic lists of place names, one document each, against the real gazetteer: a few milliseconds a test.
"""

from __future__ import annotations

from analysis.geo.demonyms import DEMONYM_RULE
from analysis.geo.evidence import CorpusFocus
from analysis.geo.gazetteer import fold_name
from analysis.geo.resolve import AMBIGUOUS_MARGIN, GENERIC_RULE, resolve_places
from analysis.types import Mention


def places(*names: str, doc_id: str = "d") -> list[Mention]:
    """The names as mentions of one document, written one after another with ", " between them."""
    mentions, start = [], 0
    for name in names:
        end = start + len(name)
        mentions.append(
            Mention(doc_id=doc_id, start=start, end=end, surface=name, label="GPE", sent_start=0, sent_end=999)
        )
        start = end + 2
    return mentions


def resolve(gazetteer, *names: str, **options):
    return resolve_places(places(*names), gazetteer, **options)


def where(resolution) -> tuple[str, str, str]:
    entry = resolution.entry
    return (entry.name, entry.feature, entry.country_code)


def test_a_town_inside_a_state_the_document_names_says_which_state(gazetteer):
    town, state = resolve(gazetteer, "Alexandria", "Louisiana")
    assert where(town) == ("Alexandria", "city", "US") and town.entry.admin1 == state.entry.place_id
    assert town.rule == "inside Louisiana, where the document's other places are"
    assert state.rule == "the region where the document's other places are", "a state is no region inside itself"


def test_a_town_in_a_county_the_document_names_says_which_county(gazetteer):
    town, county = resolve(gazetteer, "Paris", "Henry County")
    assert where(town) == ("Paris", "city", "US") and town.entry.admin2 == county.entry.place_id
    assert town.rule == county.rule == "in Henry County, where another place the document names can be"


def test_a_state_named_among_states_is_the_state_and_says_so(gazetteer):
    georgia, ohio, texas = resolve(gazetteer, "Georgia", "Ohio", "Texas")
    assert where(georgia) == ("Georgia", "admin1", "US") and where(texas) == ("Texas", "admin1", "US")
    assert georgia.rule == texas.rule == "a state or province like others the document names"
    assert ohio.rule == "only candidate"


def test_a_country_named_among_countries_is_the_country(gazetteer):
    georgia, armenia = resolve(gazetteer, "Georgia", "Armenia")
    assert where(georgia) == ("Georgia", "country", "GE") and where(armenia) == ("Armenia", "country", "AM")
    assert georgia.rule == "a country like others the document names"


def test_provinces_of_another_country_are_no_peers_of_a_state(gazetteer):
    georgia, _, _ = resolve(gazetteer, "Georgia", "Ontario", "Manitoba")
    assert "like others the document names" not in georgia.rule


def test_a_demonym_resolves_to_the_place_of_its_people_and_says_so(gazetteer):
    (armenians,) = resolve(gazetteer, "Armenians")
    assert where(armenians) == ("Armenia", "country", "AM")
    assert armenians.rule == f"{DEMONYM_RULE} its people, of Armenia", "one candidate: no rule after the demonym's"
    georgians, atlanta = resolve(gazetteer, "Georgians", "Atlanta")
    assert where(georgians) == ("Georgia", "admin1", "US")
    assert georgians.rule == f"{DEMONYM_RULE} its people, of Georgia; the region where the document's other places are"
    assert atlanta.rule == "inside Georgia, where the document's other places are"


def test_a_demonym_weighs_less_than_a_place_name_as_the_documents_evidence(gazetteer):
    by_people = resolve(gazetteer, "Georgians", "Atlanta")[1]
    by_place = resolve(gazetteer, "Georgia", "Atlanta")[1]
    assert by_people.entry == by_place.entry and by_people.margin < by_place.margin


def test_a_name_known_only_in_part_says_which_part(gazetteer):
    (jail,) = resolve(gazetteer, "Henderson County Jail")
    assert jail.entry.name == "Henderson County" and jail.entry.feature == "admin2"
    assert jail.rule.startswith("the known part of the name (Henderson County); ")


def test_a_town_whose_name_has_a_feature_word_is_the_town_of_its_buildings(gazetteer):
    # "Mount" and "Beach" belong to the towns' own names; only a river or lake named after a town is not the town.
    center, airport, river = resolve(gazetteer, "Mount Pleasant Civic Center", "Long Beach Airport", "Wabash River")
    assert where(center)[0] == "Mount Pleasant" and where(airport) == ("Long Beach", "city", "US")
    assert airport.rule.startswith("the known part of the name (Long Beach)")
    assert river.entry is None, "a river named after a town is not the town"
    assert resolve(gazetteer, "Elm Valley")[0].entry is None, "a feature word alone is no part of a name"


def test_a_name_in_the_dateline_counts_double(gazetteer):
    plain = resolve(gazetteer, "Louisiana", "Alexandria")[1]
    datelined = resolve(gazetteer, "Louisiana", "Alexandria", datelines={"d": {0}})[1]
    assert datelined.entry == plain.entry and datelined.rule == plain.rule
    assert datelined.margin > plain.margin + 1


def test_a_name_followed_by_its_state_keeps_only_the_namesakes_inside_it(gazetteer):
    dublin, _ = resolve(gazetteer, "Dublin", "Ohio", texts={"d": "Dublin, Ohio"})
    assert where(dublin) == ("Dublin", "city", "US") and dublin.rule == "followed by its state or country (Ohio)"
    assert dublin.n_candidates == len(gazetteer.lookup("Dublin")) > 1
    assert dublin.candidates == (dublin.entry.place_id,), "the namesakes outside Ohio are no candidates"


def test_an_override_written_in_lower_case_corrects_a_name_written_in_capitals(gazetteer):
    gyumri = gazetteer.lookup("Gyumri")[0]
    (baku,) = resolve(gazetteer, "BAKU", overrides={fold_name("baku"): gyumri.place_id})
    assert (baku.entry, baku.rule) == (gyumri, "override file")


def test_the_outlets_country_tips_a_close_call_and_stays_a_narrow_one(gazetteer):
    (anywhere,) = resolve(gazetteer, "Perth")
    assert where(anywhere) == ("Perth", "city", "AU") and anywhere.rule == "population"
    (australian,) = resolve(gazetteer, "Perth", home={"d": "AU"})
    assert where(australian) == ("Perth", "city", "AU")
    (british,) = resolve(gazetteer, "Perth", home={"d": "GB"})
    assert where(british) == ("Perth", "city", "GB")
    assert british.margin < AMBIGUOUS_MARGIN and british.rule.startswith("ambiguous (document context, margin")


def test_the_corpus_focus_decides_a_name_the_document_gives_no_context_for(gazetteer):
    focus = CorpusFocus()
    focus.add(places("Glasgow", "Edinburgh", doc_id="a") + places("Dundee", doc_id="b"), gazetteer)
    shares = focus.shares()
    assert max(shares, key=shares.get) == "GB"
    assert abs(sum(shares.values()) - 1) < 1e-9 and all(0 < s <= 1 for s in shares.values())
    (perth,) = resolve_places(places("Perth", doc_id="c"), gazetteer, focus=focus)
    assert where(perth) == ("Perth", "city", "GB") and perth.rule == "corpus focus"
    assert CorpusFocus().shares() == {}


def test_an_ocean_is_not_outweighed_by_the_countries_of_the_document(gazetteer):
    ocean, _ = resolve(gazetteer, "Pacific", "California")
    assert where(ocean) == ("Pacific Ocean", "water", "")
    town, _ = resolve(gazetteer, "Pacific", "Missouri")
    assert where(town) == ("Pacific", "city", "US"), "a state that has a town of the name says the town"


def test_a_dateline_can_decide_the_other_places_of_the_story(gazetteer):
    perth = resolve(gazetteer, "Glasgow", "Perth", "Sydney")[1]
    assert where(perth) == ("Perth", "city", "AU")
    from_glasgow = resolve(gazetteer, "Glasgow", "Perth", "Sydney", datelines={"d": {0}})[1]
    assert where(from_glasgow) == ("Perth", "city", "GB")
    assert from_glasgow.rule == "inside Scotland, where the document's other places are"


def test_an_outlets_country_without_a_candidate_changes_nothing(gazetteer):
    (plain,) = resolve(gazetteer, "Perth")
    (french_outlet,) = resolve(gazetteer, "Perth", home={"d": "FR"})
    assert (french_outlet.entry, french_outlet.rule) == (plain.entry, plain.rule)


def test_the_online_geocoder_is_not_asked_for_a_people(gazetteer):
    asked = []

    def geocoder(name):
        asked.append(name)
        return [], None

    (armenians,) = resolve(gazetteer, "Armenians", fallback=geocoder)
    assert asked == [] and where(armenians) == ("Armenia", "country", "AM")


def test_a_neighbouring_country_the_document_names_is_evidence(gazetteer):
    (alone,) = resolve(gazetteer, "Valencia")
    assert where(alone) == ("Valencia", "city", "VE")
    valencia, _ = resolve(gazetteer, "Valencia", "Portugal")
    assert where(valencia) == ("Valencia", "city", "ES") and valencia.rule == "document context"


def test_a_city_beside_countries_the_document_names_beats_a_far_province_of_its_name(gazetteer):
    # Gaza is a city of the Palestinian territories and a province of Mozambique; a story that names Israel and
    # Egypt among many other countries is about the city beside them, however many countries share the story.
    *_, gaza = resolve(gazetteer, "Israel", "Egypt", "Iran", "France", "Turkey", "Syria", "Gaza")
    assert where(gaza) == ("Gaza", "city", "PS")
    assert gaza.rule == "document context"


def test_a_kind_of_place_written_alone_is_no_place_and_no_evidence(gazetteer):
    # "City officials said": towns called City exist, but the word names no one place, nor where the story is.
    city, county, town = resolve(gazetteer, "City", "County", "Mansfield")
    assert city.entry is None and county.entry is None and city.rule == county.rule == GENERIC_RULE
    (alone,) = resolve(gazetteer, "Mansfield")
    assert (town.entry, town.rule) == (alone.entry, alone.rule)


def test_a_dateline_names_a_town_not_a_state_or_country(gazetteer):
    in_list = resolve(gazetteer, "Washington", "Oregon", "Idaho")[0]
    datelined = resolve(gazetteer, "Washington", "Oregon", "Idaho", dateline_towns={"d": {0}})[0]
    assert where(in_list) == ("Washington", "admin1", "US")
    assert where(datelined) == ("Washington", "capital", "US")
    assert datelined.rule.startswith("a dateline names a town, not a state or country; ")


def test_a_dateline_name_with_one_town_is_that_town_and_says_why(gazetteer):
    # Singapore is a country and its capital; "SINGAPORE —" is where the story is told from.
    (datelined,) = resolve(gazetteer, "Singapore", dateline_towns={"d": {0}})
    assert where(datelined) == ("Singapore", "capital", "SG")
    assert datelined.rule == "a dateline names a town, not a state or country"
    assert (datelined.n_candidates, datelined.candidates) == (2, (datelined.entry.place_id,))


def test_a_dateline_that_rules_out_nothing_is_not_named_as_the_reason(gazetteer):
    # Every Mansfield is a town: the dateline removes no candidate, so the choice is explained as without it.
    (datelined,) = resolve(gazetteer, "Mansfield", dateline_towns={"d": {0}})
    (plain,) = resolve(gazetteer, "Mansfield")
    assert (datelined.entry, datelined.rule) == (plain.entry, plain.rule)
