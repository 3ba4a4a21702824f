"""The shared sidebar: which corpus, the global filters, the share link and downloads.

The URL is the state of the view: query parameters are read once per session
into widget state; afterwards every run writes the current filters back, so the
address bar (and the share link) always reproduces what is on screen. Every value
from the URL is checked against the corpus (through ``Store.known``, which binds it
as a query parameter) before it becomes a filter.

Just over 500 lines: every filter widget reads and writes the same URL state, so they stay together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from analysis import schema
from analysis.outlets import canonical_outlet
from analysis.tables import Tables
from dashboard import attention, charts, compare, data, downloads, filters, focus, safe
from dashboard.filters import Filters
from dashboard.store import FRAME_DOCS, Catalog, Frames, Kind, Selection, Store, questions
from dashboard.store.base import Question, T
from dashboard.store.memory import MemoryStore

UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "jsonl", "json"]
SOURCES = ("Bundled articles", "My uploads", "Both")
_URL_READ = "_url_read"
_NOTICES = "_url_notices"
_UPLOADS = "_uploads"
_UPLOAD_RESULTS = "_upload_results"
_UPLOAD_REPORT = "_upload_report"
MAX_UPLOAD_SETS = 3
# Documents offered in the sidebar's list for a large corpus (those of the current outlets and dates, first
# in corpus order); a share link may still name any document.
MAX_DOC_OPTIONS = 1_000
_FOCUS = "_focus"
_FOCUS_KINDS: dict[str, Kind] = {"entity": "entity", "place": "place", "keyword": "keyword", "speaker": "speaker"}
K_DOCS, K_OUTLETS, K_DATES, K_LABELS, K_MIN = "f_docs", "f_outlets", "f_dates", "f_labels", "f_min"
K_SOURCE = "f_source"
K_UNDATED = "f_undated"
K_LANGUAGES = "f_languages"
# The names of the languages an analyst most often meets here; another shows as its ISO 639-1 code.
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "hy": "Armenian", "az": "Azerbaijani", "ka": "Georgian"}
K_SHARE = "f_share"
# Query parameters of widgets a view binds to the URL (``bind="query-params"``, keyed by the parameter): the
# sidebar keeps them when it writes the filters, and the share link carries them. The widget checks the value.
VIEW_PARAMS = ("period", "q", *compare.PARAMS)
# The date bounds the slider was last drawn with: an end left at the corpus's edge follows the edge when it moves.
_DATE_BOUNDS = "_date_bounds"
# Set by "Analyse uploads" for the next run: the tables just added, and the outlets on offer before them.
_ADDED = "_added"


@dataclass(frozen=True, slots=True)
class View:
    """What every page renders from: the store that answers questions, the selection, outlet colours.

    ``tables`` and ``all`` are pandas tables for views that need whole frames: exact for a small
    corpus; for a large one (``store.large``) at most ``FRAME_DOCS`` documents (see ``frames``),
    which such a view must say on screen (``interact.frames_notice``).
    """

    store: Store
    selection: Selection
    catalog: Catalog
    # Counts as they are, or as a share of each outlet's articles or words (``dashboard.attention``).
    measure: attention.Measure = "count"
    _memo: dict[str, Frames] = field(default_factory=dict, repr=False, compare=False)

    def ask(self, question: Question[T], **options: Any) -> T:
        """The store's answer to ``question`` about this view's selection."""
        return self.store.ask(question, self.selection, **options)

    @property
    def filters(self) -> Filters:
        return self.selection.filters

    @property
    def focus(self) -> focus.Focus | None:
        return self.selection.focus

    @property
    def colours(self) -> dict[str, str]:
        return self.catalog.colours

    def frames(self) -> Frames:
        """The selection's tables (made on first use, then kept for this run)."""
        if "selected" not in self._memo:
            self._memo["selected"] = self.store.frames(self.selection, max_docs=FRAME_DOCS)
        return self._memo["selected"]

    @property
    def tables(self) -> Tables:
        return self.frames().tables

    @property
    def all(self) -> Tables:
        """All loaded tables, unfiltered (for a large corpus, its first ``FRAME_DOCS`` documents)."""
        if "all" not in self._memo:
            self._memo["all"] = self.store.frames(Selection(), max_docs=FRAME_DOCS)
        return self._memo["all"].tables

    def focus_label(self) -> str:
        if self.focus is None:
            return ""
        name = self.store.place_name(self.focus.value) if self.focus.kind == "place" else None
        return self.focus.label(place_name=name)


