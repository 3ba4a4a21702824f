from __future__ import annotations

import pandas as pd

from analysis.sources import in_quotes, outlets_table, quote_spans

TEXT = (
    "Baku said talks go on. “Khankendi will be finished,” he said.\n\n"
    "“A long quote opens here.\n\n“It reopens at each paragraph and closes once in Stepanakert.”\n\n"
    'The outlet wrote Stepanakert. A "short Lachin quote" ends here.'
)


def spans_of(word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def test_quoted_names_are_told_from_the_outlets_own_words():
    spans = quote_spans(TEXT)
    assert in_quotes(spans, *spans_of("Khankendi"))
    assert in_quotes(spans, *spans_of("Stepanakert", 0)), "a multi-paragraph quote runs to its closing mark"
    assert not in_quotes(spans, *spans_of("Stepanakert", 1))
    assert not in_quotes(spans, *spans_of("Baku"))
    assert in_quotes(spans, *spans_of("Lachin"))


def test_outlets_are_counted_by_documents_and_words():
    documents = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "outlet": ["JAMnews", "JAMnews", None], "outlet_country": ["GE", "GE", None],
         "outlet_type": ["independent", "independent", None], "n_words": [100, 50, 10]}
    )
    table = outlets_table(documents).set_index("outlet")
    assert table.loc["JAMnews", "n_docs"] == 2 and table.loc["JAMnews", "n_words"] == 150
    assert table.loc["(unknown)", "n_docs"] == 1
