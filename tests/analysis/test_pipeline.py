"""The bundled seeds through the real pipeline: what a user of the seeds must see."""

from __future__ import annotations

import math

import pytest

from analysis import schema

# Coordinates from Wikipedia, independent of the GeoNames data the pipeline uses.
REAL_PLACES = {
    "Lachin": (39.6383, 46.5461),
    "Aghdam": (39.9931, 46.9300),
    "Khankendi": (39.8153, 46.7519),
    "Stepanakert": (39.8153, 46.7519),
    "Gyumri": (40.7894, 43.8475),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_tables_match_the_contract(seeds_tables):
    for name, frame in seeds_tables.as_dict().items():
        schema.validate(frame, name)


def test_five_documents_from_three_outlets(seeds_tables):
    outlets = seeds_tables.documents["outlet"].value_counts().to_dict()
    assert outlets == {"JAMnews": 3, "Sputnik": 1, "OBC Transeuropa": 1}
    assert seeds_tables.outlets.set_index("outlet")["n_docs"].to_dict() == outlets


def test_month_only_dates_are_not_given_a_day(seeds_tables):
    docs = seeds_tables.documents.set_index("doc_id")
    assert docs.loc["002_f5bbdebaacfc4184", "date_precision"] == "day"
    assert str(docs.loc["002_f5bbdebaacfc4184", "published"].date()) == "2023-09-12"
    month_only = docs[docs["date_precision"] == "month"]
    assert len(month_only) == 4
    assert (month_only["published"].dt.day == 1).all()


def test_khankendi_and_stepanakert_are_one_place(seeds_tables):
    places = seeds_tables.places
    ids = set(places.loc[places["surface"].isin(["Khankendi", "Stepanakert"]), "place_id"])
    assert len(ids) == 1 and None not in ids
    assert {"Khankendi", "Stepanakert"} <= set(places["surface"])


@pytest.mark.parametrize("surface", sorted(REAL_PLACES))
def test_places_users_care_about_are_where_they_really_are(seeds_tables, surface):
    rows = seeds_tables.places[seeds_tables.places["surface"] == surface]
    assert len(rows) > 0, f"{surface} was not recognised as a place"
    for row in rows.itertuples():
        assert km((row.lat, row.lon), REAL_PLACES[surface]) < 25, (
            f"{surface} resolved to {row.name} ({row.lat}, {row.lon})"
        )


def test_transliteration_variants_share_one_entity(seeds_tables):
    mentions = seeds_tables.mentions
    for variants in (["Haji Namazov", "Hagi Namazov", "Namazov"], ["Samvel Shahramanyan", "Samuel Shamranyan"]):
        entities = set(mentions.loc[mentions["surface"].isin(variants), "entity"])
        assert len(entities) == 1, f"{variants} map to {entities}"
        assert set(mentions.loc[mentions["entity"].isin(entities), "surface"]) >= set(variants) - {"Namazov"}


def test_removed_boilerplate_is_not_in_the_text(seeds_tables):
    texts = seeds_tables.documents.set_index("doc_id")["text"]
    removed = seeds_tables.boilerplate
    assert len(removed) > 0
    for row in removed.itertuples():
        assert row.line not in texts[row.doc_id], f"{row.rule!r} line still in {row.doc_id}: {row.line[:60]}"


def test_offsets_point_at_the_surface(seeds_tables):
    texts = seeds_tables.documents.set_index("doc_id")["text"]
    for table in (seeds_tables.mentions, seeds_tables.places):
        assert len(table) > 0
        for row in table.itertuples():
            text = texts[row.doc_id]
            assert text[row.start : row.end] == row.surface
            assert row.sent_start <= row.start < row.end <= row.sent_end <= len(text)


def test_every_document_has_keywords_with_higher_weight_for_better_score(seeds_tables):
    keywords = seeds_tables.keywords
    assert set(keywords["doc_id"]) == set(seeds_tables.documents["doc_id"])
    for _, group in keywords.groupby("doc_id"):
        ordered = group.sort_values("rank")
        assert ordered["score"].is_monotonic_increasing
        assert ordered["weight"].is_monotonic_decreasing
        assert ordered["weight"].between(0, 1).all()


def test_a_demonym_is_its_country_never_a_place_of_that_name(seeds_tables):
    places = seeds_tables.places
    demonyms = places[places["surface"].isin(["Azerbaijani", "Armenian", "Russian", "Armenians"])]
    assert len(demonyms) > 0 and demonyms["rule"].str.startswith("a demonym").all()
    assert set(demonyms["name"]) <= {"Azerbaijan", "Armenia", "Russia"} and (demonyms["feature"] == "country").all()


def test_resolved_places_say_why(seeds_tables):
    resolved = seeds_tables.places.dropna(subset=["place_id"])
    assert resolved["rule"].str.len().gt(0).all()
    assert resolved["lat"].between(-90, 90).all() and resolved["lon"].between(-180, 180).all()
    georgia = resolved[resolved["surface"] == "Georgia"]
    washington = resolved[resolved["surface"] == "Washington"]
    assert (washington["country_code"] == "US").all() and len(washington) > 0
    assert (georgia["country_code"] == "GE").all()


def test_the_fingerprint_marks_results_stale_when_settings_change():
    from analysis import Settings
    from analysis.fingerprint import build_fingerprint as fingerprint

    assert fingerprint(Settings()) == fingerprint(Settings())
    assert fingerprint(Settings()) != fingerprint(Settings(keyword_top=10))
    assert fingerprint(Settings()) != fingerprint(Settings(model="en_core_web_trf"))
