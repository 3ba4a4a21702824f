"""Charts follow the viewer's theme: the colours the builders set for a light page are swapped on a dark one."""

from __future__ import annotations

import tomllib

from dashboard import themes
from tests.conftest import ROOT
from tests.dashboard.test_charts import make_tables, place_map, top_entities


def marker_colours(figure) -> set[str]:
    found: set[str] = set()
    for trace in figure.data:
        for colour in (trace.marker.color, trace.marker.line.color):
            found |= set(colour) if isinstance(colour, (list, tuple)) else {colour}
    return {str(c).lower() for c in found if c is not None}


def test_the_dashboard_does_not_force_the_light_theme():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text()).get("theme", {})
    assert "base" not in theme
    assert {"light", "dark"} <= set(theme), "both variants are styled, so neither is forced"


def test_a_dark_map_has_dark_land_and_sea_and_light_marker_outlines():
    tables = make_tables()
    light = place_map(tables.places, tables.documents)
    dark = themes.for_theme(light, "dark")
    assert dark.layout.geo.landcolor == themes.DARK_BACKGROUND or dark.layout.geo.landcolor.startswith("#2")
    assert dark.layout.geo.oceancolor != light.layout.geo.oceancolor
    assert "#333333" in marker_colours(light) and "#333333" not in marker_colours(dark)
    assert light.layout.geo.landcolor == "#f2f0eb", "the light figure is left as built"


def test_dark_bars_lose_white_outlines_and_black_bars():
    tables = make_tables()
    figure = top_entities(tables.mentions, tables.documents)
    figure.data[0].marker.color = "#000000"
    dark = themes.for_theme(figure, "dark")
    assert not {"white", "#ffffff", "#000000"} & marker_colours(dark)


def test_any_other_theme_leaves_the_figure_as_built():
    tables = make_tables()
    figure = top_entities(tables.mentions, tables.documents)
    assert themes.for_theme(figure, "light") is figure and themes.for_theme(figure, None) is figure
