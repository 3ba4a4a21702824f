"""Distinctive terms: what each outlet names or stresses more than the others."""

from __future__ import annotations

import streamlit as st

from analysis.distinctive import log_odds
from dashboard import charts, interact
from dashboard.sidebar import View
from dashboard.store import Term, questions

FEATURES = ("Entities", "Keywords")


def render(view: View) -> None:
    st.title("Distinctive terms")
    feature = st.segmented_control("Compare", FEATURES, default=FEATURES[0], key="distinctive_feature") or FEATURES[0]
    top = st.slider("Terms per outlet", 5, 25, 10, key="distinctive_top")
    kind: Term = "entity" if feature == FEATURES[0] else "keyword"
    counts = view.ask(questions.term_counts, kind=kind)
    if counts["group"].nunique() < 2:
        st.info("Distinctive terms compare outlets: this selection has fewer than two. Widen the outlet filter.")
        return
    scores = log_odds(counts)
    figure = charts.distinctive(scores, top=top, colours=view.colours)
    interact.chart(figure, key="distinctive_chart", on_pick=interact.pick(kind))
    st.caption(
        "Each outlet against all the others: the log-odds ratio with an informative Dirichlet prior "
        "(Monroe, Colaresi and Quinn 2008), shown as a z-score; above about 2 is unlikely to be chance. "
        + (
            "Entities are counted by mentions."
            if kind == "entity"
            else "Keywords are counted by the documents they top."
        )
        + " Click a term to read where it occurs."
    )
    interact.sentences(view, kinds=(kind,))
    interact.table(
        scores[scores["z"] > 0].rename(columns={"group": "outlet"}),
        name=f"distinctive_{kind}s",
        columns=["outlet", "term", "n", "n_rest", "z"],
    )
