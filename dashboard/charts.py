"""Chart builders: DataFrames in, plotly Figures out. No Streamlit here.

Over 500 lines: one builder per chart, all sharing the escaping and the one panel grid (``_grid``) below.

Plotly renders hover labels, tick labels, legend entries and titles as a subset of
HTML, and names and titles come from the articles, so every such string is escaped
with ``_esc``; raw values travel in ``customdata``. Hover text goes through
``hoverinfo="text"`` rather than a hovertemplate, so a ``%{...}`` in an article is
shown, not interpreted.

Each trace's ``customdata`` row starts with the value a click filters by (outlet,
entity, keyword or place_id); point indices alone are ambiguous, since they restart
in every trace. The ``*_FIELDS`` constants name the columns of each chart's rows.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.quotes import KINDS as VOICE_KINDS
from dashboard.colours import KIND_COLOURS, OUTLET_PALETTE, SEVERAL, SEVERAL_NAME, outlet_colours
from dashboard.store.base import label_order

# Relative, so it resolves under a server.baseUrlPath and inside Community Cloud's
# frame; plotly.js appends "world_110m.json" (scope "world", resolution 110).
TOPOJSON_URL = "app/static/topojson/"

OUTLET_FIELDS = ("outlet",)
ENTITY_FIELDS = ("entity", "label", "outlet")
KEYWORD_FIELDS = ("keyword", "group")
PLACE_FIELDS = ("place_id", "name")
NAMING_FIELDS = ("place_id", "written", "group")
VOICE_FIELDS = ("voice", "outlet")
DISTINCTIVE_FIELDS = ("term", "outlet")
TIMELINE_FIELDS = ("term", "outlet")

LABEL_NAMES = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries, cities, states",
    "LOC": "Other locations",
    "FAC": "Buildings and facilities",
    "NORP": "Nationalities and groups",
}

_BAR_PX = 22
_MAX_MARKER_PX = 40
_MIN_MAP_SPAN = 20.0
# Room between facet rows for the tick labels above and the next row's title.
_FACET_GAP_PX = 90
_MARGINS_PX = 100
_MIN_HEIGHT_PX = 260


def plotly_config(*, topojson_url: str = TOPOJSON_URL, filename: str = "chart") -> dict[str, object]:
    """The ``config`` for ``st.plotly_chart``: the vendored basemap, so maps need no internet, and the modebar's
    camera saving the chart as ``filename``.png (drawn in the browser by plotly.js: no network either)."""
    # Scroll zooms maps only, so bar charts do not capture page scrolling.
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "scrollZoom": "geo",
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def outlet_mix(outlets: pd.DataFrame, *, colours: Mapping[str, str] | None = None) -> go.Figure:
    """Documents and words per outlet, side by side; one bar trace each, ``customdata`` = OUTLET_FIELDS."""
    if outlets.empty or outlets["n_docs"].sum() == 0:
        return _empty("No documents to show.")
    frame = outlets.sort_values(["n_docs", "n_words", "outlet"], ascending=[False, False, True])
    colours = colours or outlet_colours(frame["outlet"])
    names = [_esc(o) for o in frame["outlet"]]
    hover = [
        f"<b>{_esc(r.outlet)}</b><br>{_esc(_or_dash(r.country))} · {_esc(_or_dash(r.type))}"
        f"<br>{r.n_docs} document(s), {r.n_words:,} words"
        for r in frame.itertuples()
    ]
    layout, axes = _grid(1, 2, titles=["Documents", "Words"])
    layout["yaxis2"].update(matches="y", showticklabels=False)
    traces = [
        {
            "type": "bar",
            "x": frame[column].tolist(),
            "y": names,
            "orientation": "h",
            "name": name,
            "marker": {"color": [colours.get(o, SEVERAL) for o in frame["outlet"]]},
            "customdata": [[o] for o in frame["outlet"]],
            "hovertext": hover,
            "hoverinfo": "text",
            "showlegend": False,
            **axes[i],
        }
        for i, (column, name) in enumerate((("n_docs", "Documents"), ("n_words", "Words")))
    ]
    for axis in ("yaxis", "yaxis2"):
        layout[axis].update(categoryorder="array", categoryarray=names, autorange="reversed")
    layout.update(height=120 + _BAR_PX * len(frame), margin={"t": 40})
    return _figure(traces, layout)


def entity_bars(counts: pd.DataFrame, *, colours: Mapping[str, str] | None = None, unit: str = "") -> go.Figure:
    """Entities per type from :func:`dashboard.store.aggregate.entity_counts` rows, one facet per type, bars stacked by
    outlet.

    One trace per (type, outlet); ``customdata`` = ENTITY_FIELDS. With a ``unit`` ("per 100 articles"), ``n`` is a
    share of the outlet's volume (``dashboard.attention``).
    """
    if counts.empty:
        return _empty("No entities to show.")
    colours = colours or outlet_colours(counts["outlet"])
    per_label: dict[str, list[tuple[str, str, float]]] = {}
    totals: dict[str, dict[str, int]] = {}
    columns = (counts[c].tolist() for c in ("label", "entity", "outlet", "n", "total"))
    for label, entity, outlet, n, total in zip(*columns):
        per_label.setdefault(label, []).append((outlet, entity, n))
        totals.setdefault(label, {})[entity] = int(total)
    labels = sorted(per_label, key=label_order)
    sizes = [len(totals[label]) for label in labels]
    height = _MARGINS_PX + _FACET_GAP_PX * len(labels) + _BAR_PX * sum(sizes)
    layout, axes = _grid(
        len(labels),
        1,
        titles=[_esc(f"{LABEL_NAMES.get(label, label)} ({label})") for label in labels],
        row_heights=sizes,
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / len(labels)),
    )
    traces: list[dict[str, object]] = []
    shown: set[str] = set()
    for row, label in enumerate(labels):
        traces += _stacked_bars(
            per_label[label],
            axes=axes[row],
            colours=colours,
            shown=shown,
            customdata=partial(_entity_point, label),
            hover=partial(_entity_hover, label, totals[label], unit),
        )
    _stacked_layout(layout, len(labels), legend="Outlet", height=height)
    _unit_axes(layout, len(labels), unit=unit)
    return _figure(traces, layout)


def naming_bars(
    counts: pd.DataFrame,
    *,
    by: Literal["outlet", "bureau", "voice"] = "outlet",
    n_places: int | None = None,
    colours: Mapping[str, str] | None = None,
    unit: str = "",
) -> go.Figure:
    """Panels from :func:`dashboard.store.aggregate.naming` rows: one bar per name as written, stacked by outlet,
    bureau, or voice (a quotation or the outlet's own words). ``customdata`` = NAMING_FIELDS."""
    if counts.empty:
        return _empty("No place is written more than one way in these documents.")
    per_place: dict[str, list[tuple[str, str, float]]] = {}
    titles: dict[str, str] = {}
    columns = (counts[c].tolist() for c in ("place_id", "name", "written", "group", "n"))
    for place_id, name, written, group, n in zip(*columns):
        per_place.setdefault(place_id, []).append((group, written, n))
        titles.setdefault(place_id, name)
    place_ids = list(per_place)
    sizes = [len({written for _, written, _ in per_place[p]}) for p in place_ids]
    height = _MARGINS_PX + _FACET_GAP_PX * len(place_ids) + _BAR_PX * sum(sizes)
    layout, axes = _grid(
        len(place_ids),
        1,
        titles=[_esc(titles[p]) for p in place_ids],
        row_heights=sizes,
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / len(place_ids)),
    )
    groups = sorted({group for rows in per_place.values() for group, _, _ in rows})
    palette = (colours or outlet_colours(groups)) if by == "outlet" else outlet_colours(groups)
    traces: list[dict[str, object]] = []
    shown: set[str] = set()
    for row, place_id in enumerate(place_ids):
        traces += _stacked_bars(
            per_place[place_id],
            axes=axes[row],
            colours=palette,
            shown=shown,
            customdata=partial(_naming_point, place_id),
            hover=partial(_naming_hover, unit),
        )
    _stacked_layout(layout, len(place_ids), legend=by.capitalize(), height=height)
    _unit_axes(layout, len(place_ids), unit=unit)
    if n_places is not None and n_places > len(place_ids):
        layout["title"] = {"text": f"Showing the {len(place_ids)} most mentioned of {n_places} places"}
    return _figure(traces, layout)


