"""An outlet's other articles say where it is at home: the Paris of a story that names no state.

Synthetic articles of one or two outlets, each a short list of place names, against the real
gazetteer; and once through the whole pipeline, from a JSONL file with each article's address.
"""

from __future__ import annotations

import json

import pytest

from analysis import analyze, load_bytes
from analysis.geo.outlet_home import OutletHomes, Pointer, pointed_state
from analysis.geo.resolve import resolve_places
from analysis.types import GazetteerEntry, Mention

OUTLET = "paris-beacon.example"
AT_HOME = f"inside Tennessee, where the places of {OUTLET}'s other articles are"


def articles(*stories: tuple[str, ...]) -> list[Mention]:
    """Each story's names as mentions of one document (d0, d1, ...), written one after another."""
    mentions = []
    for number, names in enumerate(stories):
        start = 0
        for name in names:
            mentions.append(Mention(f"d{number}", start, start + len(name), name, "GPE", 0, 999))
            start += len(name) + 2
    return mentions


def resolve(gazetteer, *stories: tuple[str, ...], outlet: str | None = OUTLET):
    """Each document's resolutions by name, all documents of ``outlet`` (or of none)."""
    mentions = articles(*stories)
    outlets = {m.doc_id: outlet for m in mentions} if outlet else {}
    resolved: dict[str, dict[str, object]] = {}
    for mention, resolution in zip(mentions, resolve_places(mentions, gazetteer, outlets=outlets), strict=True):
        resolved.setdefault(mention.doc_id, {})[mention.surface] = resolution
    return resolved


def state(gazetteer, resolution) -> str:
    return gazetteer.get(resolution.entry.admin1).name


def test_a_town_named_alone_is_the_one_where_the_outlets_other_articles_are(gazetteer):
    stories = [("Paris",), ("Tennessee", "Memphis"), ("Nashville",)]
    paris = resolve(gazetteer, *stories)["d0"]["Paris"]
    assert (paris.entry.country_code, state(gazetteer, paris)) == ("US", "Tennessee")
    assert paris.rule == AT_HOME
    without = resolve(gazetteer, *stories, outlet=None)["d0"]["Paris"]
    assert without.entry.country_code == "FR", "no outlet: nothing but the name and its size"


def test_the_home_is_learned_only_from_the_outlets_own_articles(gazetteer):
    mentions = articles(("Paris",), ("Tennessee", "Memphis"), ("Nashville",))
    outlets = {"d0": OUTLET, "d1": "another.example", "d2": "another.example"}
    paris = resolve_places(mentions, gazetteer, outlets=outlets)[0]
    assert paris.entry.country_code == "FR"


def test_one_other_article_is_too_little_to_learn_a_home_from(gazetteer):
    paris = resolve(gazetteer, ("Paris",), ("Tennessee", "Memphis"))["d0"]["Paris"]
    assert paris.entry.country_code == "FR"


def test_a_name_in_every_story_teaches_nothing_of_itself(gazetteer):
    # Most of Paris' prominence lies in France: counted as evidence, three stories of "Paris" would
    # outweigh the one story that says where the paper is.
    stories = [("Paris",), ("Paris",), ("Paris",), ("Paris",), ("Tennessee", "Memphis")]
    paris = resolve(gazetteer, *stories)["d0"]["Paris"]
    assert state(gazetteer, paris) == "Tennessee" and paris.rule == AT_HOME


def test_the_articles_own_evidence_outweighs_the_outlets_home(gazetteer):
    stories = [("Paris", "Texas"), ("Tennessee", "Memphis"), ("Nashville",), ("Knoxville",)]
    paris = resolve(gazetteer, *stories)["d0"]["Paris"]
    assert state(gazetteer, paris) == "Texas"
    assert paris.rule == "inside Texas, where the document's other places are"


def test_an_outlet_at_home_in_no_one_state_leaves_a_country_its_name(gazetteer):
    national = [("Peru",), ("Indiana", "Indianapolis"), ("Ohio", "Cleveland"), ("Oregon",), ("Nevada",)]
    assert resolve(gazetteer, *national)["d0"]["Peru"].entry.feature == "country"
    local = [("Peru",), ("Indiana", "Indianapolis"), ("Fort Wayne",), ("Indiana",)]
    peru = resolve(gazetteer, *local)["d0"]["Peru"]
    assert (peru.entry.feature, state(gazetteer, peru)) == ("city", "Indiana")
    assert peru.rule == f"inside Indiana, where the places of {OUTLET}'s other articles are"


