"""The compare view's chart: DataFrames in, a plotly Figure out. No Streamlit here.

Names come from the articles, so every label is escaped (``charts`` explains why); the term
a click picks travels in ``customdata``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import empty_figure as _empty
from dashboard.charts import escape as _esc
from dashboard.colours import SIDE_COLOURS

COMPARE_FIELDS = ("term",)
_BAR_PX = 22
_MARGINS_PX = 120


def difference_bars(rows: pd.DataFrame, *, names: tuple[str, str] = ("A", "B"), unit: str, top: int = 15) -> go.Figure:
    """The ``top`` terms most ahead in A and the ``top`` most ahead in B, from ``compare.difference`` rows: one bar
    each, the share in A minus the share in B, coloured by the side it leans to. ``customdata`` = COMPARE_FIELDS."""
    ahead_a = rows[rows["difference"] > 0].head(top)
    ahead_b = rows[rows["difference"] < 0].tail(top)
    shown = pd.concat([ahead_a, ahead_b])
    if shown.empty:
        return _empty("A and B give these terms the same share.")
    fig = go.Figure()
    for side, part, name in (("a", ahead_a, names[0]), ("b", ahead_b, names[1])):
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["difference"].tolist(),
                y=[_esc(t) for t in part["term"]],
                orientation="h",
                name=f"More in {_esc(name)}",
                marker_color=SIDE_COLOURS[side],
                customdata=[[t] for t in part["term"]],
                hovertext=[
                    f"<b>{_esc(t)}</b><br>{_esc(names[0])}: {sa:.3g} ({na} counted)<br>"
                    f"{_esc(names[1])}: {sb:.3g} ({nb} counted)<br>difference {d:+.3g} {unit}"
                    for t, na, nb, sa, sb, d in zip(
                        part["term"], part["n_a"], part["n_b"], part["share_a"], part["share_b"], part["difference"]
                    )
                ],
                hoverinfo="text",
            )
        )
    order = [_esc(t) for t in shown["term"]]
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    fig.update_xaxes(title_text=f"share in {_esc(names[0])} minus share in {_esc(names[1])} ({unit})", zeroline=True)
    return fig.update_layout(height=_MARGINS_PX + _BAR_PX * len(shown), legend_title_text="", barmode="relative")
