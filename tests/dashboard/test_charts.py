"""Chart builders: traces, counts, customdata, escaping and empty states, from small synthetic tables."""

from __future__ import annotations

import html
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis import Tables
from analysis.sources import UNKNOWN
from dashboard import charts
from dashboard import colours as palette
from dashboard.store import aggregate
from tests.conftest import ROOT

STATIC = ROOT / "static"
SCRIPT = "<script>alert(1)</script>"

DOCS = pd.DataFrame(
    {
        "doc_id": ["jam-1", "jam-2", "sputnik-1", "hostile"],
        "title": ["Talks resume", None, "Stepanakert", f"<img src=x onerror=alert(1)>{SCRIPT}"],
        "outlet": ["JAMnews", "JAMnews", "Sputnik", "OBC Transeuropa"],
        "n_words": [120, 80, 60, 30],
    }
)
# (doc_id, start, end, surface, entity, label, merge_rule)
MENTIONS = [
    ("jam-1", 0, 12, "Haji Namazov", "Haji Namazov", "PERSON", None),
    ("jam-1", 30, 42, "Haji Namazov", "Haji Namazov", "PERSON", None),
    ("jam-2", 0, 12, "Hagi Namazov", "Haji Namazov", "PERSON", "transliteration"),
    ("sputnik-1", 0, 12, "Haji Namazov", "Haji Namazov", "PERSON", None),
    ("jam-1", 50, 59, "Khankendi", "Khankendi", "GPE", "gazetteer"),
    ("jam-2", 20, 29, "Khankendi", "Khankendi", "GPE", "gazetteer"),
    ("sputnik-1", 20, 31, "Stepanakert", "Khankendi", "GPE", "gazetteer"),
    ("sputnik-1", 40, 44, "Baku", "Baku", "GPE", "gazetteer"),
    ("jam-2", 40, 46, "Tbilisi", "Tbilisi", "GPE", "gazetteer"),
    ("sputnik-1", 60, 67, "Kremlin", "Kremlin", "ORG", None),
    ("hostile", 0, 25, SCRIPT, SCRIPT, "PERSON", None),
    ("hostile", 30, 38, "Atlantis", "Atlantis", "GPE", None),
]
COORDS = {"Khankendi": (39.82, 46.75, "AZ"), "Baku": (40.41, 49.87, "AZ"), "Tbilisi": (41.72, 44.79, "GE")}


def make_tables() -> Tables:
    mentions = pd.DataFrame(MENTIONS, columns=["doc_id", "start", "end", "surface", "entity", "label", "merge_rule"])
    gpe = mentions[mentions["label"] == "GPE"]
    places = gpe[["doc_id", "start", "end", "surface"]].assign(
        place_id=[f"gn:{e}" if e in COORDS else None for e in gpe["entity"]],
        name=[e if e in COORDS else None for e in gpe["entity"]],
        country_code=[COORDS[e][2] if e in COORDS else None for e in gpe["entity"]],
        lat=[COORDS[e][0] if e in COORDS else float("nan") for e in gpe["entity"]],
        lon=[COORDS[e][1] if e in COORDS else float("nan") for e in gpe["entity"]],
        n_candidates=1,
    )
    keywords = pd.DataFrame(
        [
            ("jam-1", "peace talks", 1, 1.0),
            ("jam-1", "border", 2, 0.9),
            ("jam-2", "Peace talks", 1, 1.0),
            ("sputnik-1", "border", 1, 1.0),
            ("sputnik-1", "peacekeepers", 2, 0.9),
            ("hostile", SCRIPT, 1, 1.0),
        ],
        columns=["doc_id", "keyword", "rank", "weight"],
    ).assign(score=0.1)
    outlets = pd.DataFrame(
        {
            "outlet": ["JAMnews", "Sputnik", "OBC Transeuropa"],
            "country": ["GE", "RU", "IT"],
            "type": ["independent", "state-owned", "independent"],
            "n_docs": [2, 1, 1],
            "n_words": [200, 60, 30],
        }
    )
    return Tables.from_frames(
        {
            "documents": DOCS,
            "mentions": mentions.assign(sent_start=0, sent_end=80),
            "places": places.assign(sent_start=0, sent_end=80),
            "keywords": keywords,
            "outlets": outlets,
        }
    )


