"""Uploaded text is shown as text: no article, title, outlet or file name reaches HTML or Markdown rendering,
and plotly labels escape it. The hostile files go through the real upload widget (AppTest), then every view
is rendered and everything Streamlit would render as Markdown, and every chart's labels, is checked."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scripts.hostile_inputs import SENTENCE, cases
from tests.conftest import ROOT

TIMEOUT = 300
VIEWS = ("overview", "entities", "keywords", "sources", "places", "naming", "documents")
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 1">'
MD_IMAGE = "![seen](http://outside.example/pixel.png)"
HOSTILE_NAME = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**.txt"
# Markdown or HTML that would render as a tag, an image or a link, once escaped characters are removed.
_LIVE_MARKUP = re.compile(r"<[A-Za-z!/]|!\[|\]\(")
_LIVE_HTML = re.compile(r"<\s*(?:script|img|iframe|svg|a\s|object|embed|style)", re.IGNORECASE)
_MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "error",
    "success",
    "toast",
)
_NOT_DRAWN = frozenset({"customdata", "legendgroup", "uid", "ids", "meta", "uirevision"})
_LABELLED = (
    "button",
    "selectbox",
    "multiselect",
    "radio",
    "text_input",
    "number_input",
    "slider",
    "toggle",
    "checkbox",
    "expander",
    "tabs",
    "metric",
)


def hostile_rows() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "title", "outlet", "author", "url", "text"])
    writer.writeheader()
    writer.writerow(
        {
            "id": "row<1>",
            "title": f"{SCRIPT} {MD_IMAGE}",
            "outlet": f"{IMG} Gazette",
            "author": "**[click me](http://outside.example/)**",
            "url": "javascript:alert(1)",
            "text": f"{SENTENCE} Officials in Baku and Yerevan said {SCRIPT} the talks in Gyumri went well. {MD_IMAGE}",
        }
    )
    return out.getvalue().encode()


def uploads() -> list[tuple[str, bytes, str]]:
    chosen = {c.case: c for c in cases()}
    files = [
        (
            "script.txt",
            f"Talks {SCRIPT}\n\n{SENTENCE} {IMG} {MD_IMAGE}\n[click](javascript:alert(1))".encode(),
            "text/plain",
        ),
        ("rows.csv", hostile_rows(), "text/csv"),
        (HOSTILE_NAME, f"{SENTENCE} Nikol Pashinyan spoke in Yerevan.".encode(), "text/plain"),
        ("<img src=x onerror=alert(1)>.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "text/plain"),
    ]
    for case in ("HTML with script and img onerror", "Markdown image to an outside URL"):
        files.append((chosen[case].name, chosen[case].data, "text/plain"))
    return files


def app_script() -> None:
    import importlib

    import streamlit as st

    from dashboard import sidebar

    view = sidebar.prepare()
    if view is not None:
        importlib.import_module(f"dashboard.views.{st.session_state.get('test_view', 'overview')}").render(view)


def markdown_texts(at: AppTest) -> list[str]:
    texts = [str(e.value) for kind in _MARKDOWN_ELEMENTS for e in getattr(at, kind)]
    for kind in _LABELLED:
        for element in at.get(kind):
            texts.append(str(getattr(element, "label", "")))
            texts += [str(option) for option in getattr(element, "options", []) if kind == "radio"]
    return texts


def chart_strings(at: AppTest) -> list[str]:
    """Every string of every plotly chart's spec that plotly may draw (not data or identifiers such as customdata)."""
    found: list[str] = []

    def walk(node, key=""):
        if key in _NOT_DRAWN:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            found.append(node)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found


@pytest.fixture(scope="module")
def uploaded() -> AppTest:
    at = AppTest.from_function(app_script, default_timeout=TIMEOUT).run()
    at.sidebar.file_uploader[0].set_value(uploads()).run()
    next(b for b in at.sidebar.button if b.label == "Analyse uploads").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_hostile_uploads_are_analysed_and_the_bad_one_reported(uploaded):
    captions = [c.value for c in uploaded.sidebar.caption]
    assert "5 article(s) analysed from your uploads." in captions
    skipped = [w.value.replace("\\", "") for w in uploaded.sidebar.warning]
    assert any(s.startswith("Skipped <img src=x onerror=alert(1)>.txt: binary file") for s in skipped), skipped


@pytest.mark.parametrize("name", VIEWS)
def test_no_view_renders_uploaded_text_as_markdown_or_html(uploaded, name):
    uploaded.session_state["test_view"] = name
    uploaded.session_state["f_source"] = "My uploads"
    at = uploaded.run()
    assert not at.exception, [e.value for e in at.exception]
    for text in markdown_texts(at):
        live = _LIVE_MARKUP.search(re.sub(r"\\.", "", text))
        assert live is None, f"{name}: {text!r} would render {live.group()!r}"
    for text in chart_strings(at):
        assert not _LIVE_HTML.search(text), f"{name}: a chart draws {text!r} as markup"


def test_the_reader_shows_the_script_tag_as_plain_text(uploaded):
    uploaded.session_state["test_view"] = "documents"
    uploaded.session_state["f_source"] = "My uploads"
    at = uploaded.run()
    at.selectbox(key="reader_doc").select("upload:script").run()
    shown = "\n".join(t.value for t in at.text)
    assert SCRIPT in shown and "onerror" in shown, "the article is shown whole, as text"


def test_uploaded_markup_reaches_charts_only_escaped(uploaded):
    uploaded.session_state["test_view"] = "sources"
    uploaded.session_state["f_source"] = "My uploads"
    at = uploaded.run()
    strings = chart_strings(at)
    assert any("&lt;img src=x onerror" in s for s in strings), "the hostile outlet name is drawn, escaped"


def test_no_code_passes_text_to_html_rendering():
    """The dashboard never turns text into HTML: no unsafe_allow_html, st.html or components.html anywhere."""
    found = []
    for path in [ROOT / "streamlit_app.py", *sorted((ROOT / "dashboard").rglob("*.py"))]:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
                found.append(f"{path.name}:{node.value.lineno} unsafe_allow_html")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("html", "components", "iframe")
                and getattr(node.value, "id", "") == "st"
            ):
                found.append(f"{path.name}:{node.lineno} st.{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit.components"):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
    assert found == []
