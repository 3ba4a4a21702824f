"""Entry point: page config, the shared sidebar, and navigation between the views.

It sits at the repository root, Streamlit Community Cloud's default entry file,
so both packages import without path changes and ``static/`` (the offline map
basemap) is served next to it. Run: ``python -m streamlit run streamlit_app.py``.
"""

from __future__ import annotations

import streamlit as st

from dashboard import sidebar
from dashboard.views import distinctive, documents, entities, keywords, naming, network, overview, places, sources, timeline

# An emoji favicon: a Material one would be fetched from an outside font host.
st.set_page_config(page_title="News coverage", page_icon="🗞️", layout="wide")

view = sidebar.prepare()
if view is None:
    st.stop()

PAGES = (
    (overview, "Overview", "overview", ":material/dashboard:"),
    (entities, "Entities", "entities", ":material/groups:"),
    (keywords, "Keywords", "keywords", ":material/key:"),
    (sources, "Sources", "sources", ":material/newspaper:"),
    (places, "Map", "map", ":material/map:"),
    (naming, "Naming", "naming", ":material/translate:"),
    (distinctive, "Distinctive terms", "distinctive", ":material/compare_arrows:"),
    (network, "Co-mentions", "network", ":material/hub:"),
    (timeline, "Timeline", "timeline", ":material/timeline:"),
    (documents, "Documents", "documents", ":material/article:"),
)


def _page(module, title: str, path: str, icon: str) -> st.Page:
    def render() -> None:
        module.render(view)

    return st.Page(render, title=title, url_path=path, icon=icon, default=path == "overview")


st.navigation([_page(*page) for page in PAGES]).run()
