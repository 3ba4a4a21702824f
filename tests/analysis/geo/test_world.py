"""Places anywhere in the world: divisions, abbreviations, regions and features, containment, recognition rescue.

Synthetic sentences and mentions, each reproducing an error class of the development sets.
"""

from __future__ import annotations

import re

import pytest

from analysis.geo.recognise import add_context_places, dateline_starts
from analysis.geo.resolve import resolve_places
from analysis.types import Mention


def place(doc_id, surface, start=0, label="GPE"):
    end = start + len(surface)
    return Mention(doc_id=doc_id, start=start, end=end, surface=surface, label=label, sent_start=0, sent_end=999)


def resolve(gazetteer, *names, doc_id="d"):
    mentions = [place(doc_id, name, start=i * 40) for i, name in enumerate(names)]
    return dict(zip(names, resolve_places(mentions, gazetteer), strict=True))


def test_abbreviations_resolve_whatever_became_of_their_full_stop(gazetteer):
    found = resolve(gazetteer, "U.S", "U.S.", "US", "D.C.", "W.Va.", "W.Va", "Calif.", "DPRK", "NSW")
    assert {found[n].entry.name for n in ("U.S", "U.S.", "US")} == {"United States"}
    assert found["D.C."].entry.country_code == "US" and abs(found["D.C."].entry.lat - 38.9) < 0.5
    assert found["W.Va."].entry.name == found["W.Va"].entry.name == "West Virginia"
    assert found["Calif."].entry.name == "California"
    assert found["DPRK"].entry.name == "North Korea"
    assert found["NSW"].entry.name == "New South Wales"


def test_a_word_in_capitals_is_no_abbreviation(gazetteer):
    assert gazetteer.lookup("PARIS") == gazetteer.lookup("Paris") != []


@pytest.mark.parametrize(
    ("names", "name", "feature"),
    [
        (("Middle East",), "Middle East", "region"),
        (("North Africa",), "Northern Africa", "region"),
        (("Pacific",), "Pacific Ocean", "water"),
        (("West Coast", "California", "Oregon"), "West Coast", "region"),
        (("Holy See",), "Vatican", "country"),
        (("Palestine",), "Palestinian Territory", "country"),
    ],
)
def test_regions_and_features_are_never_a_namesake_village(gazetteer, names, name, feature):
    entry = resolve(gazetteer, *names)[names[0]].entry
    assert entry is not None and entry.feature == feature and entry.name == name


def test_divisions_of_every_country_have_ids_and_points(gazetteer):
    (laurel,) = gazetteer.lookup("Laurel County")
    assert laurel.feature == "admin2" and laurel.place_id.startswith("geonames:")
    assert 36 < laurel.lat < 38 and -85 < laurel.lon < -83  # south-eastern Kentucky
    assert gazetteer.get(laurel.admin1).name == "Kentucky"
    queensland = [e for e in gazetteer.lookup("Queensland") if e.feature == "admin1"]
    assert queensland and queensland[0].country_code == "AU" and queensland[0].lat < -10
    uttar = [e for e in gazetteer.lookup("Uttar Pradesh") if e.country_code == "IN"]
    assert uttar and uttar[0].feature == "admin1"


def test_a_town_inside_a_state_the_document_names_wins(gazetteer):
    louisiana = resolve(gazetteer, "Alexandria", "Louisiana", "Pineville", doc_id="la")["Alexandria"]
    virginia = resolve(gazetteer, "Alexandria", "Virginia", doc_id="va")["Alexandria"]
    assert gazetteer.get(louisiana.entry.admin1).name == "Louisiana"
    assert gazetteer.get(virginia.entry.admin1).name == "Virginia"
    assert "Louisiana" in louisiana.rule and "Virginia" in virginia.rule
    texas = resolve(gazetteer, "Paris", "Texas", doc_id="tx")["Paris"].entry
    alone = resolve(gazetteer, "Paris", doc_id="fr")["Paris"].entry
    assert texas.country_code == "US" and alone.country_code == "FR"


