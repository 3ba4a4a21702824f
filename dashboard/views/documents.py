"""The reader: one document's text with its entities marked, metadata and removed boilerplate."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import focus as focus_module
from dashboard import interact, reader
from dashboard.sidebar import View
from dashboard.store import Selection, questions
from dashboard.views.search import READ

MAX_LISTED = 1_000
MAX_MATCHES = 500


def _open_asked(view: View, titles: dict[str, str], *, complete: bool) -> None:
    """Open the document a search line was clicked for (``views.search.READ``), with the term found in it; the document
    chosen is offered even when it is not among the first ``MAX_LISTED`` listed, if the selection holds it."""
    asked = st.session_state.pop(READ, None)
    if asked is not None:
        st.session_state["reader_doc"], st.session_state["reader_search"] = asked
    doc_id = st.session_state.get("reader_doc")
    if doc_id is None or doc_id in titles:
        return
    doc_id = str(doc_id)
    outside = complete or (view.filters.docs and doc_id not in view.filters.docs)
    only = Selection(replace(view.filters, docs=(doc_id,)), view.focus)
    if outside or not view.store.ask(questions.documents, only, limit=0).total:
        # Not in the selection (a complete list would hold it).
        del st.session_state["reader_doc"]
        return
    row = view.store.document(doc_id).documents
    titles[doc_id] = str(row["title"].fillna(doc_id).iloc[0])


def render(view: View) -> None:
    st.title("Documents")
    page = view.ask(questions.documents, limit=MAX_LISTED)
    if page.total == 0:
        st.warning("No document matches these filters.")
        return
    titles = dict(zip(page.rows["doc_id"], page.rows["title"].fillna(page.rows["doc_id"])))
    _open_asked(view, titles, complete=page.total <= len(titles))
    doc_id = st.selectbox("Document", list(titles), format_func=lambda d: titles[d], key="reader_doc")
    if page.total > len(titles):
        st.caption(
            f"The list holds the first {len(titles):,} of {page.total:,} matching documents; "
            "narrow the filters to reach others."
        )
    document = view.store.document(doc_id)
    row = document.documents.iloc[0]
    st.subheader("Metadata")
    st.caption("“inferred” marks values read from the text itself; the method says how.")
    st.dataframe(reader.metadata(row, document.provenance), hide_index=True, width="stretch")
    st.subheader("Text")
    st.caption(
        "Entities are marked ⟦like this · type⟧. Text is shown as plain text, never rendered as HTML or Markdown."
    )
    mentions = document.mentions
    if view.filters.labels:
        mentions = mentions[mentions["label"].isin(view.filters.labels)]
    st.text(reader.marked_text(row["text"], mentions))
    removed = document.boilerplate
    with st.expander(f"Removed boilerplate ({len(removed)} lines)"):
        interact.table(removed[["line_no", "rule", "line"]], name=f"boilerplate_{doc_id}")
    st.subheader("Keyword in context")
    # Searching means reading article text: every listed document's for a corpus in memory, this one's for a large one.
    scope = [doc_id] if view.store.large else list(titles)
    term = st.text_input(
        "Any word, name or phrase" + (" (in this document)" if view.store.large else ""),
        key="reader_search",
        max_chars=focus_module.MAX_VALUE_CHARS,
    )
    if term:
        found = view.ask(questions.search, term=term, doc_ids=scope, limit=MAX_MATCHES)
        interact.table(found.rows, name="keyword_in_context", columns=["title", "outlet", "match", "sentence"])
    else:
        interact.sentences(view)
