"""Sources: the outlets that published and the voices they carry, side by side."""

from __future__ import annotations

import streamlit as st

from dashboard import attention, charts, interact
from dashboard.sidebar import View
from dashboard.store import questions

QUOTE_COLUMNS = ["voice", "kind", "cue", "mode", "title", "outlet", "quote"]
# Statements listed at most, in corpus order (all of them are counted).
MAX_STATEMENTS = 5_000


def render(view: View) -> None:
    st.title("Sources")
    outlets = view.ask(questions.outlets)
    outlets_column, voices_column = st.columns(2, gap="large")
    with outlets_column:
        st.subheader("Outlets")
        interact.chart(
            charts.outlet_mix(outlets, colours=view.colours), key="sources_chart", on_pick=interact.pick_outlet
        )
        st.caption("Click an outlet to narrow every view to it. Country and type come from the editable outlets table.")
    with voices_column:
        st.subheader("Voices")
        top = st.slider("Voices shown", 5, 40, 15, key="voices_top")
        interact.chart(
            charts.voice_mix(
                interact.shared(view, view.ask(questions.voices, top=top)),
                colours=view.colours,
                unit=attention.UNITS[view.measure],
            ),
            key="voices_chart",
            on_pick=interact.pick("speaker"),
        )
        st.caption(
            "Who is quoted or cited (directly or in reported speech), stacked by the outlet carrying them. "
            "Pronouns and roles (“he”, “the ministry”) count for the person or body the article named before. "
            "Click a voice to read their statements."
        )
    st.subheader("Kinds of voices by outlet")
    figure = charts.voice_kinds(
        interact.shared(view, view.ask(questions.voice_kinds)), unit=attention.UNITS[view.measure]
    )
    interact.chart(figure, key="voice_kinds_chart", on_pick=interact.pick_outlet)
    st.caption(
        "Kinds come from how the article introduces the speaker "
        "(“political commentator”, “ministry”, “a diplomatic source”)."
    )
    interact.sentences(view, kinds=("speaker",))
    statements = view.ask(questions.statements, limit=MAX_STATEMENTS)
    st.subheader(f"All statements ({statements.total:,})")
    if statements.total > len(statements.rows):
        st.caption(f"The first {len(statements.rows):,}, in corpus order.")
    interact.table(statements.rows, name="quotes", columns=QUOTE_COLUMNS)
    interact.table(outlets.rename(columns={"n_docs": "documents", "n_words": "words"}), name="outlets")