def test_an_abbreviated_state_is_evidence_too(gazetteer):
    athens = resolve(gazetteer, "Athens", "Ga.", doc_id="ga")["Athens"].entry
    assert athens.country_code == "US" and gazetteer.get(athens.admin1).name == "Georgia"


def test_thin_evidence_is_marked_ambiguous(gazetteer):
    assert resolve(gazetteer, "Springfield", doc_id="s")["Springfield"].rule.startswith("ambiguous")


def test_a_division_named_after_its_seat_is_the_town_unless_the_text_says_otherwise(gazetteer):
    (shusha,) = gazetteer.lookup("Shusha")
    assert shusha.feature == "city"
    assert {e.feature for e in gazetteer.lookup("Shusha Rayon")} == {"admin1"}
    assert any(e.feature == "admin1" for e in gazetteer.lookup("New York"))


def test_an_unknown_name_resolves_by_its_known_part(gazetteer):
    found = resolve(gazetteer, "Henderson County Jail", "Texas", "Main Street")
    assert found["Henderson County Jail"].entry.name == "Henderson County"
    assert gazetteer.get(found["Henderson County Jail"].entry.admin1).name == "Texas"
    assert "Henderson County" in found["Henderson County Jail"].rule
    assert found["Main Street"].entry is None


def test_south_caucasus_spellings_are_linked(gazetteer):
    found = resolve(gazetteer, "Garabagh", "Karabakh", "Karvachar", "Kalbajar", "Khankendi", "Stepanakert", "Jebrail")
    assert found["Garabagh"].entry.place_id == found["Karabakh"].entry.place_id
    assert found["Karvachar"].entry.place_id == found["Kalbajar"].entry.place_id
    assert found["Khankendi"].entry.place_id == found["Stepanakert"].entry.place_id
    assert found["Jebrail"].entry.name == "Jabrayil"


def mentions_in(text, *tagged):
    """Mentions of ``tagged`` (surface, label) pairs, each found in ``text`` after the one before."""
    mentions, position = [], 0
    for surface, label in tagged:
        position = text.index(surface, position)
        mentions.append(place("t", surface, start=position, label=label))
        position += len(surface)
    return mentions


def rescued(gazetteer, text, *tagged):
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.?", text)]
    mentions = mentions_in(text, *tagged)
    found = add_context_places(text, mentions, doc_id="t", sentences=sentences, lookup=gazetteer.lookup)
    return {m.surface: m.label for m in found}


def test_a_place_context_rescues_a_name_tagged_person_or_organisation(gazetteer):
    assert rescued(gazetteer, "Shelling hit the village of Tegh overnight.", ("Tegh", "PERSON"))["Tegh"] == "GPE"
    assert rescued(gazetteer, "Troops left Kalbajar district on Monday.", ("Kalbajar", "ORG"))["Kalbajar"] == "GPE"
    assert rescued(gazetteer, "Officials in Laurel County said so.", ("Laurel County", "ORG"))["Laurel County"] == "GPE"


def test_a_place_context_reads_names_in_any_latin_script_and_a_kind_of_place_described(gazetteer):
    text = "Swans died in the northern town of Toruń. Cases rose in the Kenyan lakeside town of Kisumu."
    found = rescued(gazetteer, text)
    assert found == {"Toruń": "GPE", "Kisumu": "GPE"}


def test_a_list_that_names_a_place_names_places(gazetteer):
    text = "Clashes hit Suba, Migori, Homa Bay and Kisumu. Israel and Hamas met. Still, Giza and Cairo wait still."
    found = rescued(gazetteer, text, ("Kisumu", "GPE"), ("Israel", "GPE"), ("Hamas", "ORG"), ("Cairo", "GPE"))
    assert {name for name, label in found.items() if label == "GPE"} == {
        "Suba", "Migori", "Homa Bay", "Kisumu", "Israel", "Giza", "Cairo",
    }  # fmt: skip
    assert found["Hamas"] == "ORG", "a name the model tagged otherwise keeps its label"
    assert "Still" not in found, "a word the document also writes in lower case opens a sentence"
    assert rescued(gazetteer, "Suba, Migori and Rongo voted.") == {}, "no place tagged: no list of places"