def prepare() -> View | None:
    """Load the corpus, draw the sidebar and return the view every page renders; None if nothing is loaded."""
    stored = _stored()
    with st.sidebar:
        _upload_panel(stored_large=stored.large)
        uploads = st.session_state.get(_UPLOADS)
        if uploads is not None:
            sources = SOURCES if not stored.large else SOURCES[:2]
            st.radio("Articles", sources, key=K_SOURCE, index=len(sources) - 1, horizontal=True)
            if stored.large:
                st.caption("The stored articles are too many to combine with uploads in memory: view one or the other.")
    source = st.session_state.get(K_SOURCE, SOURCES[0]) if uploads is not None else SOURCES[0]
    store = _combined(stored, uploads, source)
    catalog = store.catalog()
    if catalog.n_docs == 0:
        st.info("No articles are loaded yet. Upload some in the sidebar to analyse them.")
        return None
    if not st.session_state.get(_URL_READ):
        _read_url(store, catalog)
    added = st.session_state.pop(_ADDED, None)
    if added is not None:
        _show_added(added, catalog)
    current, picked = _filter_widgets(store, catalog)
    selection = Selection(current, picked)
    measure = st.session_state.get(K_SHARE, "count")
    _write_url({**filters.to_query(current), **focus.to_param(picked), **attention.to_query(measure)})
    view = View(store=store, selection=selection, catalog=catalog, measure=measure)
    _status(view)
    return view


def uploaded_docs() -> tuple[str, ...] | None:
    """The uploaded documents' ids while the uploads are shown beside the stored articles; None otherwise."""
    uploads = st.session_state.get(_UPLOADS)
    if uploads is None or st.session_state.get(K_SOURCE) != SOURCES[2]:
        return None
    return tuple(uploads.documents["doc_id"])


def set_outlet(outlet: str) -> None:
    """Narrow every view to one outlet (a chart click); callbacks may change widget state."""
    st.session_state[K_OUTLETS] = [outlet]


def set_focus(kind: str, value: str) -> None:
    st.session_state[_FOCUS] = focus.Focus(kind, value)


def clear_focus() -> None:
    st.session_state.pop(_FOCUS, None)


def _stored() -> Store:
    """The stored corpus: a prebuilt build named by the operator, else the bundled seeds (analysed on first start)."""
    build = data.stored_build()
    if build is not None:
        return data.stored(build)
    key = data.seeds_key()
    if not data.seeds_built(key):
        with st.status("Analysing the bundled articles (first start only)…", expanded=True) as status:
            bar = st.progress(0.0, text="Loading the language model and gazetteer…")
            data.build_seeds(
                key, progress=lambda done, total: bar.progress(done / total, text=f"Article {done} of {total}")
            )
            status.update(label="Bundled articles analysed", state="complete", expanded=False)
    return MemoryStore(data.seed_tables(key))


def _combined(stored: Store, uploads: Tables | None, source: str) -> Store:
    if uploads is None or source == SOURCES[0]:
        return stored
    if source == SOURCES[1] or stored.large:
        return MemoryStore(uploads)
    return MemoryStore(Tables.concat([stored.frames(Selection()).tables, uploads]))


def _upload_panel(*, stored_large: bool) -> None:
    with st.expander("Add your own articles", expanded=False):
        files = st.file_uploader(
            "Text, Markdown, HTML, CSV or JSONL files",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            help="One article per .txt/.md/.html file; CSV and JSONL need a `text` column. "
            "Uploads stay in this session.",
        )
        look_up_online = data.online_settings().geocoder_user_agent is not None and st.toggle(
            "Look up places the offline gazetteer lacks online (Nominatim)",
            key="upload_online",
            help="Sends unknown place names to OpenStreetMap's Nominatim, at most one a second; answers are cached.",
        )
        if files and st.button("Analyse uploads", type="primary"):
            payload = [(f.name, f.getvalue()) for f in files]
            key = data.upload_key(payload) + ("+online" if look_up_online else "")
            done = st.session_state.setdefault(_UPLOAD_RESULTS, {})
            if key not in done:
                corpus = data.load_uploads(payload)
                bar = st.progress(0.0, text="Analysing…")
                tables = (
                    data.analyse_uploads(
                        corpus,
                        look_up_online=look_up_online,
                        progress=lambda n, total: bar.progress(n / total, text=f"Article {n} of {total}"),
                    )
                    if corpus.documents
                    else None
                )
                bar.empty()
                done[key] = (tables, len(corpus.documents), [(e.source, e.reason) for e in corpus.errors])
                # Keep only the latest few sets per session: each holds a whole corpus's tables.
                for old in list(done)[:-MAX_UPLOAD_SETS]:
                    del done[old]
            st.session_state[_UPLOADS], st.session_state[_UPLOAD_REPORT] = done[key][0], done[key][1:]
            if done[key][0] is not None:
                # What was just analysed is shown at once: with the stored articles unless they are too many.
                st.session_state[K_SOURCE] = SOURCES[1] if stored_large else SOURCES[2]
                st.session_state[_ADDED] = done[key][0]
        if _UPLOAD_REPORT in st.session_state:
            count, errors = st.session_state[_UPLOAD_REPORT]
            st.caption(f"{count} article(s) analysed from your uploads.")
            for source, reason in errors:
                st.warning(f"Skipped {safe.md(source)}: {safe.md(reason)}", icon="⚠️")


