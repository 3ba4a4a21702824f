"""Entry point: page config, the optional password gate, the shared sidebar, and navigation between the views.

It sits at the repository root, Streamlit Community Cloud's default entry file,
so both packages import without path changes and ``static/`` (the offline map
basemap) is served next to it. Run: ``python -m streamlit run streamlit_app.py``.
"""

from __future__ import annotations

import importlib

import streamlit as st

from analysis import ModelNotFoundError
from dashboard import access, data, interact, safe, sidebar

# An emoji favicon: a Material one would be fetched from an outside font host.
st.set_page_config(page_title="News coverage", page_icon="🗞️", layout="wide")

# Each view's module (under dashboard.views) is imported when its page is first shown: a launch then
# loads only what its first page draws with (the co-mentions' networkx, for one, only on that page).
PAGES = (
    ("overview", "Overview", "overview", ":material/dashboard:"),
    ("entities", "Entities", "entities", ":material/groups:"),
    ("keywords", "Keywords", "keywords", ":material/key:"),
    ("sources", "Sources", "sources", ":material/newspaper:"),
    ("places", "Map", "map", ":material/map:"),
    ("naming", "Naming", "naming", ":material/translate:"),
    ("distinctive", "Distinctive terms", "distinctive", ":material/compare_arrows:"),
    ("compare", "Compare A and B", "compare", ":material/compare:"),
    ("network", "Co-mentions", "network", ":material/hub:"),
    ("timeline", "Timeline", "timeline", ":material/timeline:"),
    ("documents", "Documents", "documents", ":material/article:"),
    ("search", "Search", "search", ":material/search:"),
)


def _page(module: str, title: str, path: str, icon: str) -> st.Page:
    def render() -> None:
        importlib.import_module(f"dashboard.views.{module}").render(view)

    return st.Page(render, title=title, url_path=path, icon=icon, default=path == "overview")


# Before anything is loaded: a visitor without the password sees nothing of the articles. The pages are
# declared (hidden) even then, so a share link still opens its view once the password is given.
passed = access.gate()
page = st.navigation([_page(*p) for p in PAGES], position="sidebar" if passed else "hidden")
if not passed:
    st.stop()

try:
    view = sidebar.prepare()
except ModelNotFoundError as err:
    st.error(
        f"The dashboard cannot analyse articles: {safe.md(err)}. "
        f"The model is chosen with the environment variable `{data.MODEL_ENV}`.",
        icon="🚫",
    )
    st.stop()
notice = data.storage_notice()
if notice:
    st.warning(safe.md(notice), icon="💾")
if view is None:
    st.stop()
interact.start_report()
page.run()
interact.report_button(view, title=page.title)
