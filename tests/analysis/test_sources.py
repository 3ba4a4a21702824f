from __future__ import annotations

import pandas as pd

from analysis.sources import outlets_table


def test_outlets_are_counted_by_documents_and_words():
    documents = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "outlet": ["JAMnews", "JAMnews", None], "outlet_country": ["GE", "GE", None],
         "outlet_type": ["independent", "independent", None], "n_words": [100, 50, 10]}
    )
    table = outlets_table(documents).set_index("outlet")
    assert table.loc["JAMnews", "n_docs"] == 2 and table.loc["JAMnews", "n_words"] == 150
    assert table.loc["(unknown)", "n_docs"] == 1