def _read_url(store: Store, catalog: Catalog) -> None:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    # Only a bounded number of bounded values is ever looked up; from_query then drops the rest with a notice.
    asked_docs = [v for v in params.get(filters.DOC, []) if 0 < len(v) <= filters.MAX_CHARS][: filters.MAX_VALUES]
    parsed, notices = filters.from_query(
        params,
        known_docs=store.known("doc", asked_docs),
        known_outlets=set(catalog.outlets),
        known_labels=catalog.labels,
        date_bounds=catalog.date_bounds,
        outlet_name=canonical_outlet,
        known_languages=catalog.languages,
    )
    picked, focus_notices = focus.from_param(
        params.get(focus.PARAM, []), is_known=lambda kind, value: bool(store.known(_FOCUS_KINDS[kind], [value]))
    )
    st.session_state[K_DOCS] = list(parsed.docs)
    st.session_state[K_OUTLETS] = list(parsed.outlets)
    st.session_state[K_LABELS] = list(parsed.labels)
    st.session_state[K_LANGUAGES] = list(parsed.languages)
    st.session_state[K_MIN] = parsed.min_mentions
    if (parsed.date_from or parsed.date_to) and catalog.date_bounds:
        bounds = catalog.date_bounds
        st.session_state[K_DATES] = (parsed.date_from or bounds[0], parsed.date_to or bounds[1])
    st.session_state[K_UNDATED] = parsed.undated
    measure, share_notices = attention.from_query(params)
    st.session_state[K_SHARE] = measure
    if picked:
        st.session_state[_FOCUS] = picked
    st.session_state[_NOTICES] = notices + focus_notices + share_notices
    st.session_state[_URL_READ] = True


def _filter_widgets(store: Store, catalog: Catalog) -> tuple[Filters, focus.Focus | None]:
    outlets = list(catalog.outlets)
    labels = list(catalog.labels)
    bounds = catalog.date_bounds
    with st.sidebar:
        st.subheader("Filters")
        _keep_known(K_OUTLETS, outlets)
        _keep_known(K_LABELS, labels)
        st.multiselect("Outlets", outlets, key=K_OUTLETS, placeholder="All outlets")
        _keep_known(K_LANGUAGES, list(catalog.languages))
        if len(catalog.languages) > 1 or st.session_state.get(K_LANGUAGES):
            st.multiselect(
                "Languages",
                list(catalog.languages),
                key=K_LANGUAGES,
                format_func=lambda code: LANGUAGE_NAMES.get(code, code),
                placeholder="All languages",
            )
        titles = _document_options(store, catalog)
        _keep_known(K_DOCS, titles)
        st.multiselect(
            "Documents",
            list(titles),
            key=K_DOCS,
            format_func=lambda d: _short(str(titles.get(d, d))),
            placeholder="All documents",
        )
        if store.large:
            st.caption(
                f"The list offers the first {MAX_DOC_OPTIONS:,} documents of the chosen outlets; a link may name any."
            )
        date_from = date_to = None
        if bounds and bounds[0] < bounds[1]:
            _fit_dates(bounds)
            chosen = st.slider(
                "Published",
                min_value=bounds[0],
                max_value=bounds[1],
                value=st.session_state.get(K_DATES, bounds),
                key=K_DATES,
                format="MMM YYYY",
            )
            date_from = chosen[0] if chosen[0] > bounds[0] else None
            date_to = chosen[1] if chosen[1] < bounds[1] else None
        include_undated = _undated_toggle(store, date_from, date_to, st.session_state.get(_FOCUS))
        st.multiselect(
            "Entity types",
            labels,
            key=K_LABELS,
            format_func=lambda lab: charts.LABEL_NAMES.get(lab, lab),
            placeholder="All types",
        )
        st.number_input(
            "Minimum mentions per entity", min_value=1, max_value=filters.MAX_MIN_MENTIONS, step=1, key=K_MIN
        )
        st.radio(
            "Count as",
            attention.MEASURES,
            format_func=attention.LABELS.__getitem__,
            key=K_SHARE,
            horizontal=True,
            help="A share of each outlet's articles or words in the selection, so a large outlet does not "
            "dominate by volume alone.",
        )
        for notice in st.session_state.get(_NOTICES, []):
            st.info(notice, icon="ℹ️")
    current = Filters(
        docs=tuple(st.session_state.get(K_DOCS, [])),
        outlets=tuple(st.session_state.get(K_OUTLETS, [])),
        date_from=date_from,
        date_to=date_to,
        labels=tuple(st.session_state.get(K_LABELS, [])),
        min_mentions=int(st.session_state.get(K_MIN, 1)),
        undated=include_undated,
        languages=tuple(st.session_state.get(K_LANGUAGES, [])),
    )
    picked = st.session_state.get(_FOCUS)
    if picked is not None and not store.known(_FOCUS_KINDS[picked.kind], [picked.value]):
        picked = None
    return current, picked