@pytest.fixture(scope="module")
def tables() -> Tables:
    return make_tables()


# The store's answer drawn by its chart, as the views do, with the colours of every outlet of the tables.
def present_colours(documents: pd.DataFrame) -> dict[str, str]:
    return palette.outlet_colours(documents["outlet"].fillna(UNKNOWN))


def top_entities(mentions: pd.DataFrame, documents: pd.DataFrame, *, top: int = 10) -> go.Figure:
    counts = aggregate.entity_counts(mentions, documents, top=top)
    return charts.entity_bars(counts, colours=present_colours(documents))


def top_keywords(
    keywords: pd.DataFrame, documents: pd.DataFrame, *, by: str = "corpus", top: int = 10, max_groups: int = 12
) -> go.Figure:
    panels = aggregate.keyword_panels(keywords, documents, by=by, top=top, max_groups=max_groups)  # type: ignore[arg-type]
    return charts.keyword_bars(panels.rows, n_groups=panels.total, colours=present_colours(documents))


def place_map(places: pd.DataFrame, documents: pd.DataFrame, *, colours: dict[str, str] | None = None) -> go.Figure:
    found = aggregate.place_points(places, documents)
    shown = colours or present_colours(documents)
    return charts.place_points_map(found.points, n_mentions=found.n_mentions, online=found.online, colours=shown)


def rendered_text(fig: go.Figure) -> list[str]:
    """Every string plotly draws as (pseudo-)HTML: names, hover, category labels, titles and annotations."""
    texts: list[str] = []
    for trace in fig.data:
        texts.append(trace.name or "")
        texts += list(trace.hovertext or [])
        if isinstance(trace, go.Bar):
            texts += [str(v) for v in trace.y]
    texts += [a.text for a in fig.layout.annotations]
    texts.append(fig.layout.title.text or "")
    return texts


def is_empty_state(fig: go.Figure) -> bool:
    return not fig.data and len(fig.layout.annotations) == 1


def test_outlet_mix_shows_documents_and_words_for_every_outlet(tables):
    fig = charts.outlet_mix(tables.outlets)
    docs, words = fig.data
    # Most documents first, then most words.
    assert [row[0] for row in docs.customdata] == ["JAMnews", "Sputnik", "OBC Transeuropa"]
    assert list(docs.x) == [2, 1, 1] and list(words.x) == [200, 60, 30]
    assert docs.xaxis != words.xaxis


def test_outlet_colours_are_fixed_and_distinct():
    colours = palette.outlet_colours(["Sputnik", "JAMnews", "OBC Transeuropa", "JAMnews"])
    assert len(set(colours.values())) == 3
    assert colours == palette.outlet_colours(["OBC Transeuropa", "Sputnik", "JAMnews"])
    assert palette.SEVERAL not in colours.values()


def test_top_entities_stack_each_type_by_outlet(tables):
    fig = top_entities(tables.mentions, tables.documents)
    counted = {}
    for trace in fig.data:
        for (entity, label, outlet), x in zip(trace.customdata, trace.x):
            assert trace.legendgroup == outlet
            counted[(entity, label, outlet)] = x
    assert counted[("Haji Namazov", "PERSON", "JAMnews")] == 3
    assert counted[("Haji Namazov", "PERSON", "Sputnik")] == 1
    assert counted[("Khankendi", "GPE", "Sputnik")] == 1
    assert sum(counted.values()) == len(tables.mentions)
    # One legend entry per outlet however many types it appears in.
    assert sorted(t.name for t in fig.data if t.showlegend) == ["JAMnews", "OBC Transeuropa", "Sputnik"]


def test_top_entities_keeps_only_the_top_per_type(tables):
    fig = top_entities(tables.mentions, tables.documents, top=1)
    by_label: dict[str, set[str]] = {}
    for trace in fig.data:
        for entity, label, _ in trace.customdata:
            by_label.setdefault(label, set()).add(entity)
    assert by_label == {"PERSON": {"Haji Namazov"}, "GPE": {"Khankendi"}, "ORG": {"Kremlin"}}


