"""Sources: which outlets published, how much, from where and of which type."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, interact
from dashboard.sidebar import View


def render(view: View) -> None:
    st.title("Sources")
    outlets = view.store.outlets(view.selection)
    interact.chart(charts.outlet_mix(outlets, colours=view.colours), key="sources_chart", on_pick=interact.pick_outlet)
    st.caption("Click an outlet to narrow every view to it. Country and type come from the editable outlets table.")
    interact.table(outlets.rename(columns={"n_docs": "documents", "n_words": "words"}), name="outlets")