def _fit_dates(bounds: tuple[dt.date, dt.date]) -> None:
    """Keep the chosen dates inside ``bounds``; an end that was at the previous bounds' edge (everything on that
    side) moves to the new edge, so articles added outside the old range are shown, while a narrowed end (a share
    link's, or the user's) stays where it was put."""
    previous = st.session_state.get(_DATE_BOUNDS)
    st.session_state[_DATE_BOUNDS] = bounds
    if K_DATES not in st.session_state:
        return
    low, high = st.session_state[K_DATES]
    if previous is not None:
        low = bounds[0] if low <= previous[0] else low
        high = bounds[1] if high >= previous[1] else high
    low, high = min(max(low, bounds[0]), bounds[1]), max(min(high, bounds[1]), bounds[0])
    st.session_state[K_DATES] = (low, high) if low <= high else bounds


def _undated_toggle(
    store: Store, date_from: dt.date | None, date_to: dt.date | None, picked: focus.Focus | None
) -> bool:
    """With a date range, say how many undated documents it leaves out and offer to keep them; True to keep them."""
    if date_from is None and date_to is None:
        return False
    others = Filters(
        docs=tuple(st.session_state.get(K_DOCS, [])),
        outlets=tuple(st.session_state.get(K_OUTLETS, [])),
        labels=tuple(st.session_state.get(K_LABELS, [])),
        min_mentions=int(st.session_state.get(K_MIN, 1)),
        languages=tuple(st.session_state.get(K_LANGUAGES, [])),
    )
    undated = store.ask(questions.dating, Selection(others, picked)).undated
    if not undated:
        return False
    keep = st.toggle(f"Include {undated:,} undated document(s)", key=K_UNDATED)
    if not keep:
        st.caption(f"The date range leaves out {undated:,} undated document(s).")
    return bool(keep)


def _show_added(added: Tables, catalog: Catalog) -> None:
    """After an upload: make sure the filters show the new articles, and say what was added."""
    new_outlets = sorted(set(added.documents["outlet"].dropna()) & set(catalog.outlets))
    chosen = st.session_state.get(K_OUTLETS, [])
    if chosen:
        st.session_state[K_OUTLETS] = list(dict.fromkeys([*chosen, *new_outlets]))
    if st.session_state.get(K_DOCS):
        st.session_state[K_DOCS] = []
    dates = added.documents["published"].dropna()
    n_docs = len(added.documents)
    span = f", dated {dates.min().date()} to {dates.max().date()}" if len(dates) else ""
    undated = n_docs - len(dates)
    unnamed = int(added.documents["outlet"].isna().sum())
    if chosen and unnamed:
        st.info(f"{unnamed:,} of them name no outlet: they show when no outlet is chosen.", icon="ℹ️")
    st.success(
        f"Added {n_docs:,} article(s) from {len(new_outlets):,} outlet(s) "
        f"({safe.md(', '.join(new_outlets[:5]))}{', …' if len(new_outlets) > 5 else ''}){span}"
        + (f"; {undated:,} undated" if undated else "")
        + ". The filters now include them.",
        icon="📥",
    )


