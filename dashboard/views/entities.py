"""Entities: who and what is named, by type and outlet, and how names were merged."""

from __future__ import annotations

import streamlit as st

from dashboard import attention, charts, interact
from dashboard.sidebar import View
from dashboard.store import questions

MAX_VARIANT_ROWS = 1_000


def render(view: View) -> None:
    st.title("Entities")
    top = st.slider("Entities per type", 5, 30, 10, key="entities_top")
    interact.chart(
        charts.entity_bars(
            interact.shared(view, view.ask(questions.entity_counts, top=top)),
            colours=view.colours,
            unit=attention.UNITS[view.measure],
        ),
        key="entities_chart",
        on_pick=interact.pick("entity"),
    )
    interact.sentences(view, kinds=("entity",))
    st.subheader("Merged spellings")
    st.caption(
        "Each canonical entity with the forms it was written in, so every merge can be checked. "
        "Edit an alias file (variant,canonical) and rebuild to override a merge."
    )
    merged_only = st.toggle("Only entities written more than one way", value=True, key="entities_merged_only")
    variants = view.ask(questions.entity_variants, merged_only=merged_only, limit=MAX_VARIANT_ROWS)
    if len(variants) == MAX_VARIANT_ROWS:
        st.caption(f"The {MAX_VARIANT_ROWS:,} entities with the most spellings.")
    interact.table(variants, name="entity_variants")
