"""Naming: which outlet or bureau calls a place by which name (Khankendi or Stepanakert)."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from dashboard import attention, charts, interact
from dashboard.sidebar import View
from dashboard.store import questions

GROUPS: dict[str, Literal["outlet", "bureau", "voice"]] = {"Outlet": "outlet", "Bureau": "bureau", "Voice": "voice"}
MAX_PLACES = 12
MAX_TABLE_ROWS = 1_000


def render(view: View) -> None:
    st.title("Naming")
    st.caption(
        "In this region the name of a place is itself a statement. Each panel is a place written more than one way "
        "in the selected articles; bars show who used which name: an outlet, its bureau, or the voice "
        "(inside a quotation, or the outlet's own words). Click a bar for the sentences."
    )
    grouping = st.segmented_control("By", list(GROUPS), default="Outlet", key="naming_by") or "Outlet"
    named = view.ask(questions.naming, by=GROUPS[grouping], max_places=MAX_PLACES)
    interact.chart(
        charts.naming_bars(
            interact.shared(view, named.rows, outlet="group") if GROUPS[grouping] == "outlet" else named.rows,
            by=GROUPS[grouping],
            n_places=named.total,
            colours=view.colours,
            unit=attention.UNITS[view.measure] if GROUPS[grouping] == "outlet" else "",
        ),
        key=f"naming_chart_{GROUPS[grouping]}",
        on_pick=interact.pick("place"),
    )
    interact.sentences(view, kinds=("place",))
    st.subheader("Counts")
    interact.table(view.ask(questions.naming_table, limit=MAX_TABLE_ROWS), name="naming")
