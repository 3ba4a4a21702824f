"""Map: every resolved place, the names used for it, and why it was placed there."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, interact
from dashboard.sidebar import View
from dashboard.store import questions

MAX_REASON_ROWS = 1_000


def render(view: View) -> None:
    st.title("Map of places")
    found = view.ask(questions.place_points)
    if found.points.empty:
        st.info("No place mentioned in the selected documents could be placed on the map.")
    else:
        interact.chart(
            charts.place_points_map(
                found.points, n_mentions=found.n_mentions, online=found.online, colours=view.colours
            ),
            key="map",
            on_pick=interact.pick("place"),
        )
        st.caption(
            "Marker size: mentions. Colour: the outlet naming the place (grey when several do). The map opens where "
            "most mentions are; scroll or use the toolbar to zoom out to the rest. "
            "Basemap: UN boundaries and Natural Earth via plotly.js."
        )
    interact.sentences(view, kinds=("place",))
    st.subheader("Why here?")
    reasons = view.ask(questions.place_reasons, limit=MAX_REASON_ROWS)
    if len(reasons) == MAX_REASON_ROWS:
        st.caption(f"The {MAX_REASON_ROWS:,} most mentioned.")
    interact.table(reasons, name="places_why")