def test_a_name_and_its_article_are_taken_out_of_the_evidence_for_it():
    homes = OutletHomes()
    d = [Pointer("paris", "IDF", True), Pointer("ky", "KY", False)]
    for article in (
        [Pointer("paris", "IDF", True), Pointer("tn", "TN", False)],
        [Pointer("paris", "IDF", True)],
        [Pointer("tn", "TN", False), Pointer("memphis", "TN", True)],
        d,
    ):
        homes.add("o", article)
    # Three other articles: Paris' half of the first and all of the second are not counted, which
    # leaves one and a half articles' evidence, all of it Tennessee's.
    assert homes.home("o", d, "paris", states=["IDF", "TN", "KY"]).shares == {"TN": pytest.approx(1.0)}
    # A name without namesakes is no evidence of itself elsewhere: only its article is taken out.
    assert homes.home("o", d, "ky", states=["IDF", "TN", "KY"]).shares == {
        "IDF": pytest.approx(0.5), "TN": pytest.approx(0.5),
    }  # fmt: skip
    assert homes.home("elsewhere.example", d, "paris", states=["TN"]).shares == {}


def test_an_outlet_whose_articles_name_one_place_has_no_home_for_it():
    homes = OutletHomes()
    articles = [[Pointer("paris", "IDF", True)] for _ in range(4)]
    for article in articles:
        homes.add("o", article)
    assert homes.home("o", articles[0], "paris", states=["IDF", "TN"]).shares == {}


def entry(place_id: str, feature: str = "city", admin1: str = "", country: str = "US") -> GazetteerEntry:
    return GazetteerEntry(place_id, place_id, country, 0.0, 0.0, feature, 0, "test", admin1=admin1)


@pytest.mark.parametrize(
    ("shares", "state"),
    [
        ({entry("a", admin1="S1"): 0.4, entry("b", admin1="S1"): 0.4, entry("c", admin1="S2"): 0.2}, "S1"),
        ({entry("a", admin1="S1"): 0.5, entry("b", admin1="S2"): 0.5}, ""),
        ({entry("S1", feature="admin1"): 0.8, entry("b", admin1="S2"): 0.2}, "S1"),
        ({entry("FR", feature="country", country="FR"): 0.9, entry("b", admin1="S2"): 0.1}, ""),
        ({}, ""),
    ],
    ids=["towns of one state", "split evenly", "the state itself", "a country", "no candidates"],
)
def test_a_name_points_to_the_state_most_of_its_prominence_lies_in(shares, state):
    assert pointed_state(shares) == state


@pytest.mark.parametrize("own", [[], [Pointer("x", "TN", False)]])
def test_shares_count_each_other_article_once(own):
    homes = OutletHomes()
    # Three articles: one names two Tennessee places, one a Tennessee and a Kentucky place, one none.
    homes.add("o", [Pointer("a", "TN", False), Pointer("b", "TN", True)])
    homes.add("o", [Pointer("c", "TN", False), Pointer("d", "KY", False)])
    homes.add("o", [Pointer("e", "", True)])
    homes.add("o", own)
    shares = homes.home("o", own, "z", states=["TN", "KY", "OH"]).shares
    assert shares == {"TN": pytest.approx(0.75), "KY": pytest.approx(0.25)}


def test_an_outlet_learns_its_home_through_the_whole_pipeline(nlp, gazetteer):
    texts = [
        "The Paris City Council met on Tuesday and voted to repave the main square.",
        "Flooding closed two roads near Memphis, Tennessee, on Monday, officials said.",
        "A festival in Nashville drew a record crowd this weekend.",
    ]
    rows = [{"id": f"a{n}", "text": text, "url": f"https://www.{OUTLET}/news/{n}.html"} for n, text in enumerate(texts)]
    corpus = load_bytes("stories.jsonl", "\n".join(json.dumps(r) for r in rows).encode("utf-8"))
    places = analyze(corpus, nlp=nlp, gazetteer=gazetteer).places
    paris = places[(places["doc_id"] == "a0") & (places["surface"] == "Paris")].iloc[0]
    assert (paris["country_code"], paris["rule"]) == ("US", AT_HOME)
