"""Keywords: what each document and outlet stresses (YAKE)."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from dashboard import attention, charts, interact
from dashboard.sidebar import View
from dashboard.store import questions

GROUPINGS: dict[str, Literal["corpus", "outlet", "doc"]] = {
    "Whole selection": "corpus",
    "Per outlet": "outlet",
    "Per document": "doc",
}


def render(view: View) -> None:
    st.title("Keywords")
    st.caption(
        "Keywords come from YAKE, whose score is lower-is-better. Bars show a weight instead, higher is better: "
        "a document's first keyword weighs 1.0, its 20th 0.05, and weights add up over documents."
    )
    chosen = st.segmented_control("Group", list(GROUPINGS), default="Per outlet", key="keywords_group")
    grouping = chosen or "Per outlet"
    panels = view.ask(questions.keyword_panels, by=GROUPINGS[grouping], top=10, max_groups=12)
    # Only panels of outlets are set against their outlet's volume: a document's or the whole selection's are one.
    per_outlet = GROUPINGS[grouping] == "outlet"
    rows = interact.shared(view, panels.rows, column="weight") if per_outlet else panels.rows
    interact.chart(
        charts.keyword_bars(
            rows, n_groups=panels.total, colours=view.colours, unit=attention.UNITS[view.measure] if per_outlet else ""
        ),
        key=f"keywords_chart_{GROUPINGS[grouping]}",
        on_pick=interact.pick("keyword"),
    )
    interact.sentences(view, kinds=("keyword",))
