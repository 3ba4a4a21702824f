"""The build's document spool: documents come back whole and in order, each distinct text once."""

from __future__ import annotations

import datetime as dt

from analysis.per_document import text_key
from analysis.spool import Spool
from analysis.types import Document, FieldSource, RemovedLine


def document(doc_id: str, text: str) -> Document:
    return Document(
        doc_id=doc_id, text=text, source=f"{doc_id}.txt", outlet="JAMnews", published=dt.date(2023, 9, 12),
        date_precision="day", removed=(RemovedLine(3, "Follow us", "follow us"),),
        provenance=(FieldSource("outlet", "byline bullet", "• JAMnews"),),
    )  # fmt: skip


def test_documents_come_back_whole_in_order_a_chunk_at_a_time(tmp_path):
    documents = [document(f"d{i}", f"Text number {i % 4} from Baku.") for i in range(10)]
    with Spool(tmp_path / "spool.sqlite") as spool:
        spool.add(documents[:6])
        spool.add(documents[6:])
        assert len(spool) == 10
        chunks = list(spool.chunks(4))
    assert [len(c) for c in chunks] == [4, 4, 2]
    assert [d for c in chunks for d in c] == documents


def test_each_distinct_text_is_listed_once_with_its_first_document_and_planned_texts_come_back(tmp_path):
    documents = [document(f"d{i}", f"Text number {i % 4} from Baku.") for i in range(10)]
    with Spool(tmp_path / "spool.sqlite") as spool:
        spool.add(documents)
        texts = [row for batch in spool.texts(3) for row in batch]
        assert texts == [(i + 1, text_key(documents[i].text), 3 if i < 2 else 2) for i in range(4)]
        spool.plan([(2, ("entities",), 3), (4, ("entities", "keywords"), 2)])
        planned = [row for batch in spool.planned(1) for row in batch]
    assert planned == [(documents[1], ("entities",), 3), (documents[3], ("entities", "keywords"), 2)]
