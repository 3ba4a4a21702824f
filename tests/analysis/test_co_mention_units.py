"""The network view's "Named together in" option: a paragraph joins entities its sentences keep apart, and a pair
counts once per unit it shares, so the same mentions give different edges by sentence and by paragraph."""

from __future__ import annotations

import re

import pandas as pd

from analysis.network import co_mentions

# Paragraph 1: Pashinyan and Aliyev in different sentences, then together twice. Paragraph 2: Michel alone
# with Aliyev in one sentence.
TEXT = "Pashinyan arrived. Aliyev followed. Pashinyan met Aliyev. Aliyev thanked Pashinyan.\nMichel hosted Aliyev."
SENTENCES = [0, *(m.end() for m in re.finditer(r"(?<=\.) |\n", TEXT))]


def mentions() -> pd.DataFrame:
    rows = []
    for name in ("Pashinyan", "Aliyev", "Michel"):
        start = TEXT.find(name)
        while start >= 0:
            sent_start = max(s for s in SENTENCES if s <= start)
            rows.append({"doc_id": "d", "entity": name, "label": "PERSON", "start": start, "sent_start": sent_start})
            start = TEXT.find(name, start + 1)
    return pd.DataFrame(rows)


def weights(edges: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(a, b): int(w) for a, b, w in zip(edges["source"], edges["target"], edges["weight"])}


def test_by_sentence_each_shared_sentence_counts():
    assert weights(co_mentions(mentions(), unit="sentence")) == {("Aliyev", "Pashinyan"): 2, ("Aliyev", "Michel"): 1}


def test_by_paragraph_each_shared_paragraph_counts_once():
    by_paragraph = co_mentions(mentions(), unit="paragraph", texts={"d": TEXT})
    assert weights(by_paragraph) == {("Aliyev", "Pashinyan"): 1, ("Aliyev", "Michel"): 1}
    assert by_paragraph["n_docs"].tolist() == [1, 1]


def test_a_pair_split_across_sentences_of_one_paragraph_is_joined_only_by_paragraph():
    apart = mentions()
    apart = apart[~((apart["entity"] == "Aliyev") & (apart["sent_start"] == SENTENCES[3]))]
    apart = apart[apart["sent_start"] != SENTENCES[2]]
    assert ("Aliyev", "Pashinyan") not in weights(co_mentions(apart, unit="sentence"))
    assert weights(co_mentions(apart, unit="paragraph", texts={"d": TEXT}))[("Aliyev", "Pashinyan")] == 1