def keyword_bars(
    rows: pd.DataFrame, *, n_groups: int | None = None, colours: Mapping[str, str] | None = None, unit: str = ""
) -> go.Figure:
    """Panels of keyword bars from :func:`dashboard.store.aggregate.keyword_panels` rows, in their order.

    One trace per panel; ``customdata`` = KEYWORD_FIELDS, where group is the outlet or doc_id ("" for the corpus).
    With a ``unit``, weights are shares of the outlet's volume.
    """
    if rows.empty:
        return _empty("No keywords to show.")
    colours = colours or {}
    groups = list(dict.fromkeys(rows["group"]))
    per_group = {g: rows[rows["group"] == g] for g in groups}
    cols = 1 if len(groups) == 1 else 2
    n_rows = math.ceil(len(groups) / cols)
    longest = max(len(part) for part in per_group.values())
    height = _MARGINS_PX + n_rows * (_FACET_GAP_PX + _BAR_PX * longest)
    titles = [_esc(per_group[g]["title"].iloc[0]) for g in groups]
    layout, axes = _grid(
        n_rows,
        cols,
        titles=titles,
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / n_rows),
        horizontal_spacing=0.25 if cols > 1 else None,
    )
    traces = []
    for i, group in enumerate(groups):
        part = per_group[group]
        outlet = part["outlet"].iloc[0]
        traces.append(
            {
                "type": "bar",
                "x": part["weight"].tolist(),
                "y": [_esc(k) for k in part["keyword"]],
                "orientation": "h",
                "name": titles[i],
                "marker": {"color": colours.get(outlet, SEVERAL) if outlet else SEVERAL},
                "customdata": [[k, group] for k in part["keyword"]],
                "hovertext": [
                    f"<b>{_esc(k)}</b><br>weight {f'{w:.3g} {unit}' if unit else f'{w:.2f}'}, in {n} document(s)"
                    for k, w, n in zip(part["keyword"], part["weight"], part["n_docs"])
                ],
                "hoverinfo": "text",
                "showlegend": False,
                **axes[i],
            }
        )
    for i in range(len(groups)):
        layout[_axis_name("y", i)]["categoryorder"] = "total ascending"
    for i in range(len(groups) - cols, len(groups)):
        layout[_axis_name("x", max(i, 0))]["title"] = {"text": f"summed weight {unit}".strip()}
    layout["height"] = height
    if n_groups is not None and n_groups > len(groups):
        layout["title"] = {"text": f"Showing {len(groups)} of {n_groups}"}
    return _figure(traces, layout)


