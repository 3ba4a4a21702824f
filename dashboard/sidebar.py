"""The shared sidebar: which corpus, the global filters, the share link and downloads.

The URL is the state of the view: query parameters are read once per session
into widget state; afterwards every run writes the current filters back, so the
address bar (and the share link) always reproduces what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from analysis import Tables
from dashboard import charts, data, downloads, filters, focus, safe
from dashboard.filters import Filters

UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "jsonl", "json"]
SOURCES = ("Bundled articles", "My uploads", "Both")
_URL_READ = "_url_read"
_NOTICES = "_url_notices"
_UPLOADS = "_uploads"
_UPLOAD_RESULTS = "_upload_results"
_UPLOAD_REPORT = "_upload_report"
MAX_UPLOAD_SETS = 3
_FOCUS = "_focus"
K_DOCS, K_OUTLETS, K_DATES, K_LABELS, K_MIN, K_SOURCE = "f_docs", "f_outlets", "f_dates", "f_labels", "f_min", "f_source"


@dataclass(frozen=True, slots=True)
class View:
    """What every page renders from: all loaded tables, the filtered ones, and the view's state."""

    all: Tables
    tables: Tables
    filters: Filters
    focus: focus.Focus | None
    colours: dict[str, str]


def prepare() -> View | None:
    """Load the corpus, draw the sidebar and return the view every page renders; None if nothing is loaded."""
    seeds = _seed_tables()
    with st.sidebar:
        _upload_panel()
        uploads = st.session_state.get(_UPLOADS)
        if uploads is not None:
            st.radio("Articles", SOURCES, key=K_SOURCE, index=2, horizontal=True)
    source = st.session_state.get(K_SOURCE, SOURCES[0]) if uploads is not None else SOURCES[0]
    chosen: dict[str, list[Tables | None]] = {SOURCES[0]: [seeds], SOURCES[1]: [uploads], SOURCES[2]: [seeds, uploads]}
    parts = chosen[source]
    everything = Tables.concat([p for p in parts if p is not None])
    if everything.documents.empty:
        st.info("No articles are loaded yet. Upload some in the sidebar to analyse them.")
        return None
    if not st.session_state.get(_URL_READ):
        _read_url(everything)
    current, picked = _filter_widgets(everything)
    filtered = filters.apply(everything, current)
    if picked is not None:
        filtered = filters.apply(filtered, Filters(docs=tuple(sorted(focus.docs_with(filtered, picked)))))
    st.query_params.from_dict({**filters.to_query(current), **focus.to_param(picked)})
    _status(everything, filtered, current, picked)
    return View(
        all=everything,
        tables=filtered,
        filters=current,
        focus=picked,
        colours=charts.outlet_colours(everything.documents["outlet"].fillna("(unknown)")),
    )


def set_outlet(outlet: str) -> None:
    """Narrow every view to one outlet (a chart click); callbacks may change widget state."""
    st.session_state[K_OUTLETS] = [outlet]


def set_focus(kind: str, value: str) -> None:
    st.session_state[_FOCUS] = focus.Focus(kind, value)


def clear_focus() -> None:
    st.session_state.pop(_FOCUS, None)


def _seed_tables() -> Tables:
    key = data.seeds_key()
    if not data.seeds_built(key):
        with st.status("Analysing the bundled articles (first start only)…", expanded=True) as status:
            bar = st.progress(0.0, text="Loading the language model and gazetteer…")
            data.build_seeds(key, progress=lambda done, total: bar.progress(done / total, text=f"Article {done} of {total}"))
            status.update(label="Bundled articles analysed", state="complete", expanded=False)
    return data.seed_tables(key)


