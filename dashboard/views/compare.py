"""Compare A and B: two selections side by side (two outlets, two date ranges…), by entities, keywords, places,
naming or voices, with the difference of each term's share between them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.outlets import canonical_outlet
from dashboard import attention, compare, compare_charts, interact, safe, sidebar
from dashboard.filters import Filters
from dashboard.sidebar import View
from dashboard.store import Selection, questions
from dashboard.store.base import Counts

_READ = "_compare_read"
_NOTICES = "_compare_notices"
K_BY = "cmp_by"
# Terms each side contributes (its most frequent), and the terms drawn ahead in A and ahead in B.
TOP_TERMS = 40
DRAWN = 15
_PICKS = {"entities": "entity", "keywords": "keyword", "voices": "speaker"}


def _key(side: str, what: str) -> str:
    return f"cmp_{side}_{what}"


def render(view: View) -> None:
    st.title("Compare A and B")
    catalog = view.catalog
    if not st.session_state.get(_READ):
        _read_url(view)
    for notice in st.session_state.get(_NOTICES, []):
        st.info(notice, icon="ℹ️")
    st.caption(
        "Choose the outlets and dates of A and B; the sidebar's entity types, minimum mentions and articles apply to "
        "both. Each term's count is a share of its side's articles"
        " (or words, as the sidebar's “Count as” says), so sides of different sizes compare."
    )
    uploaded = sidebar.uploaded_docs()
    columns = st.columns(2, gap="large")
    sides, articles = [], []
    for column, side in zip(columns, compare.SIDES):
        with column:
            sides.append(_side_widgets(side, catalog.outlets, catalog.date_bounds))
            articles.append(_articles_widget(side) if uploaded is not None else compare.ARTICLES[0])
    by = (
        st.segmented_control("Compare by", list(compare.BY), format_func=str.capitalize, key=K_BY, on_change=_write_url)
        or "entities"
    )
    pair = compare.Pair(sides[0], sides[1], by, (articles[0], articles[1]))
    _write_url()
    names = (
        f"A ({_describe(pair.a, pair.articles[0])})",
        f"B ({_describe(pair.b, pair.articles[1])})",
    )
    if pair.a == pair.b and pair.articles[0] == pair.articles[1]:
        st.info("A and B are the same selection: choose other outlets or dates for one of them to see a difference.")
    documents = [_documents(view, chosen, uploaded) for chosen in pair.articles]
    selections = [
        Selection(compare.side_filters(view.filters, side, docs=docs))
        for side, docs in zip((pair.a, pair.b), documents)
    ]
    counted = [view.store.ask(questions.counts, s) for s in selections]
    for name, counts in zip(names, counted):
        if counts.docs == 0:
            st.warning(f"{safe.md(name)} matches no document: widen its outlets or dates, or the sidebar's filters.")
    if not all(c.docs for c in counted):
        return
    st.caption(
        " · ".join(f"**{safe.md(n)}**: {c.docs:,} article(s), {c.words:,} words" for n, c in zip(names, counted))
    )
    measure: attention.Measure = "words" if view.measure == "words" else "articles"
    unit = "percent of the place's mentions" if by == "naming" else attention.UNITS[measure]
    rows = _difference(view, selections, counted, by=by, measure=measure)
    if rows.empty:
        st.info(f"Neither A nor B has any {by} in the selected articles.")
        return
    interact.chart(
        compare_charts.difference_bars(rows, names=names, unit=unit, top=DRAWN),
        key=f"compare_chart_{by}",
        on_pick=interact.pick(_PICKS[by]) if by in _PICKS else None,
    )
    st.caption(
        f"Bars: the share in A minus the share in B ({unit}); the {DRAWN} terms most ahead on each side. "
        + (
            "The table lists every spelling of a place written more than one way."
            if compare.BY[by] is None
            else f"The table lists each side's {TOP_TERMS} most frequent, counted on both sides."
        )
    )
    if by in _PICKS:
        # A click focuses the term in the sidebar's selection (as in the other views), not in A or B alone.
        interact.sentences(view, kinds=(_PICKS[by],))
    interact.table(rows, name=f"compare_{by}")


def _difference(
    view: View, selections: list[Selection], counted: list[Counts], *, by: str, measure: attention.Measure
) -> pd.DataFrame:
    kind = compare.BY[by]
    if kind is None:
        tables = [view.store.ask(questions.naming_table, s, limit=None) for s in selections]
        return compare.difference(*(compare.naming_shares(t) for t in tables))
    tops = [view.store.ask(questions.term_totals, s, kind=kind, top=TOP_TERMS) for s in selections]
    sides = []
    for mine, other, selection, counts in zip(tops, tops[::-1], selections, counted):
        # A term among the other side's most frequent is counted on this side too, however rare it is here.
        missing = sorted(set(other["term"]) - set(mine["term"]))
        if missing:
            found = view.store.ask(questions.term_totals, selection, kind=kind, top=None, terms=missing)
            mine = pd.concat([mine, found], ignore_index=True)
        sides.append(compare.shares(mine, docs=counts.docs, words=counts.words, measure=measure))
    return compare.difference(sides[0], sides[1])


def _articles_widget(side: str) -> str:
    return st.radio(
        f"Articles of {side.upper()}",
        compare.ARTICLES,
        format_func={"all": "All", "bundled": "Bundled", "uploads": "My uploads"}.__getitem__,
        key=_key(side, "articles"),
        horizontal=True,
        on_change=_write_url,
    )


def _documents(view: View, articles: str, uploaded: tuple[str, ...] | None) -> tuple[str, ...]:
    """The documents a side reads: all (none named), the uploads, or the rest."""
    if uploaded is None or articles == "all":
        return ()
    if articles == "uploads":
        return uploaded
    every = view.store.ask(questions.documents, Selection(), limit=view.catalog.n_docs).rows["doc_id"]
    mine = set(uploaded)
    return tuple(d for d in every if d not in mine)


def _side_widgets(side: str, outlets: tuple[str, ...], bounds: tuple[dt.date, dt.date] | None) -> Filters:
    st.subheader(side.upper())
    chosen = st.multiselect(
        f"Outlets of {side.upper()}",
        list(outlets),
        key=_key(side, "outlets"),
        placeholder="All outlets",
        on_change=_write_url,
    )
    date_from = date_to = None
    if bounds and bounds[0] < bounds[1]:
        chosen_dates: tuple[dt.date, dt.date] = st.slider(  # type: ignore[assignment]
            f"Published ({side.upper()})",
            min_value=bounds[0],
            max_value=bounds[1],
            key=_key(side, "dates"),
            format="MMM YYYY",
            on_change=_write_url,
        )
        low, high = chosen_dates
        date_from = low if low > bounds[0] else None
        date_to = high if high < bounds[1] else None
    st.session_state[_key(side, "bounds")] = bounds
    return Filters(outlets=tuple(chosen), date_from=date_from, date_to=date_to)


def _read_url(view: View) -> None:
    """Both sides from the link, once per session; without one, A and B are the two largest outlets."""
    catalog = view.catalog
    params = {key: st.query_params.get_all(key) for key in compare.PARAMS if key in st.query_params}
    pair, notices = compare.from_query(
        params, known_outlets=set(catalog.outlets), date_bounds=catalog.date_bounds, outlet_name=canonical_outlet
    )
    if pair is None:
        largest = view.store.ask(questions.outlets, Selection()).sort_values("n_docs", ascending=False)["outlet"]
        named = [o for o in largest if o in catalog.outlets][:2]
        pair = compare.Pair(Filters(outlets=tuple(named[:1])), Filters(outlets=tuple(named[1:2])))
    bounds = catalog.date_bounds
    for side, chosen in zip(compare.SIDES, (pair.a, pair.b)):
        st.session_state[_key(side, "outlets")] = list(chosen.outlets)
        if bounds and bounds[0] < bounds[1]:
            st.session_state[_key(side, "dates")] = (chosen.date_from or bounds[0], chosen.date_to or bounds[1])
    for side, articles in zip(compare.SIDES, pair.articles):
        st.session_state[_key(side, "articles")] = articles
        if articles != compare.ARTICLES[0] and sidebar.uploaded_docs() is None:
            notices.append(
                f"Compare {side.upper()} asks for {articles} articles, but no uploads are shown beside the bundled "
                "ones in this session: it reads all articles."
            )
    st.session_state[K_BY] = pair.by
    st.session_state[_NOTICES] = notices
    st.session_state[_READ] = True


def _write_url() -> None:
    """The sides into the URL: called as the widgets change (before the sidebar draws the share link) and on each
    run."""
    sides = []
    for side in compare.SIDES:
        bounds = st.session_state.get(_key(side, "bounds"))
        low, high = st.session_state.get(_key(side, "dates"), bounds or (None, None))
        sides.append(
            Filters(
                outlets=tuple(st.session_state.get(_key(side, "outlets"), [])),
                date_from=low if bounds and low and low > bounds[0] else None,
                date_to=high if bounds and high and high < bounds[1] else None,
            )
        )
    articles = [
        st.session_state.get(_key(side, "articles"), compare.ARTICLES[0])
        if sidebar.uploaded_docs() is not None
        else "all"
        for side in compare.SIDES
    ]
    pair = compare.Pair(sides[0], sides[1], st.session_state.get(K_BY) or "entities", (articles[0], articles[1]))
    for key in compare.PARAMS:
        if key in st.query_params:
            del st.query_params[key]
    st.query_params.update(compare.to_query(pair))


def _describe(side: Filters, articles: str) -> str:
    shown = ", ".join(side.outlets[:3]) + (", …" if len(side.outlets) > 3 else "") if side.outlets else "all outlets"
    if side.date_from or side.date_to:
        shown += f", {side.date_from or '…'} to {side.date_to or '…'}"
    return shown + ("" if articles == "all" else f", {articles}")