def labels(gazetteer, text, *tagged) -> list[tuple[str, str]]:
    found = add_context_places(
        text, mentions_in(text, *tagged), doc_id="t", sentences=[(0, len(text))], lookup=gazetteer.lookup
    )
    return [(m.surface, m.label) for m in found]


def test_a_persons_surname_the_model_took_for_a_place_is_the_person(gazetteer):
    text = "Coach Darren Ripley beamed. Ripley said the team won."
    assert labels(gazetteer, text, ("Darren Ripley", "PERSON"), ("Ripley", "GPE")) == [
        ("Darren Ripley", "PERSON"), ("Ripley", "PERSON"),
    ]  # fmt: skip
    text = "Jesse Jackson spoke in Jackson on Monday."
    assert labels(gazetteer, text, ("Jesse Jackson", "PERSON"), ("Jackson", "GPE")) == [
        ("Jesse Jackson", "PERSON"), ("Jackson", "GPE"),
    ], "a place context keeps the place"  # fmt: skip
    text = "Historic Dublin drew crowds. Historic Dublin grew. Dublin voted."
    tagged = (("Historic Dublin", "PERSON"), ("Historic Dublin", "GPE"), ("Dublin", "GPE"))
    assert labels(gazetteer, text, *tagged)[-1] == ("Dublin", "GPE"), "a name also tagged a place is no one's"


def test_a_dateline_is_a_place(gazetteer):
    assert rescued(gazetteer, "MALAKAL, South Sudan (Reuters) - Fighting resumed.").get("MALAKAL") == "GPE"
    assert rescued(gazetteer, "Rep. Ann Smith, D-Raleigh, voted no.").get("Raleigh") == "GPE"


def test_a_known_persons_name_stays_a_person(gazetteer):
    text = "Jordan Peterson spoke. Later Jordan went to Paris."
    labels = rescued(gazetteer, text, ("Jordan Peterson", "PERSON"), ("Jordan", "PERSON"))
    assert labels["Jordan"] == "PERSON" and labels["Jordan Peterson"] == "PERSON"
    assert rescued(gazetteer, "We met in April in Paris.").get("April") is None


def test_a_body_named_after_its_place_names_the_place_too(gazetteer):
    text = "The Ohio Department of Health and the Berea Police Department spoke. So did the Council of West Virginia."
    found = rescued(gazetteer, text, ("The Ohio Department of Health", "ORG"), ("the Berea Police Department", "ORG"),
                    ("the Council of West Virginia", "ORG"))  # fmt: skip
    assert found["The Ohio Department of Health"] == "ORG" and found["Ohio"] == "GPE"
    assert found["Berea"] == "GPE" and found["West Virginia"] == "GPE"
    assert "Acme" not in rescued(gazetteer, "Acme Widgets Inc. grew.", ("Acme Widgets Inc.", "ORG"))


def test_a_place_the_model_cut_short_takes_the_word_that_completes_its_name(gazetteer):
    text = "Judges of the Fayette County Court moved to New Mexico. On Tuesday Ohio voted. Ms Jones Paris said no."
    found = rescued(gazetteer, text, ("Fayette", "GPE"), ("Mexico", "GPE"), ("Ohio", "GPE"), ("Ms Jones", "PERSON"),
                    ("Paris", "GPE"))  # fmt: skip
    assert found["Fayette County"] == "GPE" and found["New Mexico"] == "GPE"
    assert "Fayette" not in found and "Mexico" not in found
    assert found["Ohio"] == "GPE" and "Tuesday Ohio" not in found
    assert found["Paris"] == "GPE" and found["Ms Jones"] == "PERSON", "a word of no known place's name stays out"
    later = rescued(gazetteer, "They flew to Mexico City. Texas Rangers won.", ("Mexico", "GPE"), ("Texas", "GPE"))
    assert later == {"Mexico City": "GPE", "Texas": "GPE"}