def _document_options(store: Store, catalog: Catalog) -> dict[str, str]:
    """Document ids offered in the list, with their titles: all of a small corpus; for a large one, the first
    ``MAX_DOC_OPTIONS`` of the chosen outlets and dates, and whichever are chosen already."""
    chosen = [str(d) for d in st.session_state.get(K_DOCS, [])]
    if not store.large:
        page = store.ask(questions.documents, Selection(), limit=catalog.n_docs).rows
    else:
        narrowed = Filters(outlets=tuple(st.session_state.get(K_OUTLETS, [])))
        page = store.ask(questions.documents, Selection(narrowed), limit=MAX_DOC_OPTIONS).rows
        if chosen:
            known = store.ask(questions.documents, Selection(Filters(docs=tuple(chosen))), limit=len(chosen)).rows
            page = pd.concat([page, known], ignore_index=True).drop_duplicates("doc_id")
    return dict(zip(page["doc_id"], page["title"].fillna(page["doc_id"])))


def _status(view: View) -> None:
    store, selection = view.store, view.selection
    with st.sidebar:
        matching = store.ask(questions.documents, selection, limit=0).total
        st.caption(f"**{matching:,} of {view.catalog.n_docs:,} documents** match the filters.")
        if view.focus is not None:
            st.button(f"✕ Clear focus ({safe.md(view.focus_label())})", on_click=clear_focus, width="stretch")
        # In a popover, the code block (and its 1.5 MB highlighter script) loads when asked for, not while
        # the browser is fetching the first chart's Plotly.
        with st.popover("Share this view", icon=":material/share:", width="stretch"):
            st.code(share_link(selection, measure=view.measure), language=None, wrap_lines=True)
        label = (
            "Download filtered tables (CSV)"
            if not store.large
            else f"Download filtered tables (CSV, first {FRAME_DOCS:,} documents)"
        )
        with st.expander(label):
            # One button for the chosen table: the file is made only when it is clicked.
            name = st.radio("Table", list(schema.TABLES), key="download_table", horizontal=True)
            made = _frame_of(store, selection, name)
            downloads.csv_button(made, name=name, label=f"{name}.csv", key="download_filtered")


def _write_url(wanted: dict[str, list[str]]) -> None:
    """Put the filters and focus in the URL and drop any other parameter, except the views' own: those are bound to
    their widgets, which Streamlit alone may change (it refuses to set or delete them, even to the same value)."""
    for key in list(st.query_params):
        if key not in wanted and key not in VIEW_PARAMS:
            del st.query_params[key]
    for key, values in wanted.items():
        if st.query_params.get_all(key) != values:
            st.query_params[key] = values


def share_link(selection: Selection, *, measure: attention.Measure = "count") -> str:
    """The address that reopens this view: the page, its filters, focus, count measure and the view's own
    parameters."""
    query = urlencode(
        {
            **filters.to_query(selection.filters),
            **focus.to_param(selection.focus),
            **attention.to_query(measure),
            **view_params(),
        },
        doseq=True,
    )
    base = st.context.url or ""
    return f"{base}?{query}" if query else base


def view_params() -> dict[str, list[str]]:
    """The views' own parameters as their widgets hold them now."""
    return _view_params(widgets=True)


def _view_params(*, widgets: bool = False) -> dict[str, list[str]]:
    """The views' own parameters in the URL, a bounded number of bounded values each; with ``widgets``, as their
    widgets hold them now (for the share link: Streamlit refuses to set a bound parameter through the URL)."""
    kept = {key: st.query_params.get_all(key)[: filters.MAX_VALUES] for key in VIEW_PARAMS if key in st.query_params}
    # A widget's value reaches the URL after the run that changed it: the share link takes it from the widget.
    for key in VIEW_PARAMS if widgets else ():
        value = st.session_state.get(key)
        if isinstance(value, str):
            kept[key] = [value] if value else []
    return {key: [v for v in values if len(v) <= filters.MAX_CHARS] for key, values in kept.items() if values}


def _frame_of(store: Store, selection: Selection, name: str) -> Callable[[], pd.DataFrame]:
    """Makes table ``name`` of the selection when called: only when its download is clicked."""
    return lambda: getattr(store.frames(selection, max_docs=FRAME_DOCS).tables, name)


def _keep_known(key: str, allowed) -> None:
    """Drop widget values no longer on offer (e.g. after switching to uploads only)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
