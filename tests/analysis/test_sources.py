from __future__ import annotations

import pandas as pd

from analysis.quotes import Quote
from analysis.sources import outlets_table, without_self_credits


def test_outlets_are_counted_by_documents_and_words():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["JAMnews", "JAMnews", None],
            "outlet_country": ["GE", "GE", None],
            "outlet_type": ["independent", "independent", None],
            "n_words": [100, 50, 10],
        }
    )
    table = outlets_table(documents).set_index("outlet")
    assert table.loc["JAMnews", "n_docs"] == 2 and table.loc["JAMnews", "n_words"] == 150
    assert table.loc["(unknown)", "n_docs"] == 1


def test_an_outlet_crediting_itself_is_not_a_voice():
    def quote(doc_id, speaker, entity=None):
        return Quote(doc_id, 0, 10, "Talks go on", speaker, entity, "reports", "media", "reported", 0, 10)

    quotes = [
        quote("a", "Azernews"),
        quote("a", "APA", "APA"),
        quote("b", "Azernews", "AzerNews"),
        quote("c", "AZERNEWS"),
    ]
    kept = without_self_credits(quotes, {"a": "AzerNews", "b": "Trend", "c": None})
    assert [(q.doc_id, q.speaker) for q in kept] == [("a", "APA"), ("b", "Azernews"), ("c", "AZERNEWS")]