def test_customdata_names_the_bar_even_where_point_indices_collide(tables):
    fig = top_entities(tables.mentions, tables.documents)
    # Point 0 exists in every trace; its customdata tells them apart.
    assert len({tuple(trace.customdata[0]) for trace in fig.data}) == len(fig.data)
    for trace in fig.data:
        assert [html.escape(row[0], quote=False) for row in trace.customdata] == list(trace.y)


def test_entity_variants_list_every_surface_form_with_counts(tables):
    table = aggregate.entity_variants(tables.mentions)
    rows = table.set_index("entity")
    assert rows.loc["Haji Namazov", "variants"] == "Haji Namazov (3), Hagi Namazov (1)"
    assert rows.loc["Haji Namazov", "n_mentions"] == 4
    assert rows.loc["Khankendi", "variants"] == "Khankendi (2), Stepanakert (1)"
    assert "Kremlin" not in rows.index
    assert "Kremlin" in set(aggregate.entity_variants(tables.mentions, merged_only=False)["entity"])


def test_top_keywords_per_outlet_has_one_panel_per_outlet(tables):
    fig = top_keywords(tables.keywords, tables.documents, by="outlet")
    assert sorted(t.name for t in fig.data) == ["JAMnews", "OBC Transeuropa", "Sputnik"]
    jam = next(t for t in fig.data if t.name == "JAMnews")
    weights = dict(zip((row[0] for row in jam.customdata), jam.x))
    # "peace talks" and "Peace talks" are one keyword: 1.0 + 1.0.
    assert weights[next(k for k in weights if k.lower() == "peace talks")] == pytest.approx(2.0)
    assert {row[1] for t in fig.data for row in t.customdata} == {"JAMnews", "OBC Transeuropa", "Sputnik"}


def test_top_keywords_per_document_caps_the_panels_and_says_so(tables):
    fig = top_keywords(tables.keywords, tables.documents, by="doc", max_groups=2)
    assert len(fig.data) == 2
    assert "2 of 4" in fig.layout.title.text
    assert all(row[1] in set(DOCS["doc_id"]) for t in fig.data for row in t.customdata)


def test_top_keywords_over_the_corpus_sum_weights(tables):
    (trace,) = top_keywords(tables.keywords, tables.documents, top=2).data
    assert dict(zip((row[0].lower() for row in trace.customdata), trace.x)) == {
        "peace talks": pytest.approx(2.0),
        "border": pytest.approx(1.9),
    }


def test_place_map_has_one_point_per_resolved_place_sized_by_mentions(tables):
    fig = place_map(tables.places, tables.documents)
    points = {row[0]: size for trace in fig.data for row, size in zip(trace.customdata, trace.marker.size)}
    assert points == {"gn:Khankendi": 3, "gn:Baku": 1, "gn:Tbilisi": 1}
    assert all(isinstance(trace, go.Scattergeo) for trace in fig.data)


def test_place_map_colours_by_outlet_and_greys_shared_places(tables):
    colours = palette.outlet_colours(DOCS["outlet"])
    fig = place_map(tables.places, tables.documents, colours=colours)
    by_place = {row[0]: trace for trace in fig.data for row in trace.customdata}
    assert by_place["gn:Khankendi"].name == palette.SEVERAL_NAME
    assert by_place["gn:Khankendi"].marker.color == palette.SEVERAL
    assert by_place["gn:Baku"].marker.color == colours["Sputnik"]
    assert by_place["gn:Tbilisi"].marker.color == colours["JAMnews"]


def test_place_map_hover_names_the_surface_forms_by_outlet(tables):
    fig = place_map(tables.places, tables.documents)
    (hover,) = [h for t in fig.data for row, h in zip(t.customdata, t.hovertext) if row[0] == "gn:Khankendi"]
    assert "Khankendi (JAMnews 2), Stepanakert (Sputnik 1)" in hover
    assert "3 mention(s)" in hover and "AZ" in hover


def test_place_map_frames_the_points_on_the_vendored_world_map(tables):
    fig = place_map(tables.places, tables.documents)
    geo = fig.layout.geo
    assert (geo.scope, geo.resolution) == ("world", 110)
    lats = [lat for t in fig.data for lat in t.lat]
    lons = [lon for t in fig.data for lon in t.lon]
    assert geo.lataxis.range[0] < min(lats) and max(lats) < geo.lataxis.range[1]
    assert geo.lonaxis.range[0] < min(lons) and max(lons) < geo.lonaxis.range[1]
    assert -90 <= geo.lataxis.range[0] and geo.lataxis.range[1] <= 90


