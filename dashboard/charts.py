"""Chart builders: DataFrames in, plotly Figures out. No Streamlit here.

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
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.config import ENTITY_LABELS
from analysis.keywords import aggregate_keywords
from analysis.geo.online import ATTRIBUTION as ONLINE_ATTRIBUTION
from analysis.geo.online import SOURCE as ONLINE_SOURCE
from analysis.quotes import KINDS as VOICE_KINDS
from analysis.quotes import UNATTRIBUTED, voices
from analysis.sources import UNKNOWN

# Relative, so it resolves under a server.baseUrlPath and inside Community Cloud's
# frame; plotly.js appends "world_110m.json" (scope "world", resolution 110).
TOPOJSON_URL = "app/static/topojson/"

# Okabe-Ito, colour-blind safe, without its yellow (unreadable on the pale basemap and on white);
# grey is kept for "more than one outlet".
OUTLET_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SEVERAL = "#7F7F7F"
SEVERAL_NAME = "Several outlets"

OUTLET_FIELDS = ("outlet",)
ENTITY_FIELDS = ("entity", "label", "outlet")
KEYWORD_FIELDS = ("keyword", "group")
PLACE_FIELDS = ("place_id", "name")
NAMING_FIELDS = ("place_id", "written", "group")
VOICE_FIELDS = ("voice", "outlet")
DISTINCTIVE_FIELDS = ("term", "outlet")
TIMELINE_FIELDS = ("term", "outlet")
KIND_COLOURS = dict(zip(VOICE_KINDS, ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#BBBBBB")))
QUOTED, NARRATION = "in a quotation", "the outlet's own words"

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
_MAX_FORMS = 8
_TITLE_CHARS = 40
# Room between facet rows for the tick labels above and the next row's title.
_FACET_GAP_PX = 90
_MARGINS_PX = 100
_MIN_HEIGHT_PX = 260


def plotly_config(*, topojson_url: str = TOPOJSON_URL) -> dict[str, object]:
    """The ``config`` for ``st.plotly_chart``: the vendored basemap, so maps need no internet."""
    # Scroll zooms maps only, so bar charts do not capture page scrolling.
    return {"topojsonURL": topojson_url, "displaylogo": False, "scrollZoom": "geo"}


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    """A colour per outlet, by sorted name: build it once from the whole corpus so filtering never recolours."""
    names = sorted({o for o in outlets if isinstance(o, str)})
    return {name: OUTLET_PALETTE[i % len(OUTLET_PALETTE)] for i, name in enumerate(names)}


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
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, subplot_titles=("Documents", "Words"))
    for col, column in ((1, "n_docs"), (2, "n_words")):
        fig.add_trace(
            go.Bar(
                x=frame[column].tolist(),
                y=names,
                orientation="h",
                name="Documents" if col == 1 else "Words",
                marker_color=[colours.get(o, SEVERAL) for o in frame["outlet"]],
                customdata=[[o] for o in frame["outlet"]],
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed")
    return fig.update_layout(height=120 + _BAR_PX * len(frame), margin={"t": 40})


def top_entities(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    top: int = 10,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """The ``top`` most mentioned entities of each type, one row per type, bars stacked by outlet.

    One trace per (type, outlet); ``customdata`` = ENTITY_FIELDS.
    """
    if mentions.empty:
        return _empty("No entities to show.")
    frame = _with_outlet(mentions, documents)
    colours = colours or _present_colours(documents)
    tops = {
        label: frame[frame["label"] == label]["entity"].value_counts().head(top)
        for label in sorted(frame["label"].dropna().unique(), key=_label_order)
    }
    labels = [label for label, counts in tops.items() if not counts.empty]
    if not labels:
        return _empty("No entities to show.")
    height = _MARGINS_PX + _FACET_GAP_PX * len(labels) + _BAR_PX * sum(len(t) for t in tops.values())
    fig = make_subplots(
        rows=len(labels),
        cols=1,
        # Each type on its own scale: places outnumber people many times over.
        shared_xaxes=False,
        subplot_titles=[_esc(f"{LABEL_NAMES.get(label, label)} ({label})") for label in labels],
        row_heights=[len(tops[label]) for label in labels],
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / len(labels)),
    )
    shown: set[str] = set()
    for row, label in enumerate(labels, start=1):
        totals = tops[label]
        counts = (
            frame[(frame["label"] == label) & frame["entity"].isin(totals.index)]
            .groupby(["outlet", "entity"])
            .size()
        )
        _stacked_bars(
            fig,
            counts,
            row=row,
            colours=colours,
            shown=shown,
            customdata=lambda entity, outlet: [entity, label, outlet],
            hover=lambda entity, outlet, n: (
                f"<b>{_esc(entity)}</b> ({_esc(label)})<br>{_esc(outlet)}: {n} of {totals[entity]} mention(s)"
            ),
        )
    fig.update_yaxes(categoryorder="total ascending")
    fig.update_xaxes(title_text="mentions", row=len(labels), col=1)
    return fig.update_layout(barmode="stack", height=height, legend_title_text="Outlet")


def naming(
    places: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: Literal["outlet", "bureau", "voice"] = "outlet",
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Who calls a place what: one panel per place written more than one way, one bar per name,
    stacked by outlet, bureau, or voice (a quotation or the outlet's own words). ``customdata`` = NAMING_FIELDS."""
    frame = _named_places(places, documents)
    if by == "voice":
        frame["group"] = frame["quoted"].map({True: QUOTED, False: NARRATION}).fillna(NARRATION)
    elif by == "bureau":
        frame = frame.merge(documents[["doc_id", "bureau"]].drop_duplicates("doc_id"), on="doc_id", how="left")
        frame["group"] = frame["bureau"].fillna("(no bureau)")
    else:
        frame["group"] = frame["outlet"]
    place_ids = list(frame.groupby("place_id").size().sort_values(ascending=False).index)
    if not place_ids:
        return _empty("No place is written more than one way in these documents.")
    colours = colours or _present_colours(documents)
    titles = [frame.loc[frame["place_id"] == p, "name"].iloc[0] for p in place_ids]
    rows = [frame.loc[frame["place_id"] == p, "written"].nunique() for p in place_ids]
    height = _MARGINS_PX + _FACET_GAP_PX * len(place_ids) + _BAR_PX * sum(rows)
    fig = make_subplots(
        rows=len(place_ids),
        cols=1,
        subplot_titles=[_esc(t) for t in titles],
        row_heights=rows,
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / len(place_ids)),
    )
    palette = colours if by == "outlet" else outlet_colours(frame["group"].unique())
    shown: set[str] = set()
    for row, place_id in enumerate(place_ids, start=1):
        counts = frame[frame["place_id"] == place_id].groupby(["group", "written"]).size()
        _stacked_bars(
            fig,
            counts,
            row=row,
            colours=palette,
            shown=shown,
            customdata=lambda name, group: [place_id, name, group],
            hover=lambda name, group, n: f"<b>{_esc(name)}</b><br>{_esc(group)}: {n} time(s)",
        )
    fig.update_yaxes(categoryorder="total ascending")
    fig.update_xaxes(title_text="mentions", row=len(place_ids), col=1)
    return fig.update_layout(barmode="stack", height=height, legend_title_text=by.capitalize())


