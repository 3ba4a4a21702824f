"""Clickable charts and the sentences panel, shared by the views.

A click on a chart point reads the point's ``customdata`` (never its index,
which collides across traces) and either narrows the view to an outlet or
focuses an entity, place or keyword; the sentences panel then shows where it occurs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import attention, charts, downloads, focus, report, safe, sidebar, themes
from dashboard.sidebar import View
from dashboard.store import questions

Pick = Callable[[Sequence[object]], None]
# The charts and tables this run has shown, for the report of the view.
_SHOWN = "_report_parts"
# Sentences listed under a focus; the heading says how many there are in all.
MAX_SENTENCES = 500
# Readable headers for every table the views show (a column absent from a table is ignored).
COLUMN_LABELS = {
    "title": st.column_config.TextColumn("Document", width="medium"),
    "outlet": st.column_config.TextColumn("Outlet", width="small"),
    "match": st.column_config.TextColumn("Match", width="small"),
    "sentence": st.column_config.TextColumn("Sentence", width="large"),
    "entity": st.column_config.TextColumn("Entity"),
    "label": st.column_config.TextColumn("Type", width="small"),
    "n_mentions": st.column_config.NumberColumn("Mentions", width="small"),
    "n_variants": st.column_config.NumberColumn("Spellings", width="small"),
    "variants": st.column_config.TextColumn("Written as", width="large"),
    "merge_rules": st.column_config.TextColumn("Merged by"),
    "voice": st.column_config.TextColumn("Voice"),
    "kind": st.column_config.TextColumn("Kind", width="small"),
    "cue": st.column_config.TextColumn("Cue", width="small"),
    "mode": st.column_config.TextColumn("Quoted or reported", width="small"),
    "quote": st.column_config.TextColumn("Statement", width="large"),
    "term": st.column_config.TextColumn("Term"),
    "n": st.column_config.NumberColumn("Count", width="small"),
    "n_rest": st.column_config.NumberColumn("Count elsewhere", width="small"),
    "z": st.column_config.NumberColumn("z-score", format="%.2f", width="small"),
    "source": st.column_config.TextColumn("Entity"),
    "target": st.column_config.TextColumn("Named with"),
    "weight": st.column_config.NumberColumn("Together", width="small"),
    "n_docs": st.column_config.NumberColumn("Documents", width="small"),
    "lines": st.column_config.NumberColumn("Lines", width="small"),
    "n_a": st.column_config.NumberColumn("Count in A", width="small"),
    "n_b": st.column_config.NumberColumn("Count in B", width="small"),
    "share_a": st.column_config.NumberColumn("Share in A", format="%.2f", width="small"),
    "share_b": st.column_config.NumberColumn("Share in B", format="%.2f", width="small"),
    "difference": st.column_config.NumberColumn("A minus B", format="%+.2f", width="small"),
}


def pick_outlet(customdata: Sequence[object]) -> None:
    sidebar.set_outlet(str(customdata[0]))


def pick(kind: str) -> Pick:
    def handler(customdata: Sequence[object]) -> None:
        sidebar.set_focus(kind, str(customdata[0]))

    return handler


def chart(figure: go.Figure, *, key: str, on_pick: Pick | None = None) -> None:
    """Show ``figure``; a click on a point calls ``on_pick`` with that point's customdata."""

    def selected() -> None:
        points = st.session_state[key].selection.points
        data = points[0].get("customdata") if points else None
        if on_pick and data is not None:
            on_pick(data if isinstance(data, (list, tuple)) else [data])

    remember(key, figure=figure)
    st.plotly_chart(
        themes.for_theme(figure, st.context.theme.type),
        key=key,
        on_select=selected if on_pick else "ignore",
        selection_mode="points",
        config=charts.plotly_config(filename=f"news-coverage-{key}"),
        width="stretch",
    )


