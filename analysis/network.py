"""Co-mentions: which entities are named together, in one sentence or one paragraph.

The only module that imports networkx. Edges are counted once per shared unit
(a sentence or a paragraph), whatever the number of mentions in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import networkx as nx
import pandas as pd

from analysis.errors import InputError

UNITS = ("sentence", "paragraph")
EDGE_COLUMNS = ["source", "target", "weight", "n_docs"]
NODE_COLUMNS = ["entity", "label", "mentions", "x", "y"]


def co_mentions(
    mentions: pd.DataFrame, *, unit: str = "sentence", texts: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per pair of entities named in the same unit: how many units and documents they share.
    ``texts`` (doc_id to text) is needed to find paragraphs."""
    if unit not in UNITS:
        raise InputError(f"`unit` = {unit!r} is invalid; must be one of {UNITS}")
    if mentions.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    frame = mentions[["doc_id", "entity", "start", "sent_start"]].dropna(subset=["entity"])
    if unit == "sentence":
        frame = frame.assign(unit=frame["sent_start"])
    else:
        if texts is None:
            raise InputError("`texts` is required to count co-mentions by paragraph")
        frame = frame.assign(unit=[_paragraph(texts[d], s) for d, s in zip(frame["doc_id"], frame["start"])])
    pairs: dict[tuple[str, str], list[str]] = {}
    for (doc_id, _), entities in frame.groupby(["doc_id", "unit"], sort=False)["entity"]:
        for a, b in combinations(sorted(set(entities)), 2):
            pairs.setdefault((a, b), []).append(str(doc_id))
    rows = [(a, b, len(docs), len(set(docs))) for (a, b), docs in pairs.items()]
    edges = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return edges.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def network(
    edges: pd.DataFrame, mentions: pd.DataFrame, *, max_nodes: int = 40, min_weight: int = 1, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes (most mentioned entities, at most ``max_nodes``, placed by a seeded spring layout)
    and the edges between them of at least ``min_weight``, ready to draw."""
    if max_nodes < 1 or min_weight < 1:
        raise InputError(f"`max_nodes` = {max_nodes!r} and `min_weight` = {min_weight!r} must be at least 1")
    strong = edges[edges["weight"] >= min_weight]
    counts = mentions.groupby("entity").agg(label=("label", "first"), mentions=("entity", "size"))
    linked = pd.unique(pd.concat([strong["source"], strong["target"]]))
    kept = counts.loc[counts.index.isin(linked)].sort_values("mentions", ascending=False).head(max_nodes)
    strong = strong[strong["source"].isin(kept.index) & strong["target"].isin(kept.index)]
    graph = nx.Graph()
    graph.add_nodes_from(kept.index)
    graph.add_weighted_edges_from(strong[["source", "target", "weight"]].itertuples(index=False))
    positions = nx.spring_layout(graph, seed=seed, weight="weight") if len(graph) else {}
    nodes = pd.DataFrame(
        [(e, kept.at[e, "label"], int(kept.at[e, "mentions"]), *positions[e]) for e in kept.index], columns=NODE_COLUMNS
    )
    return nodes, strong.reset_index(drop=True)


def _paragraph(text: str, start: int) -> int:
    """Paragraphs are lines: a mention's paragraph is the number of line breaks before it."""
    return text.count("\n", 0, start)
