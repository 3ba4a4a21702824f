"""Query parameters, upload names and typed text select only among what is loaded; none of them ever
becomes a file path. Opening files is watched with an audit hook while the app runs on hostile values."""

from __future__ import annotations

import os
import re
import sys

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data

TIMEOUT = 300
MARKER = "HOSTILE-7f3a"
TRAVERSALS = (
    f"../../../../etc/{MARKER}",
    f"..\\..\\windows\\{MARKER}",
    f"/etc/{MARKER}",
    f"%2e%2e%2f%2e%2e%2f{MARKER}",
    f"file:///tmp/{MARKER}",
    f"seeds/../../{MARKER}",
    f"{MARKER}\x00.txt",
)
_WATCHED = ("open", "os.", "shutil.", "glob.", "pathlib.", "tempfile.")
_touched: list[tuple[str, str]] = []
_watching: list[bool] = []


def _hook(event: str, args: tuple) -> None:
    if not _watching or not event.startswith(_WATCHED):
        return
    for arg in args:
        if isinstance(arg, (str, bytes, os.PathLike)) and MARKER in os.fsdecode(arg):
            _touched.append((event, os.fsdecode(arg)))


sys.addaudithook(_hook)


@pytest.fixture
def watched_files():
    """Record every file-system call on a path containing MARKER while the test runs."""
    _touched.clear()
    _watching.append(True)
    try:
        yield _touched
    finally:
        _watching.clear()


def app_script() -> None:
    import importlib

    import streamlit as st

    from dashboard import sidebar

    view = sidebar.prepare()
    if view is not None:
        importlib.import_module(f"dashboard.views.{st.session_state.get('test_view', 'overview')}").render(view)


def run(view: str, params: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_function(app_script, default_timeout=TIMEOUT)
    at.session_state["test_view"] = view
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def documents_metric(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Documents")


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.sidebar.info]


@pytest.mark.parametrize("value", TRAVERSALS, ids=range(len(TRAVERSALS)))
def test_traversal_strings_in_every_parameter_select_nothing_and_open_nothing(value, watched_files):
    params = {"doc": value, "outlet": value, "label": value, "from": value, "to": value, "min": value}
    params["focus"] = f"place:{value}"
    at = run("documents", params)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning or all("No document" not in w.value for w in at.warning)
    assert len(notices(at)) == len(params), "each ignored value is named in exactly one notice"
    assert watched_files == []


def test_very_long_and_repeated_parameters_are_bounded(watched_files):
    long = MARKER + "x" * 5_000
    params = {
        "doc": [long] + ["000_6c6c6295ee53b3af"] * 300,
        "outlet": ["Sputnik"] * 300,
        "focus": ["entity:" + long] * 20,
        "min": [long],
    }
    at = run("overview", params)
    assert not at.exception, [e.value for e in at.exception]
    assert documents_metric(at) == "0 of 5", "the known document and outlet are kept (they exclude each other)"
    shown = "\n".join(notices(at))
    assert len(shown) < 2_000 and long not in shown, "a notice quotes a value only in part"
    assert all(
        len(v) < 5_000
        for values in at.query_params.values()
        for v in (values if isinstance(values, list) else [values])
    )
    assert watched_files == []


def test_a_query_string_beyond_streamlits_limits_is_ignored_whole(watched_files):
    at = run("overview", {"doc": [MARKER] * 1500})
    assert not at.exception
    assert documents_metric(at) == "5 of 5"
    assert watched_files == []


@pytest.mark.parametrize(
    "value",
    [
        "![x](http://outside.example/p.png)",
        "<img src=x onerror=alert(1)>",
        "[link](javascript:alert(1))",
        "<script>alert(1)</script>",
    ],
)
@pytest.mark.parametrize("key", ["focus", "doc", "outlet", "from", "min"])
def test_notices_about_ignored_values_do_not_render_them(key, value):
    at = run("overview", {key: f"entity:{value}" if key == "focus" else value})
    assert not at.exception
    assert len(notices(at)) == 1, "the ignored value has its notice"
    for notice in notices(at):
        inert = re.sub(r"\\.", "", notice)
        assert not re.search(r"<[A-Za-z/]|!\[|\]\(", inert), notice


def test_upload_names_and_typed_text_never_become_paths(watched_files):
    corpus = data.load_uploads(
        [
            (f"../../../{MARKER}.txt", b"Talks in Baku on Monday."),
            (f"/etc/{MARKER}/x.csv", b"id,text\n1,Hello from Gyumri\n"),
        ]
    )
    assert {d.source for d in corpus.documents} == {f"{MARKER}.txt", "x.csv row 2"}
    at = run("documents", {})
    at.text_input(key="reader_search").input(f"../../{MARKER}").run()
    assert not at.exception
    assert watched_files == []


def test_the_audit_hook_sees_files_opened_by_name(tmp_path, watched_files):
    """The watch itself works: opening a file whose path holds the marker is recorded."""
    (tmp_path / f"{MARKER}.txt").write_text("x")
    assert watched_files and watched_files[0][1].endswith(f"{MARKER}.txt")
