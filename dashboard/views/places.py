"""Map: every resolved place, the names used for it, and why it was placed there."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, interact
from dashboard.sidebar import View


def render(view: View) -> None:
    st.title("Map of places")
    places = view.tables.places
    resolved = places.dropna(subset=["place_id"])
    if resolved.empty:
        st.info("No place mentioned in the selected documents could be placed on the map.")
    else:
        interact.chart(charts.place_map(resolved, view.tables.documents, colours=view.colours), key="map", on_pick=interact.pick("place"))
        st.caption(
            "Marker size: mentions. Colour: the outlet naming the place (grey when several do). The map opens where "
            "most mentions are; scroll or use the toolbar to zoom out to the rest. Basemap: UN boundaries and Natural Earth via plotly.js."
        )
    interact.sentences(view, kinds=("place",))
    st.subheader("Why here?")
    summary = (
        places.assign(name=places["name"].fillna("(unresolved)"))
        .groupby(["name", "surface", "rule"], dropna=False)
        .agg(country=("country_code", "first"), mentions=("doc_id", "size"), candidates=("n_candidates", "max"), lat=("lat", "first"), lon=("lon", "first"))
        .reset_index()
        .sort_values("mentions", ascending=False)
    )
    interact.table(summary, name="places_why")
