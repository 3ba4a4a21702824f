"""Overview: the corpus at a glance."""

from __future__ import annotations

import streamlit as st

from dashboard import attention, charts, interact
from dashboard.sidebar import View
from dashboard.store import questions


def render(view: View) -> None:
    st.title("Overview")
    counts = view.ask(questions.counts)
    columns = st.columns(5)
    columns[0].metric("Documents", f"{counts.docs:,} of {view.catalog.n_docs:,}")
    columns[1].metric("Outlets", counts.outlets)
    columns[2].metric("Words", f"{counts.words:,}")
    columns[3].metric("Entities", f"{counts.entities:,}")
    columns[4].metric("Places", f"{counts.places:,}")
    if counts.docs == 0:
        st.warning("No document matches these filters. Widen them in the sidebar.")
        return
    left, right = st.columns(2)
    with left:
        st.subheader("Outlet mix")
        figure = charts.outlet_mix(view.ask(questions.outlets), colours=view.colours)
        interact.chart(figure, key="overview_outlets", on_pick=interact.pick_outlet)
    with right:
        st.subheader("Top keywords")
        panels = view.ask(questions.keyword_panels, by="corpus", top=10, max_groups=1)
        figure = charts.keyword_bars(panels.rows, colours=view.colours)
        interact.chart(figure, key="overview_keywords", on_pick=interact.pick("keyword"))
    st.subheader("Most mentioned entities")
    interact.chart(
        charts.entity_bars(
            interact.shared(view, view.ask(questions.entity_counts, top=5)),
            colours=view.colours,
            unit=attention.UNITS[view.measure],
        ),
        key="overview_entities",
        on_pick=interact.pick("entity"),
    )
    interact.sentences(view)
