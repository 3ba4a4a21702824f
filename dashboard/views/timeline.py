"""Timeline: how often chosen entities and keywords occur over time, by outlet."""

from __future__ import annotations

import streamlit as st

from dashboard import attention, charts, interact
from dashboard.sidebar import View
from dashboard.store import questions
from dashboard.store.base import PERIODS, Period

DEFAULT_ENTITIES = 3
MAX_TERMS = 8
# Entities offered: the most mentioned of each type; keywords offered: the heaviest of the selection.
OFFERED_PER_TYPE = 25
OFFERED_KEYWORDS = 100


def render(view: View) -> None:
    st.title("Timeline")
    dating = view.ask(questions.dating)
    if not dating.dated:
        st.info("None of the selected documents is dated, so there is no timeline to draw.")
        return
    ranked = _ranked_entities(view)
    entities = st.multiselect(
        "Entities",
        ranked,
        default=ranked[:DEFAULT_ENTITIES],
        max_selections=MAX_TERMS,
        key="timeline_entities",
    )
    offered = view.ask(questions.keyword_panels, by="corpus", top=OFFERED_KEYWORDS, max_groups=1).rows
    keywords = st.multiselect(
        "Keywords", offered["keyword"].tolist(), max_selections=MAX_TERMS, key="timeline_keywords"
    )
    # Bound to the URL (?period=week): a share link restores it, and a value not offered is dropped.
    period = st.segmented_control("Period", PERIODS, default="day", key="period", bind="query-params") or "day"
    asked: Period = period
    volume = None
    if view.measure != "count":
        # A share of each outlet's articles (or words) of the same period: the periods are those all the selected
        # documents' dates allow, so every count has its volume.
        volume = view.ask(questions.period_volume, period=period)
        asked = next((p for p in PERIODS if len(volume) and p == volume["precision"].iloc[0]), period)
    counts = view.ask(questions.timeline, entities=entities, keywords=keywords, period=asked)
    drawn = str(counts["precision"].iloc[0]) if len(counts) else asked
    shown = counts if volume is None else attention.per_outlet(counts, volume, measure=view.measure, by=("period",))
    interact.chart(
        charts.timeline(shown, colours=view.colours, unit=attention.UNITS[view.measure]),
        key="timeline_chart",
        on_pick=_pick(set(entities)),
    )
    st.caption(
        "Entities are counted by mentions, keywords by the documents they top (in any spelling). "
        + (
            f"{dating.month_only:,} document(s) are dated to the month only, so every bar is at least a month. "
            if dating.month_only
            else ""
        )
        + (f"Each bar is a {drawn}, not a {period}: the dates are not precise enough. " if drawn != period else "")
        + (f"{dating.undated:,} undated document(s) are left out. " if dating.undated else "")
        + "Click a bar to read where the term occurs."
    )
    interact.sentences(view, kinds=("entity", "keyword"))
    interact.table(counts, name="timeline", columns=["term", "period", "outlet", "n"])


def _ranked_entities(view: View) -> list[str]:
    """The most mentioned entities of each type, most mentioned first (an entity of several types by its mentions in
    all)."""
    rows = view.ask(questions.entity_counts, top=OFFERED_PER_TYPE)
    totals = rows.drop_duplicates(["label", "entity"]).groupby("entity")["total"].sum().reset_index()
    return totals.sort_values(["total", "entity"], ascending=[False, True])["entity"].tolist()


def _pick(entities: set[str]) -> interact.Pick:
    def handler(customdata) -> None:
        interact.pick("entity" if customdata[0] in entities else "keyword")(customdata)

    return handler
