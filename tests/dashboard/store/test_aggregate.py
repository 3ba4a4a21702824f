"""The reference aggregations of the store: what the questions' pandas answers sum and count."""

from __future__ import annotations

import pandas as pd

from dashboard.store.aggregate import keyword_panels


def test_aggregation_sums_weights_per_outlet_case_insensitively():
    keywords = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "keyword": ["Lachin corridor", "peace talks", "lachin corridor", "peace talks"],
            "weight": [1.0, 0.5, 0.9, 1.0],
        }
    )
    documents = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "title": ["A", "B", "C"], "outlet": ["JAMnews", "JAMnews", None]}
    )
    corpus = keyword_panels(keywords, documents).rows
    assert corpus.iloc[0]["keyword"].lower() == "lachin corridor"
    assert corpus.iloc[0]["weight"] == 1.9 and corpus.iloc[0]["n_docs"] == 2
    by_outlet = keyword_panels(keywords, documents, by="outlet", top=1).rows
    assert by_outlet.set_index("outlet")["keyword"].str.lower().to_dict() == {
        "(unknown)": "peace talks",
        "JAMnews": "lachin corridor",
    }