def voice_mix(rows: pd.DataFrame, *, colours: Mapping[str, str] | None = None, unit: str = "") -> go.Figure:
    """Who is quoted or cited and how often, bars stacked by the outlet that carries them.

    ``rows`` are :func:`dashboard.store.aggregate.voice_counts` rows (voice, kind, outlet, n, total), unattributed
    quotations already left out. One trace per outlet; ``customdata`` = VOICE_FIELDS.
    """
    if rows.empty:
        return _empty("No attributed quotations in this selection.")
    per_voice = rows.drop_duplicates("voice").set_index("voice")
    traces = _stacked_bars(
        [(str(outlet), str(voice), n) for voice, outlet, n in zip(rows["voice"], rows["outlet"], rows["n"])],
        axes={},
        colours=colours or outlet_colours(rows["outlet"]),
        shown=set(),
        customdata=lambda voice, outlet: [voice, outlet],
        hover=lambda voice, outlet, n: (
            f"<b>{_esc(voice)}</b> ({_esc(per_voice.at[voice, 'kind'])})<br>"
            + (
                f"{_esc(outlet)}: {n:.3g} statement(s) {unit}"
                if unit
                else f"{_esc(outlet)}: {n} of {per_voice.at[voice, 'total']} statement(s)"
            )
        ),
    )
    fig = go.Figure(data=traces)
    fig.update_yaxes(categoryorder="total ascending")
    fig.update_xaxes(title_text=f"quoted or reported statements {unit}".strip())
    height = max(_MIN_HEIGHT_PX, _MARGINS_PX + _BAR_PX * len(per_voice))
    return fig.update_layout(barmode="stack", height=height, legend_title_text="Outlet")