def _upload_panel() -> None:
    with st.expander("Add your own articles", expanded=False):
        files = st.file_uploader(
            "Text, Markdown, HTML, CSV or JSONL files",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            help="One article per .txt/.md/.html file; CSV and JSONL need a `text` column. Uploads stay in this session.",
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
        if _UPLOAD_REPORT in st.session_state:
            count, errors = st.session_state[_UPLOAD_REPORT]
            st.caption(f"{count} article(s) analysed from your uploads.")
            for source, reason in errors:
                st.warning(f"Skipped {safe.md(source)}: {safe.md(reason)}", icon="⚠️")


def _read_url(tables: Tables) -> None:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    known_labels = sorted(tables.mentions["label"].dropna().unique())
    parsed, notices = filters.from_query(
        params,
        known_docs=set(tables.documents["doc_id"]),
        known_outlets=set(tables.documents["outlet"].dropna()),
        known_labels=known_labels,
        date_bounds=filters.date_bounds(tables.documents),
    )
    picked, focus_notices = focus.from_param(params.get(focus.PARAM, []), tables)
    st.session_state[K_DOCS] = list(parsed.docs)
    st.session_state[K_OUTLETS] = list(parsed.outlets)
    st.session_state[K_LABELS] = list(parsed.labels)
    st.session_state[K_MIN] = parsed.min_mentions
    if parsed.date_from or parsed.date_to:
        bounds = filters.date_bounds(tables.documents)
        if bounds:
            st.session_state[K_DATES] = (parsed.date_from or bounds[0], parsed.date_to or bounds[1])
    if picked:
        st.session_state[_FOCUS] = picked
    st.session_state[_NOTICES] = notices + focus_notices
    st.session_state[_URL_READ] = True


def _filter_widgets(tables: Tables) -> tuple[Filters, focus.Focus | None]:
    documents = tables.documents
    titles = dict(zip(documents["doc_id"], documents["title"].fillna(documents["doc_id"])))
    outlets = sorted(documents["outlet"].dropna().unique())
    labels = sorted(tables.mentions["label"].dropna().unique(), key=lambda lab: list(charts.LABEL_NAMES).index(lab) if lab in charts.LABEL_NAMES else 99)
    with st.sidebar:
        st.subheader("Filters")
        _keep_known(K_DOCS, titles)
        _keep_known(K_OUTLETS, outlets)
        _keep_known(K_LABELS, labels)
        st.multiselect("Outlets", outlets, key=K_OUTLETS, placeholder="All outlets")
        st.multiselect(
            "Documents", list(titles), key=K_DOCS, format_func=lambda d: _short(str(titles.get(d, d))), placeholder="All documents"
        )
        bounds = filters.date_bounds(documents)
        date_from = date_to = None
        if bounds and bounds[0] < bounds[1]:
            chosen = st.slider("Published", min_value=bounds[0], max_value=bounds[1], value=st.session_state.get(K_DATES, bounds), key=K_DATES, format="MMM YYYY")
            date_from = chosen[0] if chosen[0] > bounds[0] else None
            date_to = chosen[1] if chosen[1] < bounds[1] else None
        st.multiselect("Entity types", labels, key=K_LABELS, format_func=lambda lab: charts.LABEL_NAMES.get(lab, lab), placeholder="All types")
        st.number_input("Minimum mentions per entity", min_value=1, max_value=filters.MAX_MIN_MENTIONS, step=1, key=K_MIN)
        for notice in st.session_state.get(_NOTICES, []):
            st.info(notice, icon="ℹ️")
    current = Filters(
        docs=tuple(st.session_state.get(K_DOCS, [])),
        outlets=tuple(st.session_state.get(K_OUTLETS, [])),
        date_from=date_from,
        date_to=date_to,
        labels=tuple(st.session_state.get(K_LABELS, [])),
        min_mentions=int(st.session_state.get(K_MIN, 1)),
    )
    picked = st.session_state.get(_FOCUS)
    if picked is not None and picked.value not in focus.known(tables, picked.kind):
        picked = None
    return current, picked


def _status(everything: Tables, filtered: Tables, current: Filters, picked: focus.Focus | None) -> None:
    with st.sidebar:
        st.caption(f"**{len(filtered.documents)} of {len(everything.documents)} documents** match the filters.")
        if picked is not None:
            st.button(f"✕ Clear focus ({safe.md(picked.label(everything))})", on_click=clear_focus, width="stretch")
        query = urlencode({**filters.to_query(current), **focus.to_param(picked)}, doseq=True)
        base = st.context.url or ""
        st.caption("Share this view")
        st.code(f"{base}?{query}" if query else base, language=None, wrap_lines=True)
        with st.expander("Download filtered tables (CSV)"):
            for name, frame in filtered.as_dict().items():
                downloads.csv_button(frame, name=name, label=f"{name}.csv ({len(frame)} rows)", key=f"download_{name}")


def _keep_known(key: str, allowed) -> None:
    """Drop widget values no longer on offer (e.g. after switching to uploads only)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"

