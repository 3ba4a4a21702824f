"""Timeline: how often chosen entities and keywords occur over time, by outlet."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, interact
from dashboard.sidebar import View

DEFAULT_ENTITIES = 3
MAX_TERMS = 8


def render(view: View) -> None:
    st.title("Timeline")
    interact.frames_notice(view)
    tables = view.tables
    if tables.documents["published"].isna().all():
        st.info("None of the selected documents is dated, so there is no timeline to draw.")
        return
    ranked = tables.mentions["entity"].value_counts()
    entities = st.multiselect(
        "Entities", ranked.index.tolist(), default=ranked.index[:DEFAULT_ENTITIES].tolist(),
        max_selections=MAX_TERMS, key="timeline_entities",
    )
    keywords = st.multiselect(
        "Keywords", tables.keywords["keyword"].value_counts().index.tolist(),
        max_selections=MAX_TERMS, key="timeline_keywords",
    )
    counts = charts.timeline_counts(tables.mentions, tables.keywords, tables.documents, entities=entities, terms=keywords)
    interact.chart(charts.timeline(counts, colours=view.colours), key="timeline_chart", on_pick=_pick(set(entities)))
    undated = int(tables.documents["published"].isna().sum())
    monthly = int((tables.documents["date_precision"] == "month").sum())
    st.caption(
        "Entities are counted by mentions, keywords by the documents they top. "
        + (f"{monthly} document(s) are dated to the month only, so every bar is a month. " if monthly else "")
        + (f"{undated} undated document(s) are left out. " if undated else "")
        + "Click a bar to read where the term occurs."
    )
    interact.sentences(view, kinds=("entity", "keyword"))
    interact.table(counts, name="timeline", columns=["term", "period", "outlet", "n"])


def _pick(entities: set[str]) -> interact.Pick:
    def handler(customdata) -> None:
        interact.pick("entity" if customdata[0] in entities else "keyword")(customdata)

    return handler