def voice_kinds(rows: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Of which kind the voices each outlet carries are: officials, experts, media, anonymous sources, from
    :func:`dashboard.store.aggregate.voice_kinds` rows (kind, outlet, n). One trace per kind; ``customdata`` =
    OUTLET_FIELDS (a click narrows to the outlet)."""
    if rows.empty:
        return _empty("No quotations in this selection.")
    fig = go.Figure()
    for kind in [k for k in VOICE_KINDS if k in set(rows["kind"])]:
        per_outlet = rows[rows["kind"] == kind]
        outlets, counts = per_outlet["outlet"].tolist(), per_outlet["n"].tolist()
        fig.add_trace(
            go.Bar(
                x=counts,
                y=[_esc(o) for o in outlets],
                orientation="h",
                name=_esc(kind),
                marker_color=KIND_COLOURS[kind],
                customdata=[[o] for o in outlets],
                hovertext=[
                    f"<b>{_esc(o)}</b><br>{_esc(kind)}: {_amount(n, unit)} statement(s) {unit}".rstrip()
                    for o, n in zip(outlets, counts)
                ],
                hoverinfo="text",
            )
        )
    n_outlets = rows["outlet"].nunique()
    fig.update_xaxes(title_text=f"statements {unit}".strip())
    return fig.update_layout(
        barmode="stack",
        height=max(_MIN_HEIGHT_PX, _MARGINS_PX + 2 * _BAR_PX * n_outlets),
        legend_title_text="Kind of voice",
    )


def distinctive(scores: pd.DataFrame, *, top: int = 10, colours: Mapping[str, str] | None = None) -> go.Figure:
    """Each outlet's most distinctive terms (``analysis.distinctive.log_odds`` rows with group =
    outlet), one facet row per outlet, bar length the z-score. ``customdata`` = DISTINCTIVE_FIELDS."""
    shown = scores[scores["z"] > 0].groupby("group", sort=True).head(top)
    if shown.empty:
        return _empty("Nothing stands out: choose at least two outlets with some text.")
    groups = list(dict.fromkeys(shown["group"]))
    colours = colours or outlet_colours(groups)
    sizes = shown.groupby("group").size()
    height = _MARGINS_PX + _FACET_GAP_PX * len(groups) + _BAR_PX * int(sizes.sum())
    layout, axes = _grid(
        len(groups),
        1,
        titles=[_esc(g) for g in groups],
        row_heights=[int(sizes[g]) for g in groups],
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / len(groups)),
    )
    traces = []
    for row, group in enumerate(groups):
        rows = shown[shown["group"] == group].iloc[::-1]
        traces.append(
            {
                "type": "bar",
                "x": rows["z"].round(2).tolist(),
                "y": [_esc(t) for t in rows["term"]],
                "orientation": "h",
                "marker": {"color": colours.get(group, SEVERAL)},
                "customdata": [[t, group] for t in rows["term"]],
                "hovertext": [
                    f"<b>{_esc(r.term)}</b><br>{_esc(group)}: {r.n} vs {r.n_rest} elsewhere<br>z = {r.z:.2f}"
                    for r in rows.itertuples()
                ],
                "hoverinfo": "text",
                "showlegend": False,
                **axes[row],
            }
        )
    layout[_axis_name("x", len(groups) - 1)]["title"] = {"text": "z-score (log-odds with informative prior)"}
    layout["height"] = height
    return _figure(traces, layout)


def network(nodes: pd.DataFrame, edges: pd.DataFrame) -> go.Figure:
    """Entities as points sized by mentions and coloured by type, lines weighted by co-mentions
    (``analysis.network.network``'s frames). The node traces' ``customdata`` = ENTITY_FIELDS[:2]."""
    if nodes.empty:
        return _empty("No entities are named together often enough: lower the minimum or widen the filters.")
    at = nodes.set_index("entity")
    fig = go.Figure()
    for weight, group in edges.groupby("weight"):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for edge in group.itertuples():
            xs += [at.at[edge.source, "x"], at.at[edge.target, "x"], None]
            ys += [at.at[edge.source, "y"], at.at[edge.target, "y"], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"width": min(1 + weight, 8), "color": "rgba(120,120,120,0.45)"},
            )
        )
    largest = max(int(nodes["mentions"].max()), 1)
    degree = edges["source"].value_counts().add(edges["target"].value_counts(), fill_value=0)
    for index, (label, group) in enumerate(sorted(nodes.groupby("label"), key=lambda g: label_order(str(g[0])))):
        fig.add_trace(
            go.Scatter(
                x=group["x"].tolist(),
                y=group["y"].tolist(),
                mode="markers+text",
                name=_esc(LABEL_NAMES.get(label, label)),
                text=[_esc(e) for e in group["entity"]],
                textposition="top center",
                marker={
                    "size": [10 + 30 * math.sqrt(m / largest) for m in group["mentions"]],
                    "color": OUTLET_PALETTE[index % len(OUTLET_PALETTE)],
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[[e, label] for e in group["entity"]],
                hovertext=[
                    f"<b>{_esc(r.entity)}</b> ({_esc(label)})<br>{r.mentions} mention(s), "
                    f"named with {int(degree.get(r.entity, 0))} other(s) shown"
                    for r in group.itertuples()
                ],
                hoverinfo="text",
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return fig.update_layout(height=640, legend_title_text="Type", margin={"t": 20})


def timeline(counts: pd.DataFrame, *, colours: Mapping[str, str] | None = None, unit: str = "") -> go.Figure:
    """Mentions over time: one facet row per term, bars per period stacked by outlet.

    ``counts`` has columns term, period (the period's first day), precision (the period drawn: "day",
    "week", "month" or "year"), outlet, n. The store makes periods months whenever a document is dated
    to the month only: drawing it on a day would claim a precision the source does not have.
    ``customdata`` = TIMELINE_FIELDS. With a ``unit``, ``n`` is a share of the outlet's volume in the period, and
    the outlets' bars stand side by side (shares of different outlets do not add up).
    """
    if counts.empty:
        return _empty("None of the chosen terms occurs in dated documents of this selection.")
    terms = list(dict.fromkeys(counts["term"]))
    colours = colours or outlet_colours(counts["outlet"])
    drawn = str(counts["precision"].iloc[0])
    layout, axes = _grid(len(terms), 1, titles=[_esc(t) for t in terms])
    traces = []
    shown: set[str] = set()
    for row, term in enumerate(terms):
        for outlet, group in counts[counts["term"] == term].groupby("outlet", sort=True):
            traces.append(
                {
                    "type": "bar",
                    "x": group["period"].tolist(),
                    "y": group["n"].tolist(),
                    "name": _esc(outlet),
                    "legendgroup": str(outlet),
                    "showlegend": outlet not in shown,
                    "marker": {"color": colours.get(str(outlet), SEVERAL)},
                    "customdata": [[term, outlet] for _ in range(len(group))],
                    "hovertext": [
                        f"<b>{_esc(term)}</b><br>{_esc(outlet)}, {_period_label(p, drawn)}: "
                        f"{_amount(n, unit)} {unit or 'mention(s)'}"
                        for p, n in zip(group["period"], group["n"])
                    ],
                    "hoverinfo": "text",
                    **({"xperiod": _X_PERIODS[drawn], "xperiodalignment": "middle"} if drawn != "day" else {}),
                    **axes[row],
                }
            )
            shown.add(str(outlet))
    # The terms share the time axis, labelled under the last one only.
    last = _axis_ref("x", len(terms) - 1)
    for row in range(len(terms)):
        axis = layout[_axis_name("x", row)]
        axis.update(_X_TICKS.get(drawn, {}))
        if row < len(terms) - 1:
            axis.update(matches=last, showticklabels=False)
    layout.update(
        barmode="group" if unit else "stack", height=120 + 200 * len(terms), legend={"title": {"text": "Outlet"}}
    )
    if unit:
        layout[_axis_name("y", len(terms) - 1)]["title"] = {"text": unit}
    return _figure(traces, layout)


# Plotly's period of a bar (a week in milliseconds) and the axis ticks, per period drawn.
_X_PERIODS = {"week": 7 * 24 * 3600 * 1000, "month": "M1", "year": "M12"}
_X_TICKS: dict[str, dict[str, object]] = {
    "month": {"dtick": "M1", "tickformat": "%b %Y"},
    "year": {"dtick": "M12", "tickformat": "%Y"},
}
_PERIOD_FORMATS = {"day": "%d %B %Y", "week": "week of %d %B %Y", "month": "%B %Y", "year": "%Y"}


def _period_label(period: pd.Timestamp, drawn: str) -> str:
    return period.strftime(_PERIOD_FORMATS.get(drawn, _PERIOD_FORMATS["day"]))


def place_points_map(
    points: pd.DataFrame,
    *,
    n_mentions: int = 0,
    online: bool = False,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """The map from :func:`dashboard.store.aggregate.place_points` rows.

    A place named by more than one outlet is grey ("Several outlets"); the hover lists
    each surface form with the outlets that used it. One trace per colour;
    ``customdata`` = PLACE_FIELDS. Draws on the basemap at ``plotly_config()``'s URL.
    ``online`` credits OpenStreetMap; ``n_mentions`` counts all place mentions, for the empty state.
    """
    if points.empty:
        return _empty(
            f"None of the {n_mentions} place mention(s) could be placed on the map."
            if n_mentions
            else "No places mentioned in these documents."
        )
    colours = colours or {}
    colour_keys = [o[0] if len(o) == 1 else SEVERAL_NAME for o in points["outlets"]]
    sizeref = 2 * points["n"].max() / _MAX_MARKER_PX**2
    n = points["n"].to_numpy()
    lat, lon = points["lat"].to_numpy(dtype=float), points["lon"].to_numpy(dtype=float)
    core = _where_most_mentions_are(lat, lon, n)
    lat_range = _span(lat[core], low=-90, high=90)
    lon_range = _span(lon[core], low=-180, high=180)
    # Keep the frame near 2:1 either way: no portrait sliver, no letterbox.
    lat_range, lon_range = (
        _widen(lat_range, to=(lon_range[1] - lon_range[0]) / 2, limit=90.0),
        _widen(lon_range, to=2 * (lat_range[1] - lat_range[0]), limit=180.0),
    )
    keys = sorted(k for k in set(colour_keys) if k != SEVERAL_NAME)
    keys += [SEVERAL_NAME] if SEVERAL_NAME in set(colour_keys) else []
    shown = ("place_id", "place_name", "country", "n", "forms", "rule", "candidates", "lat", "lon")
    values = {c: points[c].tolist() for c in shown}
    # Largest first, so small markers are drawn on top and stay hoverable.
    by_size = np.argsort(-n, kind="stable").tolist()
    traces: list[dict[str, object]] = []
    for key in keys:
        rows = [i for i in by_size if colour_keys[i] == key]
        columns = {c: [values[c][i] for i in rows] for c in shown}
        names = [None if _missing(name) else name for name in columns["place_name"]]
        traces.append(
            {
                "type": "scattergeo",
                "lat": columns["lat"],
                "lon": columns["lon"],
                "mode": "markers",
                "name": _esc(key),
                "marker": {
                    "size": columns["n"],
                    "sizemode": "area",
                    "sizeref": sizeref,
                    "sizemin": 4,
                    "color": SEVERAL if key == SEVERAL_NAME else colours.get(key, SEVERAL),
                    "line": {"width": 0.8, "color": "#333333"},
                    "opacity": 0.85,
                },
                # Object arrays, not lists of strings: plotly checks a list item by item, and a large map has
                # thousands of points. (Numbers stay lists: plotly would send number arrays in binary, which
                # plotly.js keeps undecoded in the figure's data.)
                "customdata": np.array(
                    [[p, name] for p, name in zip(columns["place_id"], names)], dtype=object
                ).reshape(-1, 2),
                "hovertext": np.array(
                    [
                        f"<b>{_esc(_or_dash(name))}</b> · {_esc(_or_dash(country))}"
                        f"<br>{n} mention(s)<br>Named: {_esc(forms)}"
                        f"<br>Why here: {_esc(rule)} ({candidates} candidate{'s' if candidates != 1 else ''})"
                        for name, country, n, forms, rule, candidates in zip(
                            names,
                            columns["country"],
                            columns["n"],
                            columns["forms"],
                            columns["rule"],
                            columns["candidates"],
                        )
                    ],
                    dtype=object,
                ),
                "hoverinfo": "text",
            }
        )
    layout: dict[str, object] = {
        "geo": {
            "scope": "world",
            "resolution": 110,
            "projection": {"type": "natural earth"},
            "lataxis": {"range": lat_range},
            "lonaxis": {"range": lon_range},
            "showcountries": True,
            "countrycolor": "#9a9a9a",
            "showland": True,
            "landcolor": "#f2f0eb",
            "showocean": True,
            "oceancolor": "#e6eef5",
            "showframe": False,
        },
        # Constant legend markers: sized ones would be as small as the smallest place.
        "height": 520,
        "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "legend": {"title": {"text": "Named by"}, "itemsizing": "constant"},
    }
    if online:
        # Imported here: the online geocoder's module loads geopy, needed only when online results are shown.
        from analysis.geo.online import ATTRIBUTION

        # Nominatim's usage policy: credit OpenStreetMap wherever its results are shown.
        layout["annotations"] = [
            {
                "text": _esc(ATTRIBUTION),
                "x": 1,
                "y": 0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11},
            }
        ]
    return _figure(traces, layout)


def _stacked_bars(
    counts: Sequence[tuple[str, str, float]],
    *,
    axes: Mapping[str, str],
    colours: Mapping[str, str],
    shown: set[str],
    customdata: Callable[[str, str], list[object]],
    hover: Callable[[str, str, float], str],
) -> list[dict[str, object]]:
    """One horizontal bar trace per group (outlet, bureau, voice) on ``axes``, from (group, item, n) rows; a
    group's legend entry is shown once across facets."""
    per_group: dict[str, list[tuple[str, float]]] = {}
    for group, item, n in counts:
        per_group.setdefault(group, []).append((item, n))
    traces = []
    for group in sorted(per_group):
        rows = sorted(per_group[group])
        traces.append(
            {
                "type": "bar",
                "x": [n for _, n in rows],
                "y": [_esc(item) for item, _ in rows],
                "orientation": "h",
                "name": _esc(group),
                "legendgroup": group,
                "showlegend": group not in shown,
                # A white edge between segments keeps two groups of close colours apart in one bar.
                "marker": {"color": colours.get(group, SEVERAL), "line": {"width": 1, "color": "white"}},
                "customdata": [customdata(item, group) for item, _ in rows],
                "hovertext": [hover(item, group, n) for item, n in rows],
                "hoverinfo": "text",
                **axes,
            }
        )
        shown.add(group)
    return traces


def _entity_point(label: str, entity: str, outlet: str) -> list[object]:
    return [entity, label, outlet]


def _entity_hover(label: str, totals: Mapping[str, int], unit: str, entity: str, outlet: str, n: float) -> str:
    head = f"<b>{_esc(entity)}</b> ({_esc(label)})<br>{_esc(outlet)}: "
    return head + (f"{n:.3g} mention(s) {unit}" if unit else f"{n} of {totals[entity]} mention(s)")


def _naming_point(place_id: str, name: str, group: str) -> list[object]:
    return [place_id, name, group]


def _naming_hover(unit: str, name: str, group: str, n: float) -> str:
    return f"<b>{_esc(name)}</b><br>{_esc(group)}: {_amount(n, unit)} time(s) {unit}".rstrip()


def _amount(n: float, unit: str) -> str:
    """A count as it is, a share (with a ``unit``) to three significant digits."""
    return f"{n:.3g}" if unit else f"{n}"


def _unit_axes(layout: dict[str, Any], rows: int, *, unit: str) -> None:
    """Name the unit under the last panel when the bars are shares rather than counts."""
    if unit:
        layout[_axis_name("x", rows - 1)]["title"] = {"text": f"mentions {unit}"}


def _stacked_layout(layout: dict[str, Any], rows: int, *, legend: str, height: int) -> None:
    for i in range(rows):
        layout[_axis_name("y", i)]["categoryorder"] = "total ascending"
    layout[_axis_name("x", rows - 1)]["title"] = {"text": "mentions"}
    layout.update(barmode="stack", height=height, legend={"title": {"text": legend}})


def _grid(
    rows: int,
    cols: int,
    *,
    titles: Sequence[str],
    row_heights: Sequence[float] | None = None,
    vertical_spacing: float | None = None,
    horizontal_spacing: float | None = None,
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """A layout of ``rows`` x ``cols`` subplots with titles, laid out as ``make_subplots`` does, and each
    cell's axis references (row by row). Built as plain dicts: ``make_subplots`` and per-trace ``add_trace``
    calls validate every property again and cost several times the figure itself."""
    vertical = 0.3 / rows if vertical_spacing is None else vertical_spacing
    horizontal = 0.2 / cols if horizontal_spacing is None else horizontal_spacing
    weights = list(row_heights or [1] * rows)
    usable = 1 - vertical * (rows - 1)
    heights = [usable * w / sum(weights) for w in weights]
    width = (1 - horizontal * (cols - 1)) / cols
    layout: dict[str, Any] = {"annotations": []}
    axes = []
    top = 1.0
    for row in range(rows):
        bottom = max(top - heights[row], 0.0)
        for col in range(cols):
            index = row * cols + col
            left = col * (width + horizontal)
            x, y = _axis_name("x", index), _axis_name("y", index)
            layout[x] = {"domain": [left, left + width], "anchor": _axis_ref("y", index)}
            layout[y] = {"domain": [bottom, top], "anchor": _axis_ref("x", index)}
            axes.append({"xaxis": _axis_ref("x", index), "yaxis": _axis_ref("y", index)})
            if index < len(titles):
                layout["annotations"].append(
                    {
                        "text": titles[index],
                        "x": left + width / 2,
                        "y": top,
                        "xref": "paper",
                        "yref": "paper",
                        "xanchor": "center",
                        "yanchor": "bottom",
                        "showarrow": False,
                        "font": {"size": 16},
                    }
                )
        top = bottom - vertical
    return layout, axes


def _axis_name(axis: str, index: int) -> str:
    return f"{axis}axis{index + 1 if index else ''}"


def _axis_ref(axis: str, index: int) -> str:
    return f"{axis}{index + 1 if index else ''}"


def _figure(traces: list[dict[str, object]], layout: Mapping[str, object]) -> go.Figure:
    """One Figure from plain dicts: validated once, not property by property."""
    return go.Figure({"data": traces, "layout": layout})


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=_esc(message), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig.update_layout(height=220)


def _esc(text: object) -> str:
    # quote=False: plotly decodes &lt; &gt; &amp; and numeric entities, but would print "&quot;" literally.
    return html.escape(str(text), quote=False)


def _or_dash(value: object) -> str:
    return "–" if _missing(value) else str(value)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _where_most_mentions_are(lat: np.ndarray, lon: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Which points are inside the central 80% of mentions (``n`` per point) by latitude and longitude (all of them
    when none is): the map opens on them.

    A few far-off mentions (an ocean, another continent) would otherwise shrink the region
    an article is about to a single blot.
    """

    def inside(values: np.ndarray) -> np.ndarray:
        order = np.argsort(values, kind="stable")
        share = np.cumsum(n[order]) / n.sum()
        low = values[order][np.argmax(share >= 0.1)]
        high = values[order][np.argmax(share >= 0.9)]
        return (values >= low) & (values <= high)

    core = inside(lat) & inside(lon)
    return core if core.any() else np.ones(len(n), dtype=bool)


def _widen(span: list[float], *, to: float, limit: float) -> list[float]:
    """``span`` grown about its centre to at least ``to`` degrees, within ±``limit``."""
    centre, half = (span[0] + span[1]) / 2, max(span[1] - span[0], min(to, 2 * limit)) / 2
    return [max(centre - half, -limit), min(centre + half, limit)]


def _span(values: np.ndarray, *, low: float, high: float) -> list[float]:
    """A padded range around ``values``, at least _MIN_MAP_SPAN degrees wide, so one point is not zoomed to nothing."""
    lo, hi = float(values.min()), float(values.max())
    pad = max((hi - lo) * 0.15, (_MIN_MAP_SPAN - (hi - lo)) / 2, 2.0)
    return [max(lo - pad, low), min(hi + pad, high)]


# For the other chart modules (``compare_charts``): the same escaping and the same empty chart.
escape, empty_figure = _esc, _empty
