"""Charts in the theme the user sees: Streamlit's light or dark, whichever the browser or the settings menu chose.

``st.plotly_chart`` (with its default ``theme="streamlit"``) restyles fonts, axes, grids and
backgrounds for the theme in use. What it leaves are the colours the chart builders set for a
light page: the map's land, sea and borders, white outlines around bars and pie slices, dark
outlines around map markers, and the palette's black. :func:`for_theme` swaps those for a dark page.
"""

from __future__ import annotations

import plotly.graph_objects as go

Theme = str | None
# Streamlit's dark background, so an outline reads as a gap between bars, as white does on a light page.
DARK_BACKGROUND = "#0E1117"
_DARK_GEO = {"landcolor": "#2B2F38", "oceancolor": "#16202C", "countrycolor": "#6B7280", "bgcolor": DARK_BACKGROUND}
# Colours that vanish on a dark page, and what stands for them there (black is one of the outlets' colours).
_ON_DARK = {"white": DARK_BACKGROUND, "#ffffff": DARK_BACKGROUND, "#333333": "#D0D0D0", "#000000": "#E5E5E5"}


def for_theme(figure: go.Figure, theme: Theme) -> go.Figure:
    """``figure`` recoloured for ``theme``: a copy for "dark"; for anything else, ``figure`` as built."""
    if theme != "dark":
        return figure
    figure = go.Figure(figure)
    if figure.layout.geo is not None and figure.layout.geo.landcolor is not None:
        figure.update_geos(**_DARK_GEO)
    for trace in figure.data:
        marker = getattr(trace, "marker", None)
        if marker is None:
            continue
        marker.color = _swap(marker.color)
        line = getattr(marker, "line", None)
        if line is not None and line.color is not None:
            line.color = _swap(line.color)
    return figure


def _swap(colour: object) -> object:
    if isinstance(colour, str):
        return _ON_DARK.get(colour.lower(), colour)
    if isinstance(colour, (list, tuple)):
        return [_swap(c) for c in colour]
    return colour
