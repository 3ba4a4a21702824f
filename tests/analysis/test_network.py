from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.network import co_mentions, network

TEXT = "Pashinyan met Aliyev in Brussels. Aliyev spoke.\nMichel hosted Aliyev."


def mentions() -> pd.DataFrame:
    rows = []
    for surface, label in (("Pashinyan", "PERSON"), ("Aliyev", "PERSON"), ("Brussels", "GPE"), ("Michel", "PERSON")):
        start = -1
        while (start := TEXT.find(surface, start + 1)) >= 0:
            sent_start = max(
                TEXT.rfind(". ", 0, start) + 2 if ". " in TEXT[:start] else 0, TEXT.rfind("\n", 0, start) + 1
            )
            rows.append({"doc_id": "d", "entity": surface, "label": label, "start": start, "sent_start": sent_start})
    return pd.DataFrame(rows)


def test_pairs_are_counted_once_per_sentence_they_share():
    edges = co_mentions(mentions(), unit="sentence").set_index(["source", "target"])
    assert edges.at[("Aliyev", "Pashinyan"), "weight"] == 1
    assert edges.at[("Aliyev", "Brussels"), "weight"] == 1
    assert edges.at[("Aliyev", "Michel"), "weight"] == 1
    assert ("Michel", "Pashinyan") not in edges.index


def test_paragraphs_join_what_sentences_keep_apart():
    by_sentence = co_mentions(mentions(), unit="sentence")
    by_paragraph = co_mentions(mentions(), unit="paragraph", texts={"d": TEXT})
    assert len(by_paragraph) == len(by_sentence)
    with pytest.raises(InputError, match="texts"):
        co_mentions(mentions(), unit="paragraph")
    with pytest.raises(InputError, match="unit"):
        co_mentions(mentions(), unit="page")


def test_the_network_keeps_the_most_mentioned_and_their_strong_links():
    edges = co_mentions(mentions(), unit="sentence")
    nodes, shown = network(edges, mentions(), max_nodes=2, min_weight=1)
    assert set(nodes["entity"]) <= {"Aliyev", "Pashinyan", "Brussels", "Michel"} and len(nodes) == 2
    assert "Aliyev" in set(nodes["entity"])
    assert set(shown["source"]) | set(shown["target"]) <= set(nodes["entity"])
    assert nodes[["x", "y"]].notna().all().all()
    nodes_again, _ = network(edges, mentions(), max_nodes=2, min_weight=1)
    assert nodes_again.equals(nodes), "the layout is seeded: the same view draws the same picture"