def test_the_plotly_config_points_at_the_vendored_topojson():
    url = charts.plotly_config()["topojsonURL"]
    assert url.startswith("app/static/") and url.endswith("/")
    topology = json.loads((STATIC / url.removeprefix("app/static/") / "world_110m.json").read_text(encoding="utf-8"))
    assert topology["type"] == "Topology"
    assert {"land", "countries", "coastlines", "ocean"} <= set(topology["objects"])


@pytest.mark.parametrize(
    "build",
    [
        lambda t: charts.outlet_mix(t.outlets),
        lambda t: top_entities(t.mentions, t.documents),
        lambda t: top_keywords(t.keywords, t.documents, by="doc"),
        lambda t: place_map(t.places, t.documents),
    ],
)
def test_article_text_is_escaped_wherever_plotly_renders_it(tables, build):
    fig = build(tables)
    texts = rendered_text(fig)
    assert not any("<script" in t.lower() or "<img" in t.lower() for t in texts)
    fig.to_json()


def test_escaped_text_is_still_shown(tables):
    fig = top_entities(tables.mentions, tables.documents)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered_text(fig)
    assert [SCRIPT, "PERSON", "OBC Transeuropa"] in [list(row) for t in fig.data for row in t.customdata]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda t: charts.outlet_mix(t.outlets), "No documents"),
        (lambda t: top_entities(t.mentions, t.documents), "No entities"),
        (lambda t: top_keywords(t.keywords, t.documents, by="outlet"), "No keywords"),
        (lambda t: place_map(t.places, t.documents), "No places"),
    ],
)
def test_empty_tables_give_a_figure_that_says_so(build, message):
    fig = build(Tables.from_frames({}))
    assert is_empty_state(fig)
    assert message in fig.layout.annotations[0].text


def test_a_map_of_unresolved_places_says_none_could_be_placed(tables):
    unresolved = tables.places[tables.places["place_id"].isna()]
    fig = place_map(unresolved, tables.documents)
    assert is_empty_state(fig)
    assert "None of the 1 place mention" in fig.layout.annotations[0].text


def test_empty_variants_table_has_the_columns():
    assert list(aggregate.entity_variants(Tables.from_frames({}).mentions).columns) == [
        "entity",
        "label",
        "n_mentions",
        "n_variants",
        "variants",
        "merge_rules",
    ]


def test_the_map_hover_says_why_each_place_was_chosen(tables):
    places = tables.places.assign(rule="document context", n_candidates=3)
    figure = place_map(places, tables.documents)
    hovers = [text for trace in figure.data for text in trace.hovertext]
    assert hovers and all("Why here: document context (3 candidates)" in text for text in hovers)


def test_the_map_credits_openstreetmap_only_when_it_shows_an_online_result(tables):
    offline = place_map(tables.places.assign(source="geonames"), tables.documents)
    online = place_map(tables.places.assign(source="nominatim"), tables.documents)
    assert not any("OpenStreetMap" in (a.text or "") for a in offline.layout.annotations)
    assert any("© OpenStreetMap contributors" in (a.text or "") for a in online.layout.annotations)


def test_voices_leave_out_the_unattributed_and_click_through_by_name(seeds_tables):
    fig = charts.voice_mix(aggregate.voice_counts(seeds_tables.quotes, seeds_tables.documents, top=40))
    voices = {row[0] for trace in fig.data for row in trace.customdata}
    assert "Gurgen Simonyan" in voices and "Haji Namazov" in voices
    assert "unattributed" not in voices


def test_timeline_counts_mentions_per_month_and_outlet(seeds_tables):
    counts = aggregate.timeline(
        seeds_tables.mentions, seeds_tables.keywords, seeds_tables.documents, entities=["Haji Namazov"], terms=[]
    )
    assert set(counts["precision"]) == {"month"}
    assert counts["n"].sum() == (seeds_tables.mentions["entity"] == "Haji Namazov").sum()
    assert set(counts["period"].dt.strftime("%Y-%m")) <= {"2023-03", "2023-06", "2023-09"}
    fig = charts.timeline(counts)
    assert all(trace.xperiod == "M1" for trace in fig.data)
