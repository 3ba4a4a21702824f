"""Co-mentions: which entities are named together."""

from __future__ import annotations

import streamlit as st

from analysis.network import co_mentions, network
from dashboard import charts, interact
from dashboard.sidebar import View

UNITS = {"Same sentence": "sentence", "Same paragraph": "paragraph"}
MAX_NODES = 150


def render(view: View) -> None:
    st.title("Co-mentions")
    interact.frames_notice(view)
    tables = view.tables
    left, middle, right = st.columns(3)
    unit = UNITS[left.radio("Named together in", list(UNITS), key="network_unit", horizontal=True)]
    max_nodes = middle.slider("Most mentioned entities shown", 5, MAX_NODES, 40, key="network_nodes")
    min_weight = right.slider("Minimum times together", 1, 20, 2, key="network_min")
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    edges = co_mentions(tables.mentions, unit=unit, texts=texts)
    nodes, shown = network(edges, tables.mentions, max_nodes=max_nodes, min_weight=min_weight)
    interact.chart(charts.network(nodes, shown), key="network_chart", on_pick=interact.pick("entity"))
    st.caption(
        "Points are entities, sized by mentions; lines join entities named in the same "
        f"{unit}, thicker the more often. Click an entity to read where it occurs."
    )
    interact.sentences(view, kinds=("entity",))
    interact.table(shown, name="co_mentions", columns=["source", "target", "weight", "n_docs"])