def naming_table(places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Counts behind :func:`naming`: place, name as written, outlet, bureau, mentions."""
    frame = _named_places(places, documents).merge(
        documents[["doc_id", "bureau"]].drop_duplicates("doc_id"), on="doc_id", how="left"
    )
    frame["voice"] = frame["quoted"].map({True: QUOTED, False: NARRATION}).fillna(NARRATION)
    table = frame.groupby(["name", "written", "outlet", "bureau", "voice"], dropna=False).size().rename("mentions").reset_index()
    return table.rename(columns={"name": "place", "written": "written as"}).sort_values(["place", "mentions"], ascending=[True, False])


def _named_places(places: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Resolved place mentions of places written more than one way (ignoring case), with their outlet."""
    resolved = _with_outlet(places[places["place_id"].notna()], documents)
    key = resolved["surface"].str.casefold()
    spelling = resolved.groupby(key)["surface"].agg(lambda s: s.mode().iloc[0])
    resolved = resolved.assign(written=key.map(spelling))
    several = resolved.groupby("place_id")["written"].nunique()
    return resolved[resolved["place_id"].isin(several[several > 1].index)]


def entity_variants(mentions: pd.DataFrame, *, merged_only: bool = True) -> pd.DataFrame:
    """One row per canonical entity with the surface forms merged into it, most frequent first.

    Columns: entity, label, n_mentions, n_variants, variants ("Haji Namazov (5), Hagi
    Namazov (3)"), merge_rules. ``merged_only`` keeps entities written more than one way.
    """
    columns = ["entity", "label", "n_mentions", "n_variants", "variants", "merge_rules"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    forms = (
        mentions.groupby(["entity", "label", "surface"]).size().rename("n").reset_index()
        .sort_values(["n", "surface"], ascending=[False, True])
    )
    forms["shown"] = forms["surface"] + " (" + forms["n"].astype(str) + ")"
    rules = mentions.groupby(["entity", "label"])["merge_rule"].agg(lambda s: ", ".join(sorted(s.dropna().unique())))
    table = forms.groupby(["entity", "label"], sort=False).agg(
        n_mentions=("n", "sum"),
        n_variants=("surface", "size"),
        variants=("shown", ", ".join),
    )
    table = table.join(rules.rename("merge_rules")).reset_index()
    if merged_only:
        table = table[table["n_variants"] > 1]
    table = table.sort_values(["n_variants", "n_mentions", "entity"], ascending=[False, False, True])
    return table[columns].reset_index(drop=True)


def top_keywords(
    keywords: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: Literal["corpus", "outlet", "doc"] = "corpus",
    top: int = 10,
    max_groups: int = 12,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Top keywords by summed YAKE weight, over the corpus or in one panel per outlet or document.

    One trace per panel, at most ``max_groups`` panels (the heaviest); ``customdata`` =
    KEYWORD_FIELDS, where group is the outlet or doc_id ("" for the corpus).
    """
    if keywords.empty:
        return _empty("No keywords to show.")
    docs = documents.assign(outlet=documents["outlet"].fillna(UNKNOWN))
    colours = colours or _present_colours(documents)
    if by == "corpus":
        grouped = aggregate_keywords(keywords, docs, top=top).assign(group="")
        titles = {"": "All documents"}
        bar_colours = {"": SEVERAL}
    else:
        key = "outlet" if by == "outlet" else "doc_id"
        grouped = aggregate_keywords(keywords, docs.assign(group=docs[key]), by="group", top=top)
        if by == "outlet":
            titles = {}
            bar_colours = {o: colours.get(o, SEVERAL) for o in docs["outlet"]}
        else:
            titles = {r.doc_id: _doc_title(r.title, r.doc_id, r.outlet) for r in docs.itertuples()}
            bar_colours = {r.doc_id: colours.get(r.outlet, SEVERAL) for r in docs.itertuples()}
    totals = grouped.groupby("group")["weight"].sum().sort_values(ascending=False, kind="stable")
    groups = list(totals.index[:max_groups])
    cols = 1 if len(groups) == 1 else 2
    rows = math.ceil(len(groups) / cols)
    longest = int(grouped[grouped["group"].isin(groups)].groupby("group").size().max())
    height = _MARGINS_PX + rows * (_FACET_GAP_PX + _BAR_PX * longest)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[_esc(titles.get(g, g)) for g in groups],
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / rows),
        horizontal_spacing=0.25 if cols > 1 else None,
    )
    for i, group in enumerate(groups):
        part = grouped[grouped["group"] == group]
        fig.add_trace(
            go.Bar(
                x=part["weight"].tolist(),
                y=[_esc(k) for k in part["keyword"]],
                orientation="h",
                name=_esc(titles.get(group, group)),
                marker_color=bar_colours.get(group, SEVERAL),
                customdata=[[k, group] for k in part["keyword"]],
                hovertext=[
                    f"<b>{_esc(r.keyword)}</b><br>weight {r.weight:.2f}, in {r.n_docs} document(s)"
                    for r in part.itertuples()
                ],
                hoverinfo="text",
                showlegend=False,
            ),
            row=i // cols + 1,
            col=i % cols + 1,
        )
    fig.update_yaxes(categoryorder="total ascending")
    fig.update_xaxes(title_text="summed weight", row=rows)
    title = f"Showing {len(groups)} of {len(totals)}" if len(totals) > len(groups) else None
    return fig.update_layout(height=height, title_text=title)


def voice_mix(quotes: pd.DataFrame, documents: pd.DataFrame, *, top: int = 15, colours: Mapping[str, str] | None = None) -> go.Figure:
    """Who is quoted or cited and how often, bars stacked by the outlet that carries them.

    A voice is the speaker's canonical entity, else the text's description ("informed sources");
    unattributed quotations are left out. One trace per outlet; ``customdata`` = VOICE_FIELDS.
    """
    frame = _with_outlet(quotes.assign(voice=voices(quotes)), documents)
    frame = frame[frame["voice"] != UNATTRIBUTED]
    if frame.empty:
        return _empty("No attributed quotations in this selection.")
    totals = frame["voice"].value_counts().head(top)
    kinds = frame.groupby("voice")["kind"].agg(lambda k: k.mode().iloc[0])
    counts = frame[frame["voice"].isin(totals.index)].groupby(["outlet", "voice"]).size()
    fig = make_subplots(rows=1, cols=1)
    _stacked_bars(
        fig,
        counts,
        row=1,
        colours=colours or _present_colours(documents),
        shown=set(),
        customdata=lambda voice, outlet: [voice, outlet],
        hover=lambda voice, outlet, n: (
            f"<b>{_esc(voice)}</b> ({_esc(kinds[voice])})<br>{_esc(outlet)}: {n} of {totals[voice]} statement(s)"
        ),
    )
    fig.update_yaxes(categoryorder="total ascending")
    fig.update_xaxes(title_text="quoted or reported statements")
    return fig.update_layout(barmode="stack", height=max(_MIN_HEIGHT_PX, _MARGINS_PX + _BAR_PX * len(totals)), legend_title_text="Outlet")


def voice_kinds(quotes: pd.DataFrame, documents: pd.DataFrame) -> go.Figure:
    """Of which kind the voices each outlet carries are: officials, experts, media, anonymous sources.
    One trace per kind; ``customdata`` = OUTLET_FIELDS (a click narrows to the outlet)."""
    frame = _with_outlet(quotes, documents)
    if frame.empty:
        return _empty("No quotations in this selection.")
    counts = frame.groupby(["kind", "outlet"]).size()
    fig = go.Figure()
    for kind in [k for k in VOICE_KINDS if k in counts.index.get_level_values(0)]:
        per_outlet = counts[kind]
        fig.add_trace(
            go.Bar(
                x=per_outlet.tolist(),
                y=[_esc(o) for o in per_outlet.index],
                orientation="h",
                name=_esc(kind),
                marker_color=KIND_COLOURS[kind],
                customdata=[[o] for o in per_outlet.index],
                hovertext=[f"<b>{_esc(o)}</b><br>{_esc(kind)}: {n} statement(s)" for o, n in per_outlet.items()],
                hoverinfo="text",
            )
        )
    n_outlets = frame["outlet"].nunique()
    fig.update_xaxes(title_text="statements")
    return fig.update_layout(
        barmode="stack", height=max(_MIN_HEIGHT_PX, _MARGINS_PX + 2 * _BAR_PX * n_outlets), legend_title_text="Kind of voice"
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
    fig = make_subplots(
        rows=len(groups),
        cols=1,
        subplot_titles=[_esc(g) for g in groups],
        row_heights=[int(sizes[g]) for g in groups],
        vertical_spacing=min(_FACET_GAP_PX / (height - _MARGINS_PX), 1 / len(groups)),
    )
    for row, group in enumerate(groups, start=1):
        rows = shown[shown["group"] == group].iloc[::-1]
        fig.add_trace(
            go.Bar(
                x=rows["z"].round(2).tolist(),
                y=[_esc(t) for t in rows["term"]],
                orientation="h",
                marker_color=colours.get(group, SEVERAL),
                customdata=[[t, group] for t in rows["term"]],
                hovertext=[
                    f"<b>{_esc(r.term)}</b><br>{_esc(group)}: {r.n} vs {r.n_rest} elsewhere<br>z = {r.z:.2f}"
                    for r in rows.itertuples()
                ],
                hoverinfo="text",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
    fig.update_xaxes(title_text="z-score (log-odds with informative prior)", row=len(groups), col=1)
    return fig.update_layout(height=height)


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
                x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                line={"width": min(1 + weight, 8), "color": "rgba(120,120,120,0.45)"},
            )
        )
    largest = max(int(nodes["mentions"].max()), 1)
    for index, (label, group) in enumerate(sorted(nodes.groupby("label"), key=lambda g: _label_order(str(g[0])))):
        degree = edges["source"].value_counts().add(edges["target"].value_counts(), fill_value=0)
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


def timeline(counts: pd.DataFrame, *, colours: Mapping[str, str] | None = None) -> go.Figure:
    """Mentions over time: one facet row per term, bars per period stacked by outlet.

    ``counts`` has columns term, period (the period's first day), precision ("day" or "month"),
    outlet, n. Periods are months whenever a document is dated to the month only: drawing it on a
    day would claim a precision the source does not have. ``customdata`` = TIMELINE_FIELDS.
    """
    if counts.empty:
        return _empty("None of the chosen terms occurs in dated documents of this selection.")
    terms = list(dict.fromkeys(counts["term"]))
    colours = colours or outlet_colours(counts["outlet"])
    monthly = (counts["precision"] == "month").any()
    fig = make_subplots(rows=len(terms), cols=1, shared_xaxes=True, subplot_titles=[_esc(t) for t in terms])
    shown: set[str] = set()
    for row, term in enumerate(terms, start=1):
        for outlet, group in counts[counts["term"] == term].groupby("outlet", sort=True):
            fig.add_trace(
                go.Bar(
                    x=group["period"].tolist(),
                    y=group["n"].tolist(),
                    name=_esc(outlet),
                    legendgroup=str(outlet),
                    showlegend=outlet not in shown,
                    marker_color=colours.get(str(outlet), SEVERAL),
                    customdata=[[term, outlet] for _ in range(len(group))],
                    hovertext=[
                        f"<b>{_esc(term)}</b><br>{_esc(outlet)}, {_period_label(p, monthly)}: {n} mention(s)"
                        for p, n in zip(group["period"], group["n"])
                    ],
                    hoverinfo="text",
                    xperiod="M1" if monthly else None,
                    xperiodalignment="middle" if monthly else None,
                ),
                row=row,
                col=1,
            )
            shown.add(str(outlet))
    fig.update_xaxes(dtick="M1" if monthly else None, tickformat="%b %Y" if monthly else None)
    return fig.update_layout(barmode="stack", height=120 + 200 * len(terms), legend_title_text="Outlet")


def timeline_counts(
    mentions: pd.DataFrame, keywords: pd.DataFrame, documents: pd.DataFrame, *, entities: Iterable[str] = (), terms: Iterable[str] = ()
) -> pd.DataFrame:
    """The rows ``timeline`` draws: mentions of each chosen entity, and documents featuring each chosen
    keyword, per outlet and period; undated documents are left out."""
    chosen = [
        mentions.loc[mentions["entity"].isin(list(entities)), ["doc_id", "entity"]].rename(columns={"entity": "term"}),
        keywords.loc[keywords["keyword"].isin(list(terms)), ["doc_id", "keyword"]].rename(columns={"keyword": "term"}),
    ]
    frame = pd.concat(chosen, ignore_index=True).merge(
        documents[["doc_id", "outlet", "published", "date_precision"]], on="doc_id"
    )
    frame = frame.dropna(subset=["published"])
    if frame.empty:
        return pd.DataFrame(columns=["term", "period", "precision", "outlet", "n"])
    monthly = (frame["date_precision"] != "day").any()
    period = frame["published"].dt.to_period("M").dt.start_time if monthly else frame["published"].dt.normalize()
    frame = frame.assign(period=period, precision="month" if monthly else "day", outlet=frame["outlet"].fillna(UNKNOWN))
    order = {t: i for i, t in enumerate([*entities, *terms])}
    counts = frame.groupby(["term", "period", "precision", "outlet"]).size().rename("n").reset_index()
    return counts.sort_values(["term", "period"], key=lambda c: c.map(order) if c.name == "term" else c).reset_index(drop=True)


def _period_label(period: pd.Timestamp, monthly: bool) -> str:
    return period.strftime("%B %Y") if monthly else period.strftime("%d %B %Y")


def place_map(
    places: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Every resolved place as one point, sized by mentions, coloured by the outlet naming it.

    A place named by more than one outlet is grey ("Several outlets"); the hover lists
    each surface form with the outlets that used it. One trace per colour;
    ``customdata`` = PLACE_FIELDS. Draws on the basemap at ``plotly_config()``'s URL.
    """
    resolved = places[places["place_id"].notna() & places["lat"].notna() & places["lon"].notna()]
    if resolved.empty:
        unresolved = len(places)
        return _empty(
            f"None of the {unresolved} place mention(s) could be placed on the map."
            if unresolved
            else "No places mentioned in these documents."
        )
    frame = _with_outlet(resolved, documents)
    colours = colours or _present_colours(documents)
    points = frame.groupby("place_id", sort=True).agg(
        place_name=("name", "first"),
        country=("country_code", "first"),
        lat=("lat", "first"),
        lon=("lon", "first"),
        n=("doc_id", "size"),
        outlets=("outlet", lambda s: tuple(sorted(s.unique()))),
        rule=("rule", lambda s: s.mode().iloc[0] if s.notna().any() else "not recorded"),
        candidates=("n_candidates", "max"),
    )
    forms = frame.groupby(["place_id", "surface", "outlet"]).size()
    points["forms"] = [_forms(forms[place_id]) for place_id in points.index]
    points["colour_key"] = [o[0] if len(o) == 1 else SEVERAL_NAME for o in points["outlets"]]
    sizeref = 2 * points["n"].max() / _MAX_MARKER_PX**2
    core = _where_most_mentions_are(points)
    lat_range = _span(core["lat"], low=-90, high=90)
    lon_range = _span(core["lon"], low=-180, high=180)
    # Keep the frame near 2:1 either way: no portrait sliver, no letterbox.
    lat_range, lon_range = (
        _widen(lat_range, to=(lon_range[1] - lon_range[0]) / 2, limit=90.0),
        _widen(lon_range, to=2 * (lat_range[1] - lat_range[0]), limit=180.0),
    )
    fig = go.Figure()
    keys = sorted(k for k in points["colour_key"].unique() if k != SEVERAL_NAME)
    keys += [SEVERAL_NAME] if SEVERAL_NAME in set(points["colour_key"]) else []
    for key in keys:
        # Largest first, so small markers are drawn on top and stay hoverable.
        part = points[points["colour_key"] == key].sort_values("n", ascending=False)
        fig.add_trace(
            go.Scattergeo(
                lat=part["lat"].tolist(),
                lon=part["lon"].tolist(),
                mode="markers",
                name=_esc(key),
                marker={
                    "size": part["n"].tolist(),
                    "sizemode": "area",
                    "sizeref": sizeref,
                    "sizemin": 4,
                    "color": SEVERAL if key == SEVERAL_NAME else colours.get(key, SEVERAL),
                    "line": {"width": 0.8, "color": "#333333"},
                    "opacity": 0.85,
                },
                customdata=[[place_id, None if pd.isna(name) else name] for place_id, name in part["place_name"].items()],
                hovertext=[
                    f"<b>{_esc(_or_dash(r.place_name))}</b> · {_esc(_or_dash(r.country))}"
                    f"<br>{r.n} mention(s)<br>Named: {_esc(r.forms)}"
                    f"<br>Why here: {_esc(r.rule)} ({r.candidates} candidate{'s' if r.candidates != 1 else ''})"
                    for r in part.itertuples()
                ],
                hoverinfo="text",
            )
        )
    if "source" in resolved and resolved["source"].eq(ONLINE_SOURCE).any():
        # Nominatim's usage policy: credit OpenStreetMap wherever its results are shown.
        fig.add_annotation(text=_esc(ONLINE_ATTRIBUTION), x=1, y=0, xref="paper", yref="paper", xanchor="right", yanchor="bottom", showarrow=False, font={"size": 11})
    fig.update_geos(
        scope="world",
        resolution=110,
        projection_type="natural earth",
        lataxis_range=lat_range,
        lonaxis_range=lon_range,
        showcountries=True,
        countrycolor="#9a9a9a",
        showland=True,
        landcolor="#f2f0eb",
        showocean=True,
        oceancolor="#e6eef5",
        showframe=False,
    )
    # Constant legend markers: sized ones would be as small as the smallest place.
    return fig.update_layout(
        height=520, margin={"l": 0, "r": 0, "t": 10, "b": 0}, legend_title_text="Named by", legend_itemsizing="constant"
    )


def _stacked_bars(
    fig: go.Figure,
    counts: pd.Series,
    *,
    row: int,
    colours: Mapping[str, str],
    shown: set[str],
    customdata: Callable[[str, str], list[object]],
    hover: Callable[[str, str, int], str],
) -> None:
    """One horizontal bar trace per group (outlet, bureau, voice) in facet ``row``, from ``counts``
    indexed by (group, item); a group's legend entry is shown once across facets. ``customdata``
    and ``hover`` are called right away, so they may use the caller's loop variables."""
    for group in sorted(counts.index.get_level_values(0).unique()):
        per_item = counts[group]
        fig.add_trace(
            go.Bar(
                x=per_item.tolist(),
                y=[_esc(item) for item in per_item.index],
                orientation="h",
                name=_esc(group),
                legendgroup=group,
                showlegend=group not in shown,
                marker_color=colours.get(group, SEVERAL),
                customdata=[customdata(item, group) for item in per_item.index],
                hovertext=[hover(item, group, n) for item, n in per_item.items()],
                hoverinfo="text",
            ),
            row=row,
            col=1,
        )
        shown.add(group)


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
    return "–" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


def _present_colours(documents: pd.DataFrame) -> dict[str, str]:
    """Colours from every outlet of ``documents``, not just those in one chart, so charts of the same tables agree."""
    return outlet_colours(documents["outlet"].fillna(UNKNOWN))


def _with_outlet(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    outlets = documents[["doc_id", "outlet"]].drop_duplicates("doc_id")
    joined = frame.merge(outlets, on="doc_id", how="left")
    return joined.assign(outlet=joined["outlet"].fillna(UNKNOWN))


def _label_order(label: str) -> tuple[int, str]:
    return (ENTITY_LABELS.index(label) if label in ENTITY_LABELS else len(ENTITY_LABELS), label)


def _doc_title(title: object, doc_id: str, outlet: str) -> str:
    text = title if isinstance(title, str) and title.strip() else doc_id
    text = text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1] + "…"
    return f"{text} ({outlet})"


def _forms(counts: pd.Series) -> str:
    """ "Khankendi (JAMnews 5), Stepanakert (Sputnik 2)" from counts indexed by (surface, outlet)."""
    by_surface = counts.groupby(level="surface").sum().sort_values(ascending=False, kind="stable")
    parts = [
        f"{surface} ({', '.join(f'{outlet} {n}' for outlet, n in counts[surface].sort_values(ascending=False).items())})"
        for surface in by_surface.index[:_MAX_FORMS]
    ]
    more = len(by_surface) - _MAX_FORMS
    return ", ".join(parts) + (f", and {more} more" if more > 0 else "")


def _where_most_mentions_are(points: pd.DataFrame) -> pd.DataFrame:
    """The points inside the central 80% of mentions by latitude and longitude: the map opens on them.

    A few far-off mentions (an ocean, another continent) would otherwise shrink the region
    an article is about to a single blot.
    """

    def inside(column: str) -> pd.Series:
        ranked = points.sort_values(column)
        share = ranked["n"].cumsum() / ranked["n"].sum()
        low = ranked.loc[share >= 0.1, column].iloc[0]
        high = ranked.loc[share >= 0.9, column].iloc[0]
        return points[column].between(low, high)

    core = points[inside("lat") & inside("lon")]
    return core if len(core) else points


def _widen(span: list[float], *, to: float, limit: float) -> list[float]:
    """``span`` grown about its centre to at least ``to`` degrees, within ±``limit``."""
    centre, half = (span[0] + span[1]) / 2, max(span[1] - span[0], min(to, 2 * limit)) / 2
    return [max(centre - half, -limit), min(centre + half, limit)]


def _span(values: pd.Series, *, low: float, high: float) -> list[float]:
    """A padded range around ``values``, at least _MIN_MAP_SPAN degrees wide, so one point is not zoomed to nothing."""
    lo, hi = float(values.min()), float(values.max())
    pad = max((hi - lo) * 0.15, (_MIN_MAP_SPAN - (hi - lo)) / 2, 2.0)
    return [max(lo - pad, low), min(hi + pad, high)]