def test_a_direction_completes_an_areas_name_but_not_a_towns(gazetteer):
    text = "Flocks in North America and Northern Ireland were culled. Crime in North Charleston fell."
    found = rescued(gazetteer, text, ("America", "LOC"), ("Ireland", "GPE"), ("Charleston", "GPE"))
    assert found == {"North America": "LOC", "Northern Ireland": "GPE", "Charleston": "GPE"}


def test_a_peoples_name_that_opens_an_areas_name_is_part_of_it(gazetteer):
    text = "A cow in British Columbia tested positive. Storms hit American Samoa. British troops left Basra."
    tagged = (("British", "NORP"), ("Columbia", "GPE"), ("American", "NORP"), ("Samoa", "GPE"), ("British", "NORP"))
    found = add_context_places(
        text, mentions_in(text, *tagged, ("Basra", "GPE")), doc_id="t", sentences=[(0, len(text))],
        lookup=gazetteer.lookup,
    )  # fmt: skip
    assert [(m.surface, m.label) for m in found] == [
        ("British Columbia", "GPE"), ("American Samoa", "GPE"), ("British", "NORP"), ("Basra", "GPE"),
    ]  # fmt: skip


def test_a_place_is_never_widened_over_another_mention(gazetteer):
    # The word that would complete "New Jersey" is the end of a person's name the model found.
    found = rescued(gazetteer, "Coach Ben New Jersey spoke.", ("Ben New", "PERSON"), ("Jersey", "GPE"))
    assert found == {"Ben New": "PERSON", "Jersey": "GPE"}


def test_a_title_before_a_persons_name_names_the_place_of_its_office(gazetteer):
    text = "Laurel County Clerk Dean Johnson and Paris Hilton met."
    found = rescued(gazetteer, text, ("Laurel County Clerk Dean Johnson", "PERSON"), ("Paris Hilton", "PERSON"))
    assert found["Laurel County"] == "GPE" and found["Laurel County Clerk Dean Johnson"] == "PERSON"
    assert "Paris" not in found, "a person's own name names no place"


def test_the_outlets_country_is_evidence_when_the_text_has_little(gazetteer):
    mentions = [place("d", "Georgia")]
    alone = resolve_places(mentions, gazetteer)[0].entry
    local = resolve_places(mentions, gazetteer, home={"d": "US"})[0].entry
    assert alone.country_code == "GE" and local.country_code == "US"


def test_a_dateline_weighs_more_than_a_passing_mention(gazetteer):
    text = "ALEXANDRIA, La. — Officials met. Later a Virginia man spoke."
    names = [("ALEXANDRIA", 0), ("La.", 12), ("Virginia", text.index("Virginia"))]
    mentions = [place("d", name, start=start) for name, start in names]
    assert dateline_starts(text) == {0, 12} and dateline_starts(text, regions=False) == {0}
    plain = resolve_places(mentions, gazetteer)[0].entry
    dated = resolve_places(mentions, gazetteer, datelines={"d": dateline_starts(text)})[0].entry
    assert gazetteer.get(plain.admin1).name == "Virginia"  # the larger Alexandria, on equal evidence
    assert gazetteer.get(dated.admin1).name == "Louisiana"


def test_a_dateline_with_a_windows_dash_read_as_latin_1_is_a_dateline(gazetteer):
    text = "Flood waters rise. SPRINGFIELD, Ill. (AP) \x97 The river rose. TOLEDO \x96 Crews worked."
    assert dateline_starts(text) == {text.index("SPRINGFIELD"), text.index("Ill."), text.index("TOLEDO")}


def test_a_town_in_a_county_the_document_names_beats_its_bigger_namesakes(gazetteer):
    found = resolve(gazetteer, "Henry County", "Paris", "Henry County")
    assert (found["Paris"].entry.country_code, found["Paris"].entry.admin2) == (
        "US",
        found["Henry County"].entry.place_id,
    )
    assert "Henry County" in found["Paris"].rule
    texas = resolve(gazetteer, "Athens", "Henderson County")
    assert gazetteer.get(texas["Athens"].entry.admin1).name == "Texas"


