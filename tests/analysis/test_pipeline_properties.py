"""The whole analysis over arbitrary documents: it never raises and every offset in its tables is valid."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis import Corpus, InputError, analyze
from analysis.loading import make_document
from tests.strategies import news_text


def documents(texts: list[str]) -> Corpus:
    made = []
    for i, text in enumerate(texts):
        try:
            made.append(make_document(text, doc_id=f"d{i}", source=f"d{i}.txt"))
        except InputError:
            continue
    return Corpus(documents=tuple(made))


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(news_text, min_size=1, max_size=4))
def test_any_documents_analyse_into_tables_whose_offsets_hold(nlp, gazetteer, texts):
    corpus = documents(texts)
    assume(corpus.documents)
    tables = analyze(corpus, nlp=nlp, gazetteer=gazetteer)
    text = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    assert set(text) == {d.doc_id for d in corpus.documents}
    for frame in (tables.mentions, tables.places):
        for row in frame.itertuples():
            assert text[row.doc_id][row.start : row.end] == row.surface
            assert row.sent_start <= row.start < row.end <= row.sent_end
    for row in tables.sentences.itertuples():
        assert 0 <= row.start <= row.end <= len(text[row.doc_id])
    assert (tables.keywords["keyword"].str.len() > 0).all()
