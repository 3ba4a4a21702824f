"""The reader: one document's text with its entities marked, metadata and removed boilerplate."""

from __future__ import annotations

import streamlit as st

from dashboard import interact, reader
from dashboard import focus as focus_module
from dashboard.sidebar import View


def render(view: View) -> None:
    st.title("Documents")
    documents = view.tables.documents
    if documents.empty:
        st.warning("No document matches these filters.")
        return
    titles = dict(zip(documents["doc_id"], documents["title"].fillna(documents["doc_id"])))
    doc_id = st.selectbox("Document", list(titles), format_func=lambda d: titles[d], key="reader_doc")
    row = documents.set_index("doc_id").loc[doc_id]
    st.subheader("Metadata")
    st.caption("“inferred” marks values read from the text itself; the method says how.")
    st.dataframe(reader.metadata(row, view.tables.provenance[view.tables.provenance["doc_id"] == doc_id]), hide_index=True, width="stretch")
    st.subheader("Text")
    st.caption("Entities are marked ⟦like this · type⟧. Text is shown as plain text, never rendered as HTML or Markdown.")
    mentions = view.tables.mentions[view.tables.mentions["doc_id"] == doc_id]
    st.text(reader.marked_text(row["text"], mentions))
    removed = view.tables.boilerplate[view.tables.boilerplate["doc_id"] == doc_id]
    with st.expander(f"Removed boilerplate ({len(removed)} lines)"):
        interact.table(removed[["line_no", "rule", "line"]], name=f"boilerplate_{doc_id}")
    st.subheader("Keyword in context")
    term = st.text_input("Any word, name or phrase", key="reader_search", max_chars=focus_module.MAX_VALUE_CHARS)
    if term:
        interact.table(focus_module.search(view.tables, term), name="keyword_in_context", columns=["title", "outlet", "match", "sentence"])
    else:
        interact.sentences(view)