@pytest.mark.parametrize(
    "text",
    [
        "Police said an Alexandria woman was charged on Monday.",
        "The fire spread quickly. Berea police closed the road.",
        "Deputies found the car near a Buford home on Sunday.",
        "Tillsonburg Mayor Stephen Molnar said the plan was sound.",
    ],
)
def test_a_town_named_for_its_people_homes_or_services_is_a_place(gazetteer, text):
    (found,) = add_context_places(text, [], doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    assert found.label == "GPE" and found.surface in {"Alexandria", "Berea", "Buford", "Tillsonburg"}


def test_a_common_word_opening_a_sentence_is_no_town_however_its_people_are_named(gazetteer):
    text = "But police said one man ran, but no one was hurt. One man left. Young residents stayed, as young people do."
    assert add_context_places(text, [], doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup) == []


def test_a_street_address_names_its_town(gazetteer):
    text = "Police said Jo Doe, 19, of 1935 Orchard St., Alexandria, was held."
    found = add_context_places(text, [], doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    assert [m.surface for m in found] == ["Alexandria"]


def test_a_headline_word_before_a_town_is_not_part_of_it(gazetteer):
    text = "Missing Lancaster girl found safe."
    found = add_context_places(text, [], doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    assert [m.surface for m in found] == ["Lancaster"]


@pytest.mark.parametrize(
    ("body", "inner"),
    [
        ("The Spina Bifida Association of Western Pennsylvania", "Pennsylvania"),
        ("the University of Kentucky College of Law", "Kentucky"),
        ("Eastern Kentucky University", "Kentucky"),
        ("the Family Policy Council of West Virginia", "West Virginia"),
    ],
)
def test_a_body_named_after_a_region_adds_the_region_less_its_direction(gazetteer, body, inner):
    text = f"She spoke for {body} on Monday."
    org = Mention("d", text.index(body), text.index(body) + len(body), body, "ORG", 0, len(text))
    found = add_context_places(text, [org], doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    assert [m.surface for m in found if m.label == "GPE"] == [inner]


@pytest.mark.parametrize(
    ("name", "region"),
    [("Northeast Nebraska", "Nebraska"), ("Central Tennessee", "Tennessee"), ("Metro Nashville", None)],
)
def test_a_qualifier_is_never_the_known_part_of_a_name(gazetteer, name, region):
    (resolution,) = resolve(gazetteer, name).values()
    assert resolution.entry is not None and resolution.entry.name not in {"North East", "Central", "Metro"}
    assert region is None or resolution.entry.name == region


def test_a_fort_is_not_a_town_called_fort(gazetteer):
    (resolution,) = resolve(gazetteer, "Fort Zzyzxville").values()
    assert resolution.entry is None


def test_a_name_shown_a_place_by_context_is_a_place_where_the_model_took_it_for_a_body(gazetteer):
    text = "Alexandria pays. Alexandria Police Spokeswoman Ann Lee said Alexandria police found it."
    model = [
        Mention("d", 0, 10, "Alexandria", "ORG", 0, len(text)),
        Mention("d", 17, 34, "Alexandria Police", "PERSON", 0, len(text)),
    ]
    found = add_context_places(text, model, doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    labels = {(m.start, m.surface): m.label for m in found}
    assert labels[0, "Alexandria"] == "GPE" and labels[text.rindex("Alexandria"), "Alexandria"] == "GPE"
    # A real person's first name stays a person's.
    text = "Paris Hilton arrived. Paris smiled as fans in Paris cheered."
    model = [
        Mention("d", 0, 12, "Paris Hilton", "PERSON", 0, len(text)),
        Mention("d", 22, 27, "Paris", "PERSON", 0, len(text)),
    ]
    found = add_context_places(text, model, doc_id="d", sentences=[(0, len(text))], lookup=gazetteer.lookup)
    assert {(m.start, m.label) for m in found if m.surface == "Paris"} == {(22, "PERSON")}
