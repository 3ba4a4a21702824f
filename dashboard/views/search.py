"""Search: a word or phrase across the whole selection, as keyword-in-context lines, each a click into the reader."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads, focus, interact, safe
from dashboard.sidebar import View
from dashboard.store import questions
from dashboard.store.search import clean_term

# The query parameter (and widget key) holding the term: a search link restores it.
PARAM = "q"
MAX_LINES = 500
READER_PATH = "documents"
# Set for the reader's next run: the document a clicked line belongs to, and the term to find in it.
READ = "_read"


def render(view: View) -> None:
    st.title("Search")
    term = st.text_input(
        "A word or phrase, in every selected document",
        key=PARAM,
        bind="query-params",
        max_chars=focus.MAX_VALUE_CHARS,
        placeholder="e.g. ceasefire, or peace talks",
        help="Whole words, ignoring case; a phrase matches as typed. The search follows the sidebar's filters.",
    )
    if not term:
        st.caption("Type a word or phrase and press Enter. A search link restores it with the filters.")
        return
    cleaned = clean_term(term)
    if cleaned is None:
        st.warning(
            f"Nothing to search for in '{safe.md(term[:40])}': a search needs a word (letters or digits), "
            f"at most {focus.MAX_VALUE_CHARS} characters.",
            icon="⚠️",
        )
        return
    hits = view.ask(questions.corpus_search, term=cleaned, limit=MAX_LINES)
    lines = hits.lines
    st.subheader(_headline(cleaned, hits.documents, exact=hits.exact, lines=lines.total, counted=lines.counted))
    if lines.rows.empty:
        st.info("No selected document contains it. Widen the filters, or try another spelling.")
        return
    if not lines.counted or lines.total > len(lines.rows):
        st.caption(f"The first {len(lines.rows):,} lines, in corpus order.")
    st.caption("Click a line to read its document.")
    event = st.dataframe(
        lines.rows[["title", "outlet", "left", "match", "right"]],
        hide_index=True,
        width="stretch",
        column_config={
            **interact.COLUMN_LABELS,
            "left": st.column_config.TextColumn("Before", width="medium"),
            "right": st.column_config.TextColumn("After", width="medium"),
        },
        on_select="rerun",
        selection_mode="single-row",
        key="search_lines",
    )
    interact.remember("search_lines", table=lines.rows[["title", "outlet", "left", "match", "right"]])
    chosen = event.selection.rows if event is not None else []
    if chosen:
        open_reader(str(lines.rows["doc_id"].iloc[chosen[0]]), cleaned)
    downloads.csv_button(lines.rows, name="search_lines", label="Download search_lines.csv", key="dl_search_lines")
    st.subheader("Documents")
    interact.table(_documents(lines.rows), name="search_documents", columns=["title", "outlet", "lines"])


def open_reader(doc_id: str, term: str) -> None:
    """Show ``doc_id`` in the reader, the filters kept, with ``term`` found in it."""
    st.session_state[READ] = (doc_id, term)
    kept = {key: st.query_params.get_all(key) for key in st.query_params if key != PARAM}
    st.switch_page(st.Page(lambda: None, title="Documents", url_path=READER_PATH), query_params=kept)


def _headline(term: str, documents: int, *, exact: bool, lines: int, counted: bool) -> str:
    shown = safe.md(term)
    if not documents:
        return f"‘{shown}’ occurs in no selected document"
    docs = f"{documents:,} document{'s' if documents != 1 else ''}"
    count = f"{lines:,}{'' if counted else '+'} line{'s' if lines != 1 else ''}"
    if exact:
        return f"‘{shown}’ occurs in {docs} ({count})"
    return f"‘{shown}’: up to {docs} have all its words ({count} found)"


def _documents(lines: pd.DataFrame) -> pd.DataFrame:
    """The documents of ``lines``, in corpus order, with how many of the lines each holds."""
    counted = lines.groupby("doc_id", sort=False).agg(title=("title", "first"), outlet=("outlet", "first"))
    counted["lines"] = lines.groupby("doc_id", sort=False).size()
    return counted.reset_index()