def sentences(view: View, *, kinds: Sequence[str] = focus.KINDS) -> None:
    """The sentences behind the current focus, when it is of one of ``kinds``."""
    if view.focus is None or view.focus.kind not in kinds:
        st.caption("Click a bar or a point to see the sentences it comes from.")
        return
    found = view.ask(questions.contexts, limit=MAX_SENTENCES)
    total = f"{found.total:,}" if found.counted else f"{found.total:,}+"
    if view.focus.kind == "speaker":
        st.subheader(f"Statements credited to {safe.md(view.focus.value)} ({total})")
    else:
        st.subheader(f"Where {safe.md(view.focus_label())} occurs ({total})")
    if not found.counted or found.total > len(found.rows):
        st.caption(f"The first {len(found.rows):,}, in corpus order.")
    if view.focus.kind == "speaker":
        table(found.rows.rename(columns={"match": "quote"}), name="statements", columns=["title", "outlet", "quote"])
    else:
        table(found.rows, name="sentences", columns=["title", "outlet", "match", "sentence"])


def frames_notice(view: View) -> None:
    """For a view computed from ``view.tables``: say when a large corpus gave it only some of the documents."""
    frames = view.frames()
    if frames.capped:
        st.info(
            f"This view is computed from the first {len(frames.tables.documents):,} of the {frames.n_docs:,} "
            "matching documents. Narrow the filters to cover them all.",
            icon="ℹ️",
        )


def table(frame: pd.DataFrame, *, name: str, columns: Sequence[str] | None = None) -> None:
    """A table shown as text (never as HTML or Markdown), with its CSV download."""
    shown = frame[list(columns)] if columns else frame
    if frame.empty:
        st.info("Nothing to show for these filters.")
        return
    st.dataframe(shown, hide_index=True, width="stretch", column_config=COLUMN_LABELS)
    remember(name, table=shown)
    # Written to CSV only when clicked: at a million articles a table can hold 200k rows, 14 MB of CSV per rerun.
    downloads.csv_button(lambda: frame, name=name, label=f"Download {name}.csv", key=f"dl_{name}_{len(frame)}")


def start_report() -> None:
    """Forget the charts and tables of the previous run: the report shows this run's."""
    st.session_state[_SHOWN] = []


def remember(name: str, *, figure: go.Figure | None = None, table: pd.DataFrame | None = None) -> None:
    """Keep a chart or table shown in this run for the report, under a heading made from its key."""
    heading = name.replace("_", " ").strip().capitalize()
    st.session_state.setdefault(_SHOWN, []).append(report.Part(heading, figure=figure, table=table))


def view_report(view: View, *, title: str) -> Callable[[], bytes]:
    """Makes, when called, the HTML report of this run's charts and tables (``report.build``)."""
    parts = list(st.session_state.get(_SHOWN, []))
    described = report.describe(
        view.filters,
        focus=view.focus_label(),
        params=sidebar.view_params(),
        matching=view.ask(questions.documents, limit=0).total,
    )
    link = sidebar.share_link(view.selection, measure=view.measure)
    return lambda: report.build(parts, title=title, filters=described, share_link=link).encode("utf-8")


def report_button(view: View, *, title: str) -> None:
    """The sidebar's download of this view as a self-contained HTML report (made when clicked)."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "view"
    with st.sidebar:
        st.download_button(
            "Report of this view (HTML)",
            view_report(view, title=title),
            file_name=f"news-coverage-{slug}.html",
            mime="text/html",
            key="download_report",
            icon=":material/description:",
            width="stretch",
            help="Its charts, tables, filters and share link in one file that opens without a network.",
        )


def shared(view: View, rows: pd.DataFrame, *, outlet: str = "outlet", column: str = "n") -> pd.DataFrame:
    """``rows`` (a ``column`` per outlet) as counts, or as shares of each outlet's articles or words in the selection
    when the sidebar's "Count as" asks for them."""
    if view.measure == "count":
        return rows
    return attention.per_outlet(rows, view.ask(questions.outlets), measure=view.measure, outlet=outlet, column=column)
