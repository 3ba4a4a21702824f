"""Overview: the corpus at a glance."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, interact
from dashboard.sidebar import View


def render(view: View) -> None:
    st.title("Overview")
    tables = view.tables
    columns = st.columns(5)
    columns[0].metric("Documents", f"{len(tables.documents)} of {len(view.all.documents)}")
    columns[1].metric("Outlets", tables.documents["outlet"].nunique())
    columns[2].metric("Words", f"{int(tables.documents['n_words'].sum()):,}")
    columns[3].metric("Entities", tables.mentions["entity"].nunique())
    columns[4].metric("Places", tables.places["place_id"].nunique())
    if tables.documents.empty:
        st.warning("No document matches these filters. Widen them in the sidebar.")
        return
    left, right = st.columns(2)
    with left:
        st.subheader("Outlet mix")
        interact.chart(charts.outlet_mix(tables.outlets, colours=view.colours), key="overview_outlets", on_pick=interact.pick_outlet)
    with right:
        st.subheader("Top keywords")
        interact.chart(charts.top_keywords(tables.keywords, tables.documents, top=10), key="overview_keywords", on_pick=interact.pick("keyword"))
    st.subheader("Most mentioned entities")
    interact.chart(
        charts.top_entities(tables.mentions, tables.documents, top=5, colours=view.colours),
        key="overview_entities",
        on_pick=interact.pick("entity"),
    )
    interact.sentences(view)
