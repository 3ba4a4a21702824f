"""The seeds against their hand-made gold toponyms: floors for place recognition, precision and resolution."""

from __future__ import annotations

from analysis.geo.evaluate import error_class, km, read_gold, score
from tests.conftest import ROOT, SEEDS

GOLD = ROOT / "tests" / "gold" / "seeds_places.jsonl"


def gold():
    return read_gold(GOLD, texts={p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")})


def test_gold_offsets_point_at_the_names():
    articles = gold()
    assert len(articles) == 5
    for article in articles:
        for t in article.toponyms:
            assert article.text[t["start"] : t["end"]] == t["name"]


def test_seeds_resolve_every_recognised_place_and_miss_at_most_a_few(seeds_tables):
    """Floors two toponyms under what is measured (measured on the seeds_tables fixture: 265 of 266 gold toponyms
    recognised, 265 of 268 predictions right, every recognised one within 161 km). This gold, like GeoVirus
    and unlike LGL, leaves demonyms ("Armenian forces") unannotated: their places are checked apart."""
    places = seeds_tables.places
    scores = score(gold(), seeds_tables.documents, places[~places["rule"].str.startswith("a demonym")])
    assert scores.n_gold == 266, "the floors count toponyms of this gold: update them with it"
    assert scores.recognised >= 263, scores.summary()
    assert scores.n_predicted - scores.correct_predictions <= 5, scores.summary()
    assert scores.accuracy_161 == 1.0, [m for m in scores.misses if m["kind"] == "wrong place"]


def test_the_seeds_demonyms_name_their_countries(seeds_tables):
    places = seeds_tables.places
    demonyms = places[places["rule"].str.startswith("a demonym")]
    named = dict(zip(demonyms["surface"], demonyms["name"], strict=True))
    assert named["Armenian"] == "Armenia" and named["Azerbaijani"] == "Azerbaijan", named


def test_a_misplaced_prediction_counts_as_wrong(seeds_tables):
    moved = seeds_tables.places.assign(lat=seeds_tables.places["lat"] + 5, place_id="geonames:0")
    scores = score(gold(), seeds_tables.documents, moved)
    assert scores.accuracy_161 == 0.0
    not_gold = sum(m["kind"] == "not a gold toponym" for m in scores.misses)
    assert sum(scores.error_classes().values()) == len(scores.misses) - not_gold


def test_the_gold_geonames_id_counts_whatever_the_point(seeds_tables):
    """A country's or a state's point is a convention: the same GeoNames place is right wherever its point is."""
    moved = seeds_tables.places.assign(lat=seeds_tables.places["lat"] + 5)
    with_ids = [t for article in gold() for t in article.toponyms if t.get("geonameid")]
    assert with_ids
    assert score(gold(), seeds_tables.documents, moved).resolved_within >= len(with_ids) * 0.5


def test_errors_fall_in_classes():
    town = {"name": "Paris", "fclass": "P", "fcode": "PPL"}
    assert error_class({"name": "U.S"}, "city", chosen_name="Us") == "abbreviation"
    county = {"name": "Kanawha County", "fclass": "A", "fcode": "ADM2"}
    assert error_class(county, None, chosen_name=None) == "regions missing"
    assert error_class({"name": "Middle East", "fclass": "L", "fcode": "RGN"}, "city", chosen_name="Middle East") == (
        "region/feature resolved to a town"
    )
    assert error_class(town, "capital", chosen_name="Paris") == "namesake"
    assert error_class(town, None, chosen_name=None) == "unresolved"


def test_distance_is_great_circle():
    assert round(km(40.18, 44.51, 40.38, 49.89)) in range(450, 460)  # Yerevan to Baku
    assert km(0, 179.9, 0, -179.9) < 30
